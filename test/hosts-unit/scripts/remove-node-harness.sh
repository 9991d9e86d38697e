#!/usr/bin/env bash
# Test harness (test/hosts-unit/node-remove-drain.test.ts): runs the host library's
# continuum_remove_node — what node-pool.sh does for a node that left the spec — on one node.
# Params: KUBECTL_FLAVOR, NODE_NAME, DRAIN_TIMEOUT (seconds, default 120).
set -euo pipefail
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init remove-node-harness
continuum_require KUBECTL_FLAVOR NODE_NAME
continuum_remove_node "$NODE_NAME" "${DRAIN_TIMEOUT:-120}"
