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

continuum_remove_node "$NODE_NAME" "$timeout_s"
