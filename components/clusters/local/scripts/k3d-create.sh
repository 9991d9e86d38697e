#!/usr/bin/env bash
# Create a k3d cluster from the config continuum rendered, and print its kubeconfig on stdout
# (the only thing this script prints on stdout; progress goes to stderr).
#
# Parameters (env file on stdin, see local-lib.sh):
#   CLUSTER_NAME    k3d cluster name (metadata.name of the config)
#   STATE_DIR       where the config is written (relative to the Pulumi project)
#   SHIM_DIR        host directory of runtime shims mounted into nodes
#   DOCKER_NETWORK  Docker network shared by every local cluster of the continuum
#   CONFIG          the k3d.io/v1alpha5 Simple config (@CONTINUUM_*_DIR@ placeholders)
#   NEEDS_KVM       "true" when a node asks for kata
#   SHIM_COUNT, SHIM_<n>_*, AIRGAP_DIR   the runtime shims to stage (see stage-shims.sh)
#   FIX_MOUNTS      "true" to force k3d's mounts fix (/ rshared in nodes; Cilium needs it)
#   ARCH            the nodes' architecture in the spec (amd64 | arm64), checked against the engine
#
# Idempotent: when the cluster exists it is kept and its kubeconfig printed again.
# Uninstall: k3d-delete.sh with the same parameters.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=local-lib.sh
source "$here/local-lib.sh"

local_stage_config k3d

if k3d cluster get "$CLUSTER_NAME" >/dev/null 2>&1; then
    local_log "k3d cluster $CLUSTER_NAME exists; keeping it"
else
    # k3d joins the network when it exists and then leaves it in place on delete.
    local_ensure_network "$DOCKER_NETWORK"
    local_log "creating k3d cluster $CLUSTER_NAME"
    [[ "${FIX_MOUNTS:-false}" == "true" ]] && export K3D_FIX_MOUNTS=1
    k3d cluster create --config "$LOCAL_CONFIG" >&2 \
        || local_die "k3d could not create cluster $CLUSTER_NAME (its output is above)" "fix the cause, then run pulumi up again (k3d rolls a failed create back itself)"
fi

k3d kubeconfig get "$CLUSTER_NAME"
