#!/usr/bin/env bash
# Join this host to CloudCore as a KubeEdge edge node with the pinned keadm. Idempotent: when
# edgecore already runs with the same join parameters nothing happens; when they changed the
# node is reset and joined again.
#
# Params (stdin env file, rendered by components/edge/edge-node-config.ts):
#   ARTIFACT_KEADM (+ _SHA256)  pinned keadm archive, verified first
#   TOKEN                      join token (secret: arrives only on stdin)
#   EDGENODE_NAME, CLOUDCORE_IPPORT, CERT_PORT, TUNNEL_SERVER, KUBEEDGE_VERSION,
#   CGROUP_DRIVER, REMOTE_RUNTIME_ENDPOINT, LABELS, IMAGE_REPOSITORY (optional)
# keadm takes the token only as --token: it is in keadm's argv on this host while it runs
# (never in the SSH command line, the Pulumi state or logs).
# Uninstall: keadm-reset.sh.
set -euo pipefail
# shellcheck source=../../hosts/scripts/continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init keadm-join
continuum_require ARTIFACT_KEADM TOKEN EDGENODE_NAME CLOUDCORE_IPPORT CERT_PORT TUNNEL_SERVER \
    KUBEEDGE_VERSION CGROUP_DRIVER REMOTE_RUNTIME_ENDPOINT

STATE_DIR=/etc/continuum/keadm
mkdir -p "$STATE_DIR"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$ARTIFACT_KEADM" -C "$work"
keadm_bin="$(find "$work" -type f -name keadm -perm -u+x | head -n 1)"
[[ -n "$keadm_bin" ]] || continuum_die "$(basename "$ARTIFACT_KEADM") holds no keadm binary" "check the keadm entry in components/version-table.ts"
continuum_install_binary "$keadm_bin" /usr/local/bin/keadm >/dev/null

# The join parameters (not the token: a new token does not need a new join).
stamp="$(printf '%s\n' "$EDGENODE_NAME" "$CLOUDCORE_IPPORT" "$CERT_PORT" "$TUNNEL_SERVER" "$KUBEEDGE_VERSION" \
    "$CGROUP_DRIVER" "$REMOTE_RUNTIME_ENDPOINT" "${LABELS:-}" "${IMAGE_REPOSITORY:-}" | sha256sum | cut -d' ' -f1)"
if [[ -f "$STATE_DIR/stamp" && "$(cat "$STATE_DIR/stamp")" == "$stamp" ]] && systemctl is-active --quiet edgecore; then
    exit 0
fi

# Joined before with other parameters (or edgecore is down): start clean; keadm refuses a non-empty /etc/kubeedge.
if [[ -e /etc/kubeedge ]] && [[ -n "$(ls -A /etc/kubeedge 2>/dev/null)" ]]; then
    /usr/local/bin/keadm reset edge --force --remote-runtime-endpoint="$REMOTE_RUNTIME_ENDPOINT" >&2 || true
    rm -rf /etc/kubeedge
fi

args=(
    join
    --cloudcore-ipport="$CLOUDCORE_IPPORT"
    --certport="$CERT_PORT"
    --edgenode-name="$EDGENODE_NAME"
    --kubeedge-version="$KUBEEDGE_VERSION"
    --cgroupdriver="$CGROUP_DRIVER"
    --remote-runtime-endpoint="$REMOTE_RUNTIME_ENDPOINT"
    --set="modules.edgeStream.enable=true"
    --set="modules.edgeStream.tunnelServer=$TUNNEL_SERVER"
)
[[ -z "${LABELS:-}" ]] || args+=(--labels="$LABELS")
[[ -z "${IMAGE_REPOSITORY:-}" ]] || args+=(--image-repository="$IMAGE_REPOSITORY")

if ! /usr/local/bin/keadm "${args[@]}" --token="$TOKEN" >&2; then
    continuum_die "keadm join to $CLOUDCORE_IPPORT failed" \
        "check that this host reaches CloudCore on $CLOUDCORE_IPPORT and $CERT_PORT, that the token is current, and journalctl -u edgecore"
fi
continuum_wait 120 "edgecore to run" systemctl is-active --quiet edgecore
printf '%s\n' "$stamp" >"$STATE_DIR/stamp"
