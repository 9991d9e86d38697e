#!/usr/bin/env bash
# Undo kubeadm-etcd-restore.sh: remove the record of the restore and a restore still staged. The
# restored data is the cluster's own now (kubeadm-uninstall.sh removes it with the cluster).
# Idempotent; needs no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-restore-uninstall
rm -rf -- /var/lib/continuum/etcd-restore
rm -f /var/lib/continuum/etcd-restored
echo "etcd restore record removed from $(hostname)"
