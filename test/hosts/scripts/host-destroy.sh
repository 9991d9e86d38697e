#!/usr/bin/env bash
# Remove a test host completely: its processes, overlay, network namespace, veth and state.
# Safe to run on a half-created host and to run twice.
#
# Environment: HOST_DIR.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_var HOST_DIR
[ -d "$HOST_DIR" ] || exit 0
if [ -f "$HOST_DIR/host.env" ]; then
    load_host_env "$HOST_DIR"
fi
stop_container "$HOST_DIR" kill
kill_rooted "$HOST_DIR/"
if [ -n "${NETNS:-}" ]; then
    remove_host_cgroups "$NETNS"
fi
unmount_tree "$HOST_DIR"
if [ -n "${LINK_OUTER:-}" ]; then
    in_netns "${UPLINK_NETNS:-}" ip link del "$LINK_OUTER" 2>/dev/null || true
fi
if [ -n "${NETNS:-}" ] && [ -e "/run/netns/$NETNS" ]; then
    ip netns del "$NETNS" 2>/dev/null || true
fi
rm -rf --one-file-system "$HOST_DIR"
