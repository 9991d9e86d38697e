#!/usr/bin/env bash
# Rotate this K3s server's certificates when the spec's rotation epoch
# (clusters[].certificates.rotate) differs from the one recorded here: stop K3s,
# `k3s certificate rotate`, start it and wait for the API. Servers converge one at a time, so the
# cluster keeps its API. Runs before k3s-install.sh: on a host without a running K3s (a new node,
# whose certificates are about to be made) the epoch is only recorded. Idempotent: a second run
# with the same epoch changes nothing.
#
# Params (stdin env file):
#   NODE_NAME       the node, for messages
#   ROTATE_EPOCH    the spec's rotation epoch (0, 1, 2, …)
#   WAIT_SECONDS    how long to wait for the API after the rotation (default 300)
# Uninstall: k3s-cert-rotate-uninstall.sh (removes the record).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-cert-rotate
continuum_require NODE_NAME ROTATE_EPOCH
[[ "$ROTATE_EPOCH" =~ ^[0-9]{1,9}$ ]] || continuum_die "ROTATE_EPOCH '$ROTATE_EPOCH' is not a whole number" "set clusters[].certificates.rotate to 0, 1, 2, …"
wait_s="${WAIT_SECONDS:-300}"
bin=/usr/local/bin/k3s
record=/var/lib/continuum/cert-rotate-epoch

recorded="$(cat "$record" 2>/dev/null || true)"
if [[ "$recorded" == "$ROTATE_EPOCH" ]]; then
    echo "certificates of $NODE_NAME are at rotation epoch $ROTATE_EPOCH"
    exit 0
fi
if [[ -x "$bin" ]] && systemctl is-active --quiet k3s && [[ "$ROTATE_EPOCH" != 0 || -n "$recorded" ]]; then
    continuum_log "rotating the certificates of $NODE_NAME (epoch ${recorded:-0} → $ROTATE_EPOCH)"
    systemctl stop k3s
    if ! "$bin" certificate rotate >&2; then
        systemctl start k3s || true
        continuum_die "k3s certificate rotate failed on $NODE_NAME" "read K3s's message above; run pulumi up again after fixing it"
    fi
    systemctl start k3s
    continuum_wait "$wait_s" "the K3s API on $NODE_NAME after the certificate rotation (journalctl -u k3s)" "$bin" kubectl get --raw /readyz
fi
mkdir -p /var/lib/continuum
continuum_write_file "$record" 0644 "$ROTATE_EPOCH" >/dev/null
echo "certificates of $NODE_NAME are at rotation epoch $ROTATE_EPOCH"
