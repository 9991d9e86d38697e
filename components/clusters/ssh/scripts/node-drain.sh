#!/usr/bin/env bash
# Rolling upgrade, step 1 of 3 (on a control-plane node): when the node's kubelet is not yet
# on TARGET_VERSION, refuse a skipped or downgraded minor, then cordon and drain it (with a
# timeout) and mark it so node-reconcile.sh uncordons it after the upgrade. A node already on
# TARGET_VERSION (every first install) is left alone.
#
# Params: KUBECTL_FLAVOR, NODE_NAME, TARGET_VERSION, DRAIN_TIMEOUT (seconds, default 300).
# Uninstall: nothing (node-remove.sh removes nodes).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init node-drain
continuum_require KUBECTL_FLAVOR NODE_NAME TARGET_VERSION
timeout_s="${DRAIN_TIMEOUT:-300}"

if ! continuum_kubectl get node "$NODE_NAME" >/dev/null 2>&1; then
    echo "node $NODE_NAME is not registered yet; nothing to drain"
    exit 0
fi
current="$(continuum_kubectl get node "$NODE_NAME" -o 'jsonpath={.status.nodeInfo.kubeletVersion}')"
if [[ "$current" == "$TARGET_VERSION" ]]; then
    echo "node $NODE_NAME already runs $TARGET_VERSION"
    exit 0
fi
continuum_check_minor_step "$current" "$TARGET_VERSION" "node $NODE_NAME"

continuum_kubectl annotate node "$NODE_NAME" --overwrite continuum.dev/cordoned-for-upgrade=true >/dev/null
continuum_kubectl cordon "$NODE_NAME" >/dev/null
if ! continuum_kubectl drain "$NODE_NAME" --ignore-daemonsets --delete-emptydir-data --force --timeout="${timeout_s}s"; then
    continuum_die "drain of $NODE_NAME for the upgrade to $TARGET_VERSION did not finish in ${timeout_s}s; the node stays cordoned and is not upgraded" \
        "find the pods that cannot be evicted (kubectl get pdb -A), fix them, and run pulumi up again"
fi
echo "node $NODE_NAME cordoned and drained for $current -> $TARGET_VERSION"
