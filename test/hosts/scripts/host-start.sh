#!/usr/bin/env bash
# Boot a created test host with systemd-nspawn (systemd as PID 1, sshd) in its network
# namespace, and wait until its sshd answers with the host key it was given. Prints nothing;
# the nspawn and container-init pids go to $HOST_DIR/nspawn.pid and leader.pid.
#
# Environment: HOST_DIR (from host-create.sh); BOOT_TIMEOUT seconds (default 60).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_var HOST_DIR
load_host_env "$HOST_DIR"
timeout_s="${BOOT_TIMEOUT:-60}"

if pid_alive "$(read_pid "$HOST_DIR/leader.pid")"; then
    log "$HOST_NAME is already running"
    exit 0
fi
mountpoint -q "$HOST_DIR/root" || die "$HOST_NAME has no mounted root — run host-create.sh first"

# Its own session (no signal meant for the test process reaches it), its own cgroups, all output
# to a log. The subshell moves itself into the cgroups, then becomes systemd-nspawn.
(
    enter_host_cgroups "$NETNS"
    exec setsid systemd-nspawn --quiet --directory="$HOST_DIR/root" --boot --register=no --keep-unit \
        --machine="$HOST_NAME" --network-namespace-path="/run/netns/$NETNS" \
        --resolv-conf=off --timezone=off --link-journal=no --capability=CAP_NET_ADMIN \
        >"$HOST_DIR/boot.log" 2>&1 </dev/null 9>&-
) &
nspawn=$!
printf '%s\n' "$nspawn" >"$HOST_DIR/nspawn.pid"

fail() {
    log "$HOST_NAME did not boot: $1; last lines of $HOST_DIR/boot.log:"
    tail -n 20 "$HOST_DIR/boot.log" >&2 || true
    stop_container "$HOST_DIR" kill
    exit 1
}

want="$(cat "$HOST_DIR/host-key.pub")"
deadline=$(( $(date +%s) + timeout_s ))
while :; do
    pid_alive "$nspawn" || fail "systemd-nspawn exited"
    [ "$(date +%s)" -lt "$deadline" ] || fail "sshd did not answer within ${timeout_s}s"
    got="$(ip netns exec "$NETNS" ssh-keyscan -T 1 -t ed25519 "$ADDR_INNER" 2>/dev/null | awk '{print $2" "$3}')" || got=""
    if [ -n "$got" ]; then
        [ "$got" = "$want" ] || fail "sshd answered with another host key ($got)"
        break
    fi
    sleep 0.2
done
# The container's init: the child of nspawn that runs systemd (nspawn also has short-lived
# helper children, early on and now and then); the kill and exec steps act on it.
leader=""
for _ in $(seq 50); do
    leader="$(pgrep -P "$nspawn" -x systemd | head -n 1)" || leader=""
    [ -z "$leader" ] || break
    sleep 0.1
done
[ -n "$leader" ] || fail "no container init process found"
printf '%s\n' "$leader" >"$HOST_DIR/leader.pid"
