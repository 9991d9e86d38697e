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
#   EVICTION_HARD (optional)   edgecore's hard eviction thresholds, `{signal:threshold,...}` as
#                              keadm's --set takes a map (rendered by edge-node-config.ts keadmMap)
# The token never reaches keadm's argv (`ps` shows it): keadm 1.23 takes it only as --token, so it
# is not passed. keadm then writes an empty bootstrap file (/etc/kubeedge/bootstrap-edgecore.conf)
# before edgecore's configuration, and edgecore reads its token from that file at every start
# (kubeedge v1.23.0: keadm/cmd/keadm/app/cmd/edge/join_others.go, edge/cmd/edgecore/app/server.go):
# once keadm has written the configuration, the token goes into that file (0600) and edgecore is
# restarted; keadm removes the file when edgecore holds its certificates.
# A join that fails is undone at once (keadm reset); one that was killed is undone by the next run
# (the join parameters are recorded only after a join succeeded), which joins again.
# Uninstall: keadm-reset.sh.
set -euo pipefail
# shellcheck source=../../hosts/scripts/continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init keadm-join
continuum_require ARTIFACT_KEADM TOKEN EDGENODE_NAME CLOUDCORE_IPPORT CERT_PORT TUNNEL_SERVER \
    KUBEEDGE_VERSION CGROUP_DRIVER REMOTE_RUNTIME_ENDPOINT
# The parameters arrive exported; the token stays a shell variable, out of keadm's environment.
export -n TOKEN

STATE_DIR=/etc/continuum/keadm
mkdir -p "$STATE_DIR"
# edgecore's kubelet creates its volume-plugin directory; keadm-reset.sh removes it only if the
# host did not have it before the first join.
if [[ ! -e "$STATE_DIR/libexec" ]]; then
    if [[ -e /usr/libexec/kubernetes ]]; then echo kept >"$STATE_DIR/libexec"; else echo created >"$STATE_DIR/libexec"; fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$ARTIFACT_KEADM" -C "$work"
keadm_bin="$(find "$work" -type f -name keadm -perm -u+x | head -n 1)"
[[ -n "$keadm_bin" ]] || continuum_die "$(basename "$ARTIFACT_KEADM") holds no keadm binary" "check the keadm pin (the stack's artifacts.keadm, else continuum's version table): it must be the keadm-v<version>-linux-<arch>.tar.gz release archive"
continuum_install_binary "$keadm_bin" /usr/local/bin/keadm >/dev/null

# The join parameters (not the token: a new token does not need a new join).
# EVICTION_HARD counts only when given, so nodes joined before it existed keep their stamp.
stamp="$({
    printf '%s\n' "$EDGENODE_NAME" "$CLOUDCORE_IPPORT" "$CERT_PORT" "$TUNNEL_SERVER" "$KUBEEDGE_VERSION" \
        "$CGROUP_DRIVER" "$REMOTE_RUNTIME_ENDPOINT" "${LABELS:-}" "${IMAGE_REPOSITORY:-}"
    [[ -z "${EVICTION_HARD:-}" ]] || printf 'eviction-hard %s\n' "$EVICTION_HARD"
} | sha256sum | cut -d' ' -f1)"
if [[ -f "$STATE_DIR/stamp" && "$(cat "$STATE_DIR/stamp")" == "$stamp" ]] && systemctl is-active --quiet edgecore; then
    exit 0
fi

# Not joined with these parameters (or edgecore is down): start clean; keadm refuses a non-empty
# /etc/kubeedge. The record goes first: an attempt that does not finish is never taken as joined.
rm -f "$STATE_DIR/stamp"
leave() {
    /usr/local/bin/keadm reset edge --force --remote-runtime-endpoint="$REMOTE_RUNTIME_ENDPOINT" >&2 || true
    rm -rf /etc/kubeedge
}
if [[ -e /etc/kubeedge ]] && [[ -n "$(ls -A /etc/kubeedge 2>/dev/null)" ]]; then
    leave
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
    # keadm's --set takes the JSON names: EdgeStream.TunnelServer is `server` (kubeedge/api v1.23.0).
    --set="modules.edgeStream.server=$TUNNEL_SERVER"
)
[[ -z "${LABELS:-}" ]] || args+=(--labels="$LABELS")
[[ -z "${IMAGE_REPOSITORY:-}" ]] || args+=(--image-repository="$IMAGE_REPOSITORY")
[[ -z "${EVICTION_HARD:-}" ]] || args+=(--set="modules.edged.tailoredKubeletConfig.evictionHard=$EVICTION_HARD")

bootstrap=/etc/kubeedge/bootstrap-edgecore.conf
edge_config=/etc/kubeedge/config/edgecore.yaml
trap 'rm -rf "$work"; rm -f "$bootstrap"' EXIT
/usr/local/bin/keadm "${args[@]}" >&2 &
keadm_pid=$!
delivered=""
while kill -0 "$keadm_pid" 2>/dev/null; do
    if [[ -z "$delivered" && -f "$edge_config" ]]; then
        # keadm wrote the bootstrap file before the configuration: replace it with the token.
        tmp="$(mktemp /etc/kubeedge/.bootstrap.XXXXXX)"
        chmod 0600 "$tmp"
        printf '%s\n' "$TOKEN" >"$tmp"
        mv -f "$tmp" "$bootstrap"
        delivered=yes
        if systemctl list-unit-files edgecore.service >/dev/null 2>&1; then
            systemctl restart edgecore >/dev/null 2>&1 || true
        fi
    fi
    sleep 1
done
status=0
wait "$keadm_pid" || status=$?
if [[ "$status" -ne 0 || -z "$delivered" ]]; then
    leave
    why="exit $status"
    [[ "$status" -ne 0 ]] || why="it ended without writing the edgecore configuration"
    continuum_die "keadm join to $CLOUDCORE_IPPORT failed ($why); the attempt was undone (keadm reset)" \
        "check that this host reaches CloudCore on $CLOUDCORE_IPPORT and $CERT_PORT, that the token is current, and journalctl -u edgecore; then run pulumi up again"
fi
continuum_wait 120 "edgecore to run" systemctl is-active --quiet edgecore
printf '%s\n' "$stamp" >"$STATE_DIR/stamp"
