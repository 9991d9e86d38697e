#!/usr/bin/env bash
# Undo k3s-kube-vip.sh: delete kube-vip's objects while the API answers (K3s does not delete what
# a removed manifest created), then remove the manifest. Idempotent; needs no parameters.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-kube-vip-uninstall
file=/var/lib/rancher/k3s/server/manifests/continuum-kube-vip.yaml
if [[ -f "$file" ]]; then
    if [[ -x /usr/local/bin/k3s ]] && /usr/local/bin/k3s kubectl --request-timeout=30s get --raw /readyz >/dev/null 2>&1; then
        /usr/local/bin/k3s kubectl --request-timeout=30s delete --ignore-not-found -f "$file" >&2 ||
            continuum_log "WARNING: could not delete kube-vip's objects; delete them by hand (kubectl -n kube-system delete daemonset kube-vip)"
    fi
    rm -f "$file"
fi
echo "kube-vip removed from $(hostname)"
