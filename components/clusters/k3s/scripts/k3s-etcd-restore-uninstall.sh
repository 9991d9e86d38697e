#!/usr/bin/env bash
# Undo k3s-etcd-restore.sh: remove the record of the snapshot etcd was restored from (/var/lib/continuum/etcd-restored).
# Idempotent; needs no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-etcd-restore-uninstall
rm -f /var/lib/continuum/etcd-restored
rmdir /var/lib/continuum 2>/dev/null || true
echo "k3s-etcd-restore: nothing of it is left on $(hostname)"
