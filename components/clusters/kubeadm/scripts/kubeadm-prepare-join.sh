#!/usr/bin/env bash
# Runs on the first control-plane node before another node joins: makes sure the bootstrap
# token exists (it expires after 2h, so a node added weeks later gets a fresh one) and, for a
# control-plane joiner, uploads the control-plane certificates again under the certificate key
# (kubeadm deletes them after 2h). Idempotent. The token and the key reach kubeadm in a
# configuration file (0600, removed on exit), never in its argv; kubeadm's output, which
# holds them, is discarded.
#
# Params: TOKEN_ID (the token's public id), PREPARE_CONFIG (secret: an InitConfiguration with the
#         bootstrap token and, for a control-plane joiner, the certificate key),
#         UPLOAD_CERTS (true for a control-plane joiner).
# Uninstall: nothing.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-prepare-join
continuum_require TOKEN_ID PREPARE_CONFIG
[[ "$TOKEN_ID" =~ ^[a-z0-9]{6}$ ]] || continuum_die "TOKEN_ID '$TOKEN_ID' is not a bootstrap token id ([a-z0-9]{6})" "a bug in the caller"
kubeconfig=/etc/kubernetes/admin.conf
cfg=/etc/kubernetes/continuum-prepare-join.yaml
trap 'rm -f "$cfg"' EXIT
continuum_write_file "$cfg" 0600 "$PREPARE_CONFIG" >/dev/null

has_token() {
    local list
    list="$(/usr/local/bin/kubeadm token list --kubeconfig "$kubeconfig" 2>/dev/null || true)"
    [[ $'\n'"$list" == *$'\n'"$TOKEN_ID."* ]]
}
if ! has_token; then
    # Concurrent joiners race here; a second create fails because the token exists — that is fine.
    /usr/local/bin/kubeadm token create --config "$cfg" --kubeconfig "$kubeconfig" >/dev/null 2>&1 || has_token || \
        continuum_die "could not create the bootstrap token" "check the API server on $(hostname) (kubectl --kubeconfig $kubeconfig get --raw /readyz)"
fi

if [[ "${UPLOAD_CERTS:-false}" == true ]]; then
    /usr/local/bin/kubeadm init phase upload-certs --upload-certs --skip-certificate-key-print --config "$cfg" --kubeconfig "$kubeconfig" >/dev/null 2>&1 || \
        continuum_die "could not upload the control-plane certificates for the joining control plane" \
            "check the API server on $(hostname) (kubectl --kubeconfig $kubeconfig get --raw /readyz) and run pulumi up again"
fi
echo "join prepared"
