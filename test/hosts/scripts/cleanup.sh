#!/usr/bin/env bash
# Remove test-host leftovers. Safe to run any time, as often as you like.
#
#   cleanup.sh                 runs whose owning process is gone, then orphans (default)
#   cleanup.sh --session ID    runs of one test session (the hosts tier's global teardown)
#   cleanup.sh --all           every run, running or not
#
# Orphans are harness objects that belong to no run directory: network namespaces and links
# named cth<octet>..., nspawn processes booted from under the runs directory, tagged routes.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
mode="stale"
session=""
case "${1:-}" in
    "") ;;
    --all) mode="all" ;;
    --session)
        mode="session"
        session="${2:-}"
        [ -n "$session" ] || die "--session needs an id"
        ;;
    *) die "usage: cleanup.sh [--all | --session ID]" ;;
esac

run_value() {
    local file="$1/run.env" want="$2" key value
    [ -f "$file" ] || return 0
    while IFS='=' read -r key value; do
        [ "$key" != "$want" ] || printf '%s\n' "$value"
    done <"$file"
}

removed=0
if [ -d "$TESTHOST_RUNS" ]; then
    for run in "$TESTHOST_RUNS"/run-*/; do
        [ -d "$run" ] || continue
        run="${run%/}"
        owner="$(run_value "$run" OWNER_PID)"
        case "$mode" in
            all) ;;
            session) [ "$(run_value "$run" SESSION)" = "$session" ] || continue ;;
            stale)
                if pid_alive "$owner" && [ "$(start_time "$owner")" = "$(run_value "$run" OWNER_START)" ]; then
                    continue
                fi
                # Claimed a moment ago by another session, which has not written run.env yet.
                if [ ! -f "$run/run.env" ] && [ $(( $(date +%s) - $(stat -c %Y "$run") )) -lt 120 ]; then
                    continue
                fi
                ;;
        esac
        log "removing run $(basename "$run")"
        destroy_run "$run"
        removed=$(( removed + 1 ))
    done
fi

# Orphans: objects of runs whose directory is gone.
live_octets=" "
if [ -d "$TESTHOST_RUNS" ]; then
    for run in "$TESTHOST_RUNS"/run-*/; do
        [ -d "$run" ] || continue
        run="${run%/}"
        live_octets+="${run##*/run-} "
    done
fi
octet_of() {
    # cth<octet>[nu]<index> -> octet
    local name="${1#"$TESTHOST_PREFIX"}"
    printf '%s\n' "${name%%[nu]*}"
}
# Checked when each object is met, not against a list made at the start: a run another session
# creates while this cleanup runs (its directory exists before its namespaces) is not an orphan.
# (With the list, a concurrent cleanup deleted a new run's namespace before its host booted.)
orphan() {
    local octet
    octet="$(octet_of "$1")"
    case "$live_octets" in
        *" $octet "*) return 1 ;;
        *) [ ! -d "$TESTHOST_RUNS/run-$octet" ] ;;
    esac
}

# Containers: nspawn processes booted from a run directory, and any process whose root
# directory is a host's overlay (a container init whose nspawn died is only found this way).
for pid in $(pgrep -x systemd-nspawn || true); do
    dir="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n "s|^--directory=\($TESTHOST_RUNS/run-.*\)/root$|\1|p")" || dir=""
    if [ -n "$dir" ] && { [ ! -d "$dir" ] || [ "$mode" = all ]; }; then
        log "killing orphan container $pid ($dir)"
        for child in $(pgrep -P "$pid" || true); do
            kill -KILL "$child" 2>/dev/null || true
        done
        kill -KILL "$pid" 2>/dev/null || true
        removed=$(( removed + 1 ))
    fi
done
while read -r pid upper; do
    host="${upper%/upper}"
    if [ ! -f "$host/host.env" ] || [ "$mode" = all ]; then
        log "killing orphan process $pid (of $host)"
        kill -KILL "$pid" 2>/dev/null || true
        removed=$(( removed + 1 ))
    fi
done < <(rooted_pids "$TESTHOST_RUNS/run-")
for ns in $(ip netns list | awk '{print $1}' | grep "^${TESTHOST_PREFIX}[0-9]" || true); do
    if orphan "$ns"; then
        log "removing orphan network namespace $ns"
        ip netns del "$ns" 2>/dev/null || true
        removed=$(( removed + 1 ))
    fi
done
for link in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^${TESTHOST_PREFIX}[0-9]" || true); do
    if orphan "$link"; then
        log "removing orphan link $link"
        ip link del "$link" 2>/dev/null || true
        removed=$(( removed + 1 ))
    fi
done
ip route show proto "$TESTHOST_ROUTE_PROTO" | awk '{print $2}' | while read -r subnet; do
    octet="$(cut -d. -f3 <<<"$subnet")"
    case "$live_octets" in
        *" $octet "*) ;;
        *)
            [ ! -d "$TESTHOST_RUNS/run-$octet" ] || continue
            log "removing orphan route $subnet"
            ip route del unreachable "$subnet" proto "$TESTHOST_ROUTE_PROTO" 2>/dev/null || true
            ;;
    esac
done
for root in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
    find "$root" -maxdepth 4 -type d -name "continuum-testhost-${TESTHOST_PREFIX}[0-9]*" 2>/dev/null | while read -r cg; do
        name="${cg##*/continuum-testhost-}"
        if orphan "$name" || [ "$mode" = all ]; then
            find "$cg" -depth -type d 2>/dev/null | while read -r sub; do rmdir "$sub" 2>/dev/null || true; done
            if [ ! -d "$cg" ]; then log "removed orphan cgroup $cg"; fi
        fi
    done
done
if [ -d "$TESTHOST_RUNS" ]; then
    findmnt -rn -o TARGET | awk -v d="$TESTHOST_RUNS/" 'index($0, d) == 1' | sort -r | while read -r target; do
        run="${target#"$TESTHOST_RUNS"/}"
        run="${run%%/*}"
        if [ ! -d "$TESTHOST_RUNS/$run/hosts" ] || [ "$mode" = all ]; then
            log "unmounting orphan $target"
            umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
        fi
    done
fi
log "cleanup ($mode): $removed removed"
