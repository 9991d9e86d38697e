#!/usr/bin/env bash
# Undo kubeadm-cert-rotate.sh: remove the recorded rotation epoch (the renewed certificates stay:
# they are the cluster's; kubeadm-uninstall.sh removes them with it). Idempotent; no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-cert-rotate-uninstall
rm -f /var/lib/continuum/cert-rotate-epoch
echo "certificate rotation record removed from $(hostname)"
