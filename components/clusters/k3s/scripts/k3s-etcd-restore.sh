#!/usr/bin/env bash
# Restore the cluster's etcd from a snapshot on the first K3s server (clusters[].restoreFrom):
# stop K3s, `k3s server --cluster-reset --cluster-reset-restore-path=<snapshot>` (K3s resets the
# etcd membership to this node and loads the snapshot, then exits), start K3s and wait for the API.
# The snapshot arrives as a pinned artifact (sha256 checked before anything runs). Restored once
# per snapshot: its sha256 is recorded, and a second run with the same snapshot changes nothing.
# K3s needs the token of the cluster the snapshot came from: the program makes it the cluster's
# token (the `token` file copied beside the snapshot), so config.yaml's token-file holds it.
#
# Params (stdin env file):
#   NODE_NAME         the node, for messages
#   ARTIFACT_SNAPSHOT the snapshot file next to this script (+ ARTIFACT_SNAPSHOT_SHA256)
#   WAIT_SECONDS      how long to wait for the API after the restore (default 300)
# Uninstall: k3s-etcd-restore-uninstall.sh (removes the record; k3s-uninstall.sh removes the data).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-etcd-restore
continuum_require NODE_NAME ARTIFACT_SNAPSHOT ARTIFACT_SNAPSHOT_SHA256
wait_s="${WAIT_SECONDS:-300}"
bin=/usr/local/bin/k3s
marker=/var/lib/continuum/etcd-restored

if [[ "$(cat "$marker" 2>/dev/null || true)" == "$ARTIFACT_SNAPSHOT_SHA256" ]]; then
    echo "etcd on $NODE_NAME was restored from this snapshot already"
    exit 0
fi
[[ -x "$bin" ]] || continuum_die "K3s is not installed on $NODE_NAME" "run pulumi up again: the install step comes first"
continuum_log "restoring etcd on $NODE_NAME from $(basename "$ARTIFACT_SNAPSHOT") (sha256 $ARTIFACT_SNAPSHOT_SHA256)"
systemctl stop k3s
if ! "$bin" server --cluster-reset --cluster-reset-restore-path="$ARTIFACT_SNAPSHOT" >&2; then
    systemctl start k3s || true
    continuum_die "k3s --cluster-reset from the snapshot failed on $NODE_NAME" \
        "read K3s's message above; a wrong token is the usual cause: keep the 'token' file that came with the snapshot beside it"
fi
mkdir -p /var/lib/continuum
continuum_write_file "$marker" 0600 "$ARTIFACT_SNAPSHOT_SHA256" >/dev/null
systemctl start k3s
continuum_wait "$wait_s" "the K3s API on $NODE_NAME after the restore (journalctl -u k3s)" "$bin" kubectl get --raw /readyz
echo "etcd on $NODE_NAME restored from $(basename "$ARTIFACT_SNAPSHOT")"
