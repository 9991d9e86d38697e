#!/usr/bin/env bash
# Rolling upgrade, step 3 of 3 (on a control-plane node, kubectl with admin credentials) after a
# node joined or was upgraded: waits for the Node object and finishes a rolling upgrade (health
# check, uncordon). Labels, taints and the removal of nodes that left the spec are the cluster's
# pool step (node-pool.sh), once for every node.
#
# Params: KUBECTL_FLAVOR (k3s|kubeadm), NODE_NAME, TARGET_VERSION (kubelet version after an
# upgrade), WAIT_SECONDS.
# Uninstall: nothing (node-pool.sh removes nodes that left the spec).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init node-reconcile
continuum_require KUBECTL_FLAVOR NODE_NAME
wait_s="${WAIT_SECONDS:-300}"

continuum_wait "$wait_s" "node $NODE_NAME to register with the API" continuum_kubectl get node "$NODE_NAME"

annotation() {
    continuum_kubectl get node "$NODE_NAME" -o "jsonpath={.metadata.annotations.continuum\.dev/$1}"
}

# Rolling upgrade: the node was cordoned by node-drain.sh; uncordon once it is healthy on the new version.
if [[ "$(annotation cordoned-for-upgrade)" == "true" ]]; then
    node_healthy() {
        local ready version
        ready="$(continuum_kubectl get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')"
        version="$(continuum_kubectl get node "$NODE_NAME" -o 'jsonpath={.status.nodeInfo.kubeletVersion}')"
        [[ "$ready" == "True" && ( -z "${TARGET_VERSION:-}" || "$version" == "$TARGET_VERSION" ) ]]
    }
    continuum_wait "$wait_s" "node $NODE_NAME to be Ready on ${TARGET_VERSION:-the new version}" node_healthy
    continuum_kubectl uncordon "$NODE_NAME" >/dev/null
    continuum_kubectl annotate node "$NODE_NAME" continuum.dev/cordoned-for-upgrade- >/dev/null
    continuum_log "node $NODE_NAME upgraded and uncordoned"
fi

echo "node $NODE_NAME: registered and schedulable"
