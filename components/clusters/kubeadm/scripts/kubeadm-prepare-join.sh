#!/usr/bin/env bash
# Runs on the first control-plane node before another node joins: makes sure the bootstrap
# token exists (it expires after 2h, so a node added weeks later gets a fresh one) and, for a
# control-plane joiner, uploads the control-plane certificates again under the certificate key
# (kubeadm deletes them after 2h). Idempotent.
#
# Params: BOOTSTRAP_TOKEN (secret), CERTIFICATE_KEY (secret, control-plane joins only).
# Uninstall: nothing.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-prepare-join
continuum_require BOOTSTRAP_TOKEN
kubeconfig=/etc/kubernetes/admin.conf
token_id="${BOOTSTRAP_TOKEN%%.*}"

has_token() {
    local list
    list="$(/usr/local/bin/kubeadm token list --kubeconfig "$kubeconfig" 2>/dev/null || true)"
    [[ $'\n'"$list" == *$'\n'"$token_id."* ]]
}
if ! has_token; then
    # Concurrent joiners race here; a second create fails because the token exists — that is fine.
    /usr/local/bin/kubeadm token create "$BOOTSTRAP_TOKEN" --ttl 2h --kubeconfig "$kubeconfig" >/dev/null 2>&1 || has_token || \
        continuum_die "could not create the bootstrap token" "check the API server on $(hostname) (kubectl --kubeconfig $kubeconfig get --raw /readyz)"
fi

if [[ -n "${CERTIFICATE_KEY:-}" ]]; then
    /usr/local/bin/kubeadm init phase upload-certs --upload-certs --certificate-key "$CERTIFICATE_KEY" --kubeconfig "$kubeconfig" >/dev/null
fi
echo "join prepared"
