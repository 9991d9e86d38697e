# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file
# Shared by the test-host harness scripts (sourced, never run). Runs on the machine that
# drives the tests, as root. Names every harness object with a fixed prefix so that
# cleanup.sh can find leftovers: network namespaces and links `cth<octet>...`, run
# directories under $TESTHOST_RUNS, overlay mounts below them.

TESTHOST_CACHE="${CONTINUUM_CACHE:-${HOME:-/root}/.cache/continuum}"
TESTHOST_RUNS="${CONTINUUM_TESTHOST_RUNS:-/var/tmp/continuum-testhosts}"
# Interface and namespace prefix; cleanup.sh removes everything that starts with it.
TESTHOST_PREFIX="cth"

die() {
    printf 'testhost: %s\n' "$*" >&2
    exit 1
}

log() {
    printf 'testhost: %s\n' "$*" >&2
}

need_root() {
    [ "$(id -u)" -eq 0 ] || die "the test hosts need root (systemd-nspawn, ip netns, mount) — run the hosts tier as root"
}

need_var() {
    local name
    for name in "$@"; do
        [ -n "${!name:-}" ] || die "$name is not set (the harness passes it in the environment)"
    done
}

# Install the Debian packages the harness itself needs on this machine, if missing.
ensure_host_tools() {
    local missing=() pkg
    for pkg in debootstrap systemd-container openssh-client iproute2 dpkg-dev util-linux procps; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# pid_alive PID: the process exists and is not a zombie waiting to be reaped.
pid_alive() {
    local state
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
    state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
    [ -n "$state" ] && [ "$state" != Z ]
}

# raise_limits: every booted systemd takes several inotify instances; the kernel default (128
# per user) stops the tenth-or-so container. Raise the machine-wide limits if they are lower.
raise_limits() {
    local key want have
    for key in fs.inotify.max_user_instances=8192 fs.inotify.max_user_watches=524288; do
        want="${key#*=}"
        have="$(sysctl -n "${key%%=*}")"
        if [ "$have" -lt "$want" ]; then
            log "raising ${key%%=*} from $have to $want for the test hosts"
            sysctl -q -w "$key"
        fi
    done
}

# wait_gone PID SECONDS: wait until the process is gone; 1 if still there.
wait_gone() {
    local pid="$1" tenths=$(( $2 * 10 ))
    while pid_alive "$pid"; do
        [ "$tenths" -gt 0 ] || return 1
        sleep 0.1
        tenths=$(( tenths - 1 ))
    done
    return 0
}

# start_time PID: the process's start time in clock ticks (tells a reused pid apart).
start_time() {
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'
}

read_pid() {
    if [ -f "$1" ]; then cat "$1"; fi
}

# stop_container DIR MODE: stop the host whose state lives in DIR.
#   poweroff: ask systemd in the container to power off, force after 10 s.
#   kill:     SIGKILL the container's init (a power cut): every process in it dies at once.
stop_container() {
    local dir="$1" mode="$2" nspawn leader
    nspawn="$(read_pid "$dir/nspawn.pid")"
    leader="$(read_pid "$dir/leader.pid")"
    if [ -z "$leader" ] && pid_alive "$nspawn"; then
        leader="$(pgrep -P "$nspawn" -x systemd | head -n 1)" || leader=""
    fi
    if [ "$mode" = poweroff ] && pid_alive "$nspawn"; then
        kill -TERM "$nspawn" 2>/dev/null || true
        wait_gone "$nspawn" 10 || log "$(basename "$dir") did not power off in 10 s, killing it"
    fi
    if pid_alive "$leader"; then
        kill -KILL "$leader" 2>/dev/null || true
        wait_gone "$leader" 5 || true
    fi
    if pid_alive "$nspawn"; then
        # nspawn exits once its container is gone; its process group holds nothing else.
        wait_gone "$nspawn" 5 || kill -KILL -- "-$nspawn" 2>/dev/null || true
    fi
    kill_rooted "$dir/"
    rm -f "$dir/nspawn.pid" "$dir/leader.pid"
}

# rooted_pids PREFIX: pids of processes whose root filesystem is an overlay with an upper
# directory under PREFIX, printed as "pid upperdir". Finds a container's processes even when
# its nspawn is gone and its overlay is already detached from this mount namespace.
rooted_pids() {
    local prefix="$1" proc upper
    for proc in /proc/[0-9]*; do
        upper="$(awk '$5 == "/" { if (match($0, /upperdir=[^,]*/)) print substr($0, RSTART + 9, RLENGTH - 9); exit }' "$proc/mountinfo" 2>/dev/null)" || continue
        case "$upper" in
            "$prefix"*) printf '%s %s\n' "${proc#/proc/}" "$upper" ;;
            *) ;;
        esac
    done
}

# kill_rooted PREFIX: SIGKILL every process rooted in an overlay under PREFIX.
kill_rooted() {
    local pid _upper
    while read -r pid _upper; do
        kill -KILL "$pid" 2>/dev/null || true
    done < <(rooted_pids "$1")
}

# Each host gets its own cgroup in the hierarchies systemd manages (name=systemd and the unified
# one), below the cgroup of the process that starts it. Without that, systemd-nspawn started with
# --keep-unit on a machine whose init is not systemd puts every container's payload in the same
# cgroup, and the containers' systemds then create, clean up and kill each other's unit cgroups
# (seen: "Failed to attach to cgroup /system.slice/systemd-user-sessions.service", leaving
# /run/nologin, so PAM refused every login on that host).
# host_cgroup_dirs NAME [all]: print the per-host cgroup directories (existing or not). With
# `all` (a real host: kubelet and containerd run in it) also one in every cgroup v1 controller
# hierarchy (cpu, cpuacct, cpuset, memory, devices, freezer, blkio, pids, …), so that the host's
# cgroup namespace root there is its own and two hosts' kubelets never share `/kubepods`.
host_cgroup_dirs() {
    local name="$1" mnt rel target options ctrl
    mnt="$(findmnt -rn -t cgroup -o TARGET,OPTIONS | awk '$2 ~ /(^|,)name=systemd(,|$)/ {print $1; exit}')"
    rel="$(awk -F: '$2 == "name=systemd" {print $3; exit}' /proc/self/cgroup)"
    if [ -n "$mnt" ] && [ -n "$rel" ]; then
        printf '%s\n' "${mnt}${rel%/}/continuum-testhost-$name"
    fi
    mnt="$(findmnt -rn -t cgroup2 -o TARGET | head -n 1)"
    rel="$(awk -F: '$1 == "0" {print $3; exit}' /proc/self/cgroup)"
    if [ -n "$mnt" ] && [ -n "$rel" ]; then
        printf '%s\n' "${mnt}${rel%/}/continuum-testhost-$name"
    fi
    [ "${2:-}" = all ] || return 0
    while read -r target options; do
        # The hierarchy's controllers as /proc/self/cgroup names them (e.g. cpu,cpuacct).
        ctrl="$(awk -F: -v o=",$options," '$1 != "0" && $2 != "name=systemd" {
            n = split($2, c, ","); ok = n > 0
            for (i = 1; i <= n; i++) if (index(o, "," c[i] ",") == 0) ok = 0
            if (ok) { print $3; exit } }' /proc/self/cgroup)"
        [ -n "$ctrl" ] || continue
        printf '%s\n' "${target}${ctrl%/}/continuum-testhost-$name"
    done < <(findmnt -rn -t cgroup -o TARGET,OPTIONS | awk '$2 !~ /(^|,)name=systemd(,|$)/')
}

# enter_host_cgroups NAME [all]: move this process into the host's own cgroups (created as
# needed). A new cpuset cgroup starts with no CPUs and no memory nodes: copy its parent's first.
enter_host_cgroups() {
    local dir f
    while read -r dir; do
        if [ ! -d "$dir" ] && [ -f "$(dirname "$dir")/cpuset.cpus" ]; then
            mkdir -p "$dir" 2>/dev/null || true
            for f in cpuset.cpus cpuset.mems; do
                cat "$(dirname "$dir")/$f" >"$dir/$f" 2>/dev/null || true
            done
        fi
        if ! { mkdir -p "$dir" && printf '%s\n' "$BASHPID" >"$dir/cgroup.procs"; } 2>/dev/null; then
            log "could not use the cgroup $dir; this host shares its parent's"
        fi
    done < <(host_cgroup_dirs "$1" "${2:-}")
}

# remove_host_cgroups NAME: remove the host's cgroups (children first: kubepods…, k8s.io,
# system.slice below a real host) once nothing runs in them. Every hierarchy is tried.
remove_host_cgroups() {
    local dir sub
    local try
    while read -r dir; do
        # Killed processes leave their cgroups a moment later (a real host's pods): retry for ~5 s.
        for try in 1 2 3 4 5 6 7 8 9 10; do
            [ -d "$dir" ] || break
            find "$dir" -mindepth 1 -depth -type d 2>/dev/null | while read -r sub; do rmdir "$sub" 2>/dev/null || true; done
            rmdir "$dir" 2>/dev/null && break
            sleep 0.5
        done
        if [ -d "$dir" ]; then log "could not remove the cgroup $dir (try $try)"; fi
    done < <(host_cgroup_dirs "$1" all)
}

# unmount_tree DIR: unmount every mount at or below DIR, deepest first.
unmount_tree() {
    local dir="$1" target
    [ -d "$dir" ] || return 0
    findmnt -rn -o TARGET | awk -v d="$dir" 'index($0, d) == 1' | sort -r | while read -r target; do
        umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || log "could not unmount $target"
    done
}

# The facts about one host that its later steps need, kept in $HOST_DIR/host.env as KEY=value.
# REAL=1: a host that runs a real kubelet and containerd (docs/test-hosts.md, "Real hosts");
# LAN_BRIDGE: the run's bridge its link is enslaved to (then ADDR_INNER is on the run's LAN).
HOST_KEYS="HOST_NAME NETNS LINK_OUTER LINK_INNER UPLINK_NETNS ADDR_OUTER ADDR_INNER PREFIX_LEN ROOTFS REAL LAN_BRIDGE"

save_host_env() {
    local dir="$1" key
    for key in $HOST_KEYS; do
        printf '%s=%s\n' "$key" "${!key:-}"
    done >"$dir/host.env"
}

# load_host_env DIR: set the HOST_KEYS variables from DIR/host.env (parsed, never sourced).
load_host_env() {
    local dir="$1" key value
    [ -f "$dir/host.env" ] || die "$dir is not a test host (no host.env)"
    while IFS='=' read -r key value; do
        case " $HOST_KEYS " in
            *" $key "*) printf -v "$key" '%s' "$value" ;;
            *) ;;
        esac
    done <"$dir/host.env"
}

# in_netns NS CMD...: run CMD in network namespace NS, or here when NS is empty.
in_netns() {
    local ns="$1"
    shift
    if [ -n "$ns" ]; then
        ip netns exec "$ns" "$@"
    else
        "$@"
    fi
}

# Routes the harness adds are tagged with this protocol number, so cleanup finds them.
TESTHOST_ROUTE_PROTO=177

# destroy_run DIR: destroy every host of a run (hosts behind a bastion first), drop its route
# and directory.
destroy_run() {
    local run="$1" subnet="" key value host
    [ -d "$run" ] || return 0
    if [ -f "$run/run.env" ]; then
        while IFS='=' read -r key value; do
            [ "$key" != SUBNET ] || subnet="$value"
        done <"$run/run.env"
    fi
    if [ -d "$run/hosts" ]; then
        for host in "$run"/hosts/*/; do
            [ -d "$host" ] || continue
            if grep -q '^UPLINK_NETNS=.' "$host/host.env" 2>/dev/null; then
                HOST_DIR="${host%/}" "$(dirname "${BASH_SOURCE[0]}")/host-destroy.sh"
            fi
        done
        for host in "$run"/hosts/*/; do
            [ -d "$host" ] || continue
            HOST_DIR="${host%/}" "$(dirname "${BASH_SOURCE[0]}")/host-destroy.sh"
        done
    fi
    if [ -n "$subnet" ]; then
        ip route del unreachable "$subnet" proto "$TESTHOST_ROUTE_PROTO" 2>/dev/null || true
        # The run's LAN bridge (real hosts): cth<octet>ulan (cleanup.sh reads the octet before the u).
        ip link del "${TESTHOST_PREFIX}$(cut -d. -f3 <<<"$subnet")ulan" 2>/dev/null || true
    fi
    unmount_tree "$run"
    rm -rf --one-file-system "$run"
}
