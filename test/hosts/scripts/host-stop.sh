#!/usr/bin/env bash
# Stop a running test host, keeping its disk (overlay) and network so it can start again.
#
# Environment: HOST_DIR; STOP_MODE poweroff (default: orderly shutdown, forced after 10 s) or
# kill (SIGKILL of the container's init: a power cut, everything in it dies at once).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_var HOST_DIR
mode="${STOP_MODE:-poweroff}"
case "$mode" in
    poweroff | kill) ;;
    *) die "STOP_MODE must be poweroff or kill, not '$mode'" ;;
esac
stop_container "$HOST_DIR" "$mode"
