#!/usr/bin/env bash
# Undo kubeadm-etcd-restore.sh: remove the record of the restore, a restore still staged, and
# etcdctl/etcdutl unless the snapshot timer (kubeadm-etcd-backup.sh) still uses them. The restored
# data is the cluster's own now (kubeadm-uninstall.sh removes it with the cluster).
# Idempotent; needs no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-restore-uninstall
rm -rf -- /var/lib/continuum/etcd-restore
rm -f /var/lib/continuum/etcd-restored
[[ -f /etc/systemd/system/continuum-etcd-snapshot.timer ]] || rm -f /usr/local/bin/etcdctl /usr/local/bin/etcdutl
echo "etcd restore record removed from $(hostname)"
