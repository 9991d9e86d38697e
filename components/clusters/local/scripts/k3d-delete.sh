#!/usr/bin/env bash
# Delete the k3d cluster k3d-create.sh made, and what it wrote under STATE_DIR.
# Same parameters as k3d-create.sh (env file on stdin). Idempotent: a missing cluster is fine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=local-lib.sh
source "$here/local-lib.sh"

local_init k3d-delete
local_require CLUSTER_NAME STATE_DIR DOCKER_NETWORK

bash "$here/check-tools.sh" docker k3d

if k3d cluster get "$CLUSTER_NAME" >/dev/null 2>&1; then
    local_log "deleting k3d cluster $CLUSTER_NAME"
    k3d cluster delete "$CLUSTER_NAME" >&2
fi
local_release_network "$DOCKER_NETWORK"
local_clean_state "$STATE_DIR" k3d-config.yaml
