#!/usr/bin/env bash
# Undo kubeadm-etcd-backup.sh: stop and remove the snapshot timer and service, the snapshot script,
# etcdctl and etcdutl, and the recorded change. The snapshots stay in /var/lib/continuum/etcd-snapshots
# (they are what a restore needs; kubeadm-uninstall.sh does not touch them either).
# Idempotent; needs no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-backup-uninstall

continuum_etcd_snapshot_timer_remove /usr/local/lib/continuum/kubeadm-etcd-snapshot.sh \
    /usr/local/bin/etcdctl /usr/local/bin/etcdutl
rmdir /usr/local/lib/continuum 2>/dev/null || true
systemctl daemon-reload
echo "etcd snapshot timer removed from $(hostname)"
