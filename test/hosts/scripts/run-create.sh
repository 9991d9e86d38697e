#!/usr/bin/env bash
# Set up a run (a set of test hosts) whose directory the harness has just claimed: record its
# owner and make its whole subnet unreachable from this machine except through the per-host
# links, so no packet for a test host ever follows the default route out of the machine.
#
# Environment: RUN_DIR (exists), SUBNET (e.g. 169.254.42.0/24), OWNER_PID, SESSION.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_var RUN_DIR SUBNET OWNER_PID SESSION
[ -d "$RUN_DIR" ] || die "$RUN_DIR does not exist"
# shellcheck disable=SC2153 # SUBNET comes from the environment
printf 'SUBNET=%s\nOWNER_PID=%s\nOWNER_START=%s\nSESSION=%s\n' "$SUBNET" "$OWNER_PID" "$(start_time "$OWNER_PID")" "$SESSION" >"$RUN_DIR/run.env"
mkdir -p "$RUN_DIR/hosts"
raise_limits
ip route replace unreachable "$SUBNET" proto "$TESTHOST_ROUTE_PROTO"
