#!/usr/bin/env bash
# Undo k3s-cert-rotate.sh: remove the recorded certificate rotation epoch (/var/lib/continuum/cert-rotate-epoch).
# Idempotent; needs no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-cert-rotate-uninstall
rm -f /var/lib/continuum/cert-rotate-epoch
rmdir /var/lib/continuum 2>/dev/null || true
echo "k3s-cert-rotate: nothing of it is left on $(hostname)"
