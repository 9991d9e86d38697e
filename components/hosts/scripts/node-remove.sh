#!/usr/bin/env bash
# Runs on a control-plane node when a node leaves the spec (or on destroy): drain it with a
# timeout (forced, without eviction, when it is unreachable or eviction stalls), then delete
# the Node object. Never blocks: an unreachable API or a missing Node is a warning, not a failure.
#
# Params: KUBECTL_FLAVOR, NODE_NAME, DRAIN_TIMEOUT (seconds, default 120).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init node-remove
continuum_require KUBECTL_FLAVOR NODE_NAME
timeout_s="${DRAIN_TIMEOUT:-120}"

if ! continuum_kubectl get --raw /readyz >/dev/null 2>&1; then
    continuum_log "WARNING: the API does not answer here; not draining $NODE_NAME (its Node object may remain)"
    exit 0
fi
if ! continuum_kubectl get node "$NODE_NAME" >/dev/null 2>&1; then
    continuum_log "node $NODE_NAME is not registered; nothing to drain"
    exit 0
fi

ready="$(continuum_kubectl get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' || true)"
common=(--ignore-daemonsets --delete-emptydir-data --force)
if [[ "$ready" == "True" ]]; then
    if ! continuum_kubectl drain "$NODE_NAME" "${common[@]}" --timeout="${timeout_s}s"; then
        continuum_log "WARNING: drain of $NODE_NAME did not finish in ${timeout_s}s (a PodDisruptionBudget?); deleting its pods without eviction"
        continuum_kubectl drain "$NODE_NAME" "${common[@]}" --disable-eviction --timeout=60s || \
            continuum_log "WARNING: forced drain of $NODE_NAME failed; deleting the node anyway"
    fi
else
    # Unreachable: its kubelet cannot confirm terminations, so do not wait for them.
    continuum_log "node $NODE_NAME is not Ready (unreachable?): draining without eviction and without waiting"
    continuum_kubectl drain "$NODE_NAME" "${common[@]}" --disable-eviction --skip-wait-for-delete-timeout=1 --timeout=60s || \
        continuum_log "WARNING: drain of unreachable $NODE_NAME failed; deleting the node anyway"
fi
continuum_kubectl delete node "$NODE_NAME" --wait=false --ignore-not-found >/dev/null
echo "node $NODE_NAME drained and deleted"
