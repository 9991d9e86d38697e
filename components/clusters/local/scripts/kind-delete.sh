#!/usr/bin/env bash
# Delete the kind cluster kind-create.sh made, and what it wrote under STATE_DIR.
# Same parameters as kind-create.sh (env file on stdin). Idempotent: a missing cluster is fine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=local-lib.sh
source "$here/local-lib.sh"

local_init kind-delete
local_require CLUSTER_NAME STATE_DIR DOCKER_NETWORK

bash "$here/check-tools.sh" docker kind

clusters="$(kind get clusters 2>/dev/null || true)"
if grep -qxF "$CLUSTER_NAME" <<<"$clusters"; then
    local_log "deleting kind cluster $CLUSTER_NAME"
    kind delete cluster --name "$CLUSTER_NAME" >&2
fi
local_release_network "$DOCKER_NETWORK"
local_clean_state "$STATE_DIR" kind-config.yaml certs.d .kubeconfig.tmp
