#!/usr/bin/env bash
# Create a kind cluster from the config continuum rendered, and print its kubeconfig on stdout
# (the only thing this script prints on stdout; progress goes to stderr).
#
# Parameters (env file on stdin, see local-lib.sh):
#   CLUSTER_NAME    kind cluster name
#   STATE_DIR       where the config and its files are written (relative to the Pulumi project)
#   SHIM_DIR        host directory of runtime shims mounted into nodes
#   DOCKER_NETWORK  Docker network shared by every local cluster of the continuum
#   CONFIG          the kind.x-k8s.io/v1alpha4 Cluster config (@CONTINUUM_*_DIR@ placeholders)
#   FILE_COUNT, FILE_<n>_PATH, FILE_<n>_CONTENT   extra files under STATE_DIR (registry hosts.toml)
#   NEEDS_KVM       "true" when a node asks for kata
#   SHIM_COUNT, SHIM_<n>_*, AIRGAP_DIR   the runtime shims to stage (see stage-shims.sh)
#   ARCH            the nodes' architecture in the spec (amd64 | arm64), checked against the engine
#
# Idempotent: when the cluster exists it is kept and its kubeconfig printed again.
# Uninstall: kind-delete.sh with the same parameters.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=local-lib.sh
source "$here/local-lib.sh"

local_stage_config kind

clusters="$(kind get clusters 2>/dev/null || true)"
if grep -qxF "$CLUSTER_NAME" <<<"$clusters"; then
    local_log "kind cluster $CLUSTER_NAME exists; keeping it"
else
    local_ensure_network "$DOCKER_NETWORK"
    local_log "creating kind cluster $CLUSTER_NAME"
    # kind writes the kubeconfig to the file given; continuum keeps it only as a Pulumi secret.
    tmp_kubeconfig="$LOCAL_STATE/.kubeconfig.tmp"
    trap 'rm -f "$tmp_kubeconfig"' EXIT
    KIND_EXPERIMENTAL_DOCKER_NETWORK="$DOCKER_NETWORK" \
        kind create cluster --name "$CLUSTER_NAME" --config "$LOCAL_CONFIG" --kubeconfig "$tmp_kubeconfig" >&2 \
        || local_die "kind could not create cluster $CLUSTER_NAME (its output is above)" "fix the cause, then run pulumi up again (kind removes a half-created cluster itself)"
fi

kind get kubeconfig --name "$CLUSTER_NAME"
