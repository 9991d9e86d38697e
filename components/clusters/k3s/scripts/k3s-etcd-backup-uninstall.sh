#!/usr/bin/env bash
# Undo k3s-etcd-backup.sh: stop and remove the snapshot timer and service and the recorded
# change. The snapshots stay (K3s's snapshot directory; k3s-uninstall.sh removes it with K3s).
# Idempotent; needs no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-etcd-backup-uninstall

continuum_etcd_snapshot_timer_remove
rmdir /var/lib/continuum 2>/dev/null || true
systemctl daemon-reload
echo "etcd snapshot timer removed from $(hostname)"
