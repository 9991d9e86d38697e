#!/usr/bin/env bash
# Runs on the machine running Pulumi: one pool of fleet converges (components/hosts/fleet-pool.ts,
# opt-in with `fleet.pools`). Each node is converged or unconverged by fleet-node-ssh.sh, exactly as a
# node of its own (pinned host keys, bastion, bundle push, its log in $CONTINUUM_LOG_DIR), N at a time.
#
#   fleet-pool.sh converge | unconverge
#
# converge (create and update): converges the nodes whose digest differs from the last successful
#   run's record (PULUMI_COMMAND_STDOUT, which the command provider passes back), keeps the others as
#   they are, and unconverges the nodes of the record that left the pool and belong to no other pool
#   now (a node that moved to another pool — the number of pools changed — is left to that pool).
# unconverge (delete): unconverges every node.
# A node that fails does not stop the others; the run then fails naming every failed node and its log.
# The provider keeps no output of a failed run: the next `pulumi up` converges again every node whose
# digest differs from the last successful record (the failed ones, and the ones that succeeded in the
# failed run: a converge is idempotent, so that is one more SSH login and no-op steps per node).
#
# Environment (plain data, checked below):
#   CONTINUUM_POOL                 the pool's name, for messages
#   CONTINUUM_POOL_INDEX / _POOLS  the pool's number (0-based) and the number of pools
#   CONTINUUM_POOL_PARALLEL        converges run at once
#   CONTINUUM_POOL_NODES           `node=digest` lines, the pool's nodes (what a preview shows)
#   PULUMI_COMMAND_STDOUT          the last successful run's record (below); empty on create
# Stdin (secret): line 1 the login key, line 2 the bastion's key or '-', line 3 the sudo password or
# '-' (base64): what a removed node is unconverged with; then one line per node, tab-separated: name,
# digest, fleet-node-ssh.sh's environment, the undo input (the converge input without the steps'
# parameters), fleet-node-ssh.sh's stdin (the last three base64).
# Stdout (the record, kept in the state; no secret): `node<TAB>address<TAB>digest<TAB>ok` per node,
# then `# undo <base64 of gzip>` holding each node's environment and undo input, with which a node
# that later leaves the spec is unconverged (its keys and sudo password from the then current spec).
set -euo pipefail

SELF="continuum[fleet-pool]"
ACTION="${1:-}"
POOL="${CONTINUUM_POOL:-?}"

die() {
    printf '%s pool %s: %s\n' "$SELF" "$POOL" "$*" >&2
    exit 1
}
say() {
    printf '%s pool %s: %s\n' "$SELF" "$POOL" "$*" >&2
}

case "$ACTION" in
    converge | unconverge) ;;
    *) die "unknown action '${ACTION}' — a bug in the caller: use converge or unconverge" ;;
esac
# Associative arrays and `wait -n`.
((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 3))) ||
    die "bash ${BASH_VERSION} is too old on the machine running Pulumi: converge pools need bash 4.3 or later (macOS: brew install bash, first in PATH)"
NODE_SCRIPT="$(dirname "${BASH_SOURCE[0]}")/fleet-node-ssh.sh"
[[ -f "$NODE_SCRIPT" ]] || die "fleet-node-ssh.sh is not beside this script — reinstall continuum"
for tool in base64 gzip mktemp tr; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "'$tool' is not installed on the machine running Pulumi — install coreutils and gzip"
done
if command -v sha256sum >/dev/null 2>&1; then
    SHA=(sha256sum)
elif command -v shasum >/dev/null 2>&1; then
    SHA=(shasum -a 256)
else
    die "neither sha256sum nor shasum is installed on the machine running Pulumi — install coreutils"
fi

need() {
    local name="$1" re="$2" value="${!1:-}"
    [[ "$value" =~ $re ]] || die "$name='${value}' is not valid — a bug in the caller (expected ${re})"
}
need CONTINUUM_POOL_INDEX '^[0-9]{1,6}$'
need CONTINUUM_POOLS '^[1-9][0-9]{0,5}$'
need CONTINUUM_POOL_PARALLEL '^[1-9][0-9]{0,2}$'
NAME_RE='^[A-Za-z0-9][A-Za-z0-9._-]*$'
DIGEST_RE='^[0-9a-f]{32}$'
B64_RE='^[A-Za-z0-9+/]*={0,2}$'

b64() { base64 | tr -d '\n'; }
unb64() { printf '%s' "$1" | base64 -d; }

umask 077
WORK="$(mktemp -d "${TMPDIR:-/tmp}/continuum-pool.$$.XXXXXX")"
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

# --- stdin: the keys, then the nodes ------------------------------------------------------------
IFS= read -r KEY_LINE || die "no key lines on stdin — a bug in the caller"
IFS= read -r BASTION_LINE || die "no bastion key line on stdin — a bug in the caller"
IFS= read -r PW_LINE || die "no sudo password line on stdin — a bug in the caller"
declare -A DIGEST=() ENVB=() UNDO=() INPUT=()
NODES=()
while IFS=$'\t' read -r name digest env undo input || [[ -n "${name:-}" ]]; do
    [[ -n "$name" ]] || continue
    [[ "$name" =~ $NAME_RE && "$digest" =~ $DIGEST_RE ]] || die "a node line on stdin is not valid — a bug in the caller"
    [[ "$env" =~ $B64_RE && "$undo" =~ $B64_RE && "$input" =~ $B64_RE ]] ||
        die "node ${name}: its line on stdin is not base64 — a bug in the caller"
    NODES+=("$name")
    DIGEST["$name"]="$digest"
    ENVB["$name"]="$env"
    UNDO["$name"]="$undo"
    INPUT["$name"]="$input"
done
listed=""
for n in "${NODES[@]}"; do listed+="${n}=${DIGEST[$n]}"$'\n'; done
[[ "$listed" == "${CONTINUUM_POOL_NODES:-}" ]] ||
    die "the nodes on stdin are not CONTINUUM_POOL_NODES — a bug in the caller"

# --- the last successful run's record -----------------------------------------------------------
declare -A PREV_DIGEST=() PREV_ENV=() PREV_UNDO=()
PREV=()
undo_blob=""
while IFS= read -r line; do
    case "$line" in
        "# undo "*) undo_blob="${line#"# undo "}" ;;
        "") ;;
        *)
            IFS=$'\t' read -r name _address digest _ok <<<"$line"
            [[ "$name" =~ $NAME_RE ]] || continue
            PREV+=("$name")
            PREV_DIGEST["$name"]="$digest"
            ;;
    esac
done <<<"${PULUMI_COMMAND_STDOUT:-}"
if [[ -n "$undo_blob" ]]; then
    [[ "$undo_blob" =~ $B64_RE ]] || die "the record's undo line is not base64 — was the state edited by hand?"
    while IFS=$'\t' read -r name env undo; do
        [[ -n "${PREV_DIGEST[$name]+x}" ]] || continue
        PREV_ENV["$name"]="$env"
        PREV_UNDO["$name"]="$undo"
    done < <(unb64 "$undo_blob" | gzip -dc)
fi

# Is the node in this pool by the current number of pools (fleet-pool-input.ts poolIndex)?
owned() {
    local h
    h="$(printf '%s' "$1" | "${SHA[@]}")"
    (((16#${h:0:8}) % CONTINUUM_POOLS == CONTINUUM_POOL_INDEX))
}

# --- what to do -----------------------------------------------------------------------------------
TASKS=()
if [[ "$ACTION" == "converge" ]]; then
    for n in "${NODES[@]}"; do
        [[ "${PREV_DIGEST[$n]:-}" == "${DIGEST[$n]}" ]] || TASKS+=("converge $n")
    done
else
    for n in "${NODES[@]}"; do TASKS+=("unconverge $n"); done
fi
for n in "${PREV[@]}"; do
    [[ -z "${DIGEST[$n]+x}" ]] || continue
    if ! owned "$n"; then
        say "node $n moved to another pool (the number of pools changed): not unconverged here"
    elif [[ -z "${PREV_ENV[$n]:-}" ]]; then
        die "node $n left the spec but the record has no connection for it — was the state edited by hand? Unconverge it by hand and run pulumi up again"
    else
        TASKS+=("removed $n")
    fi
done

# One node: fleet-node-ssh.sh with the node's environment and stdin; its messages in $WORK/<i>.err.
run_task() {
    local i="$1" kind="$2" name="$3" verb envb line pid rc=0
    case "$kind" in
        converge | unconverge) verb="$kind" envb="${ENVB[$name]}" ;;
        removed) verb=unconverge envb="${PREV_ENV[$name]}" ;;
    esac
    while IFS= read -r line; do
        [[ "$line" =~ ^(CONTINUUM_[A-Z_]+)=(.*)$ ]] || {
            echo "node $name: an environment line is not CONTINUUM_*=… — a bug in the caller" >"$WORK/$i.err"
            echo 1 >"$WORK/$i.rc"
            return 0
        }
        export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
    done < <(unb64 "$envb")
    if [[ "$kind" == "removed" ]]; then
        {
            printf '%s\n%s\n' "$KEY_LINE" "$BASTION_LINE"
            [[ "$PW_LINE" == "-" ]] || { unb64 "$PW_LINE" && printf '\n'; }
            unb64 "${PREV_UNDO[$name]}"
        } | bash "$NODE_SCRIPT" "$verb" >/dev/null 2>"$WORK/$i.err" &
    else
        unb64 "${INPUT[$name]}" | bash "$NODE_SCRIPT" "$verb" >/dev/null 2>"$WORK/$i.err" &
    fi
    pid=$!
    trap 'kill "$pid" 2>/dev/null; exit 143' TERM
    wait "$pid" || rc=$?
    echo "$rc" >"$WORK/$i.rc"
}

running=0
for i in "${!TASKS[@]}"; do
    if ((running >= CONTINUUM_POOL_PARALLEL)); then
        wait -n || true
        running=$((running - 1))
    fi
    read -r kind name <<<"${TASKS[$i]}"
    run_task "$i" "$kind" "$name" &
    PIDS+=($!)
    running=$((running + 1))
done
wait || true
PIDS=()

# --- results --------------------------------------------------------------------------------------
failures=()
for i in "${!TASKS[@]}"; do
    read -r kind name <<<"${TASKS[$i]}"
    rc="$(cat "$WORK/$i.rc" 2>/dev/null || echo 1)"
    if [[ "$rc" == 0 ]]; then
        case "$kind" in
            converge) say "node $name: converged" ;;
            unconverge) say "node $name: unconverged" ;;
            removed) say "node $name: left the spec, unconverged" ;;
        esac
        continue
    fi
    # The node's own message (its last lines: what failed and where its whole log is).
    tail -n 8 -- "$WORK/$i.err" >&2 || true
    log="$(grep -o 'the whole output of the [a-z]*: .*' "$WORK/$i.err" | tail -n 1 | sed 's/^[^:]*: //' || true)"
    failures+=("${name}${log:+ (log: ${log})}")
done
if ((${#failures[@]} > 0)); then
    joined="$(printf '%s; ' "${failures[@]}")"
    die "${#failures[@]} of ${#TASKS[@]} node runs failed: ${joined%; } — read each node's message above, fix the hosts and run pulumi up again: the nodes that did not fail are converged, and the next run converges every node whose state differs from the last successful run"
fi

# --- the record -----------------------------------------------------------------------------------
if [[ "$ACTION" == "converge" ]]; then
    for n in "${NODES[@]}"; do
        address="$(unb64 "${ENVB[$n]}" | sed -n 's/^CONTINUUM_SSH_HOST=//p')"
        printf '%s\t%s\t%s\tok\n' "$n" "$address" "${DIGEST[$n]}"
    done
    printf '# undo %s\n' "$(for n in "${NODES[@]}"; do printf '%s\t%s\t%s\n' "$n" "${ENVB[$n]}" "${UNDO[$n]}"; done | gzip -9n | b64)"
fi
