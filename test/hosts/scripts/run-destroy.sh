#!/usr/bin/env bash
# Tear down a run: every host (processes, overlays, namespaces, links), its route, its directory.
#
# Environment: RUN_DIR.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_var RUN_DIR
destroy_run "$RUN_DIR"
