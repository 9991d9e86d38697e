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

# A real host (REAL=1: a real kubelet and containerd run in it; docs/test-hosts.md, "Real hosts"):
#   /dev/kmsg + CAP_SYSLOG       the kubelet's OOM watcher opens /dev/kmsg (fatal without it)
#   @keyring                     runc joins a session keyring for every container
#   API_VFS_WRITABLE=network     /proc/sys/net writable (per network namespace: the CNI bridge
#                                plugin enables forwarding, kube-proxy sets route_localnet)
#   /var bound from HOST_DIR/var containerd's overlayfs snapshots need a non-overlay upper dir
#   /proc/sys/{vm,kernel} files  the kubelet's three machine-wide sysctls (below, after boot)
#   every cgroup v1 hierarchy    a cgroup of its own (enter_host_cgroups … all)
real_args=()
cgroups=""
if [ "${REAL:-0}" = 1 ]; then
    cgroups=all
    real_args=(--bind=/dev/kmsg --capability=CAP_SYSLOG --system-call-filter=@keyring
        --bind="$HOST_DIR/var:/var")
    export SYSTEMD_NSPAWN_API_VFS_WRITABLE=network
fi

# Its own session (no signal meant for the test process reaches it), its own cgroups, all output
# to a log. The subshell moves itself into the cgroups, then becomes systemd-nspawn.
(
    enter_host_cgroups "$NETNS" "$cgroups"
    exec setsid systemd-nspawn --quiet --directory="$HOST_DIR/root" --boot --register=no --keep-unit \
        --machine="$HOST_NAME" --network-namespace-path="/run/netns/$NETNS" \
        --resolv-conf=off --timezone=off --link-journal=no --capability=CAP_NET_ADMIN "${real_args[@]}" \
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
if [ "${REAL:-0}" = 1 ]; then
    # nspawn mounts the v1 controller hierarchies read-only; the kubelet and runc create cgroups
    # there. A plain `remount,rw` fails ("mount point is busy"); a bind remount does not. Before
    # anything in the host starts containerd (nothing is installed at boot).
    nsenter -t "$leader" -m -- sh -c 'for d in /sys/fs/cgroup/*/; do
        case "$d" in */unified/ | */systemd/) continue ;; esac
        if mountpoint -q "$d"; then mount -o remount,bind,rw "$d" || exit 1; fi
    done' || fail "could not make the cgroup v1 hierarchies writable"
    # The kubelet fails unless it can set vm.overcommit_memory=1, kernel.panic=10 and
    # kernel.panic_on_oops=1, which are machine-wide (read-only in a container): files holding
    # exactly those values are bound over the three entries, so it reads them as set and the
    # machine's own values stay untouched. (nspawn's --bind cannot target /proc/sys: it resolves
    # the source inside the container there.)
    nsenter -t "$leader" -m -- sh -c 'set -e; d=/run/continuum-testhost-sysctl; mkdir -p "$d"
        for kv in vm/overcommit_memory=1 kernel/panic=10 kernel/panic_on_oops=1; do
            f="$d/$(echo "${kv%%=*}" | tr / .)"; echo "${kv#*=}" >"$f"
            mountpoint -q "/proc/sys/${kv%%=*}" || mount --bind "$f" "/proc/sys/${kv%%=*}"
        done' || fail "could not bind the kubelet's sysctl files"
fi
