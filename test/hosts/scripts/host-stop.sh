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
load_host_env "$HOST_DIR"
leader="$(read_pid "$HOST_DIR/leader.pid")"
if [ "$mode" = poweroff ] && [ "${REAL:-0}" = 1 ] && pid_alive "$leader"; then
    # With pods running, the host's systemd does not stop within the 10 s: stop the kubelet (it
    # would restart them), kill every container containerd runs, then containerd.
    nsenter -t "$leader" -a -- /bin/sh -c 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        systemctl stop kubelet edgecore 2>/dev/null
        if command -v ctr >/dev/null; then
            for ns in $(ctr namespaces list -q 2>/dev/null); do
                for t in $(ctr -n "$ns" tasks list -q 2>/dev/null); do ctr -n "$ns" tasks kill -s SIGKILL "$t" 2>/dev/null; done
            done
        fi
        systemctl stop containerd 2>/dev/null; true' || log "$HOST_NAME: stopping its pods failed; powering off anyway"
fi
stop_container "$HOST_DIR" "$mode"
