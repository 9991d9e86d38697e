#!/usr/bin/env bash
# Runs on the machine running Pulumi (a fleet node's one `command:local:Command`, see
# components/hosts/fleet-node.ts, and each one-shot step's, components/hosts/host-step.ts): reach
# the node with the OpenSSH client, push the bundle when the node does not have it yet, and run
# the bundle's converge (or unconverge) there as root.
#
#   fleet-node-ssh.sh converge | unconverge | check
#
# `check` only logs in (the same checks and retries) and leaves; it needs no bundle, remote
# command or run timeout.
# Two kinds of bundle directory on the node (CONTINUUM_REMOTE_DIR):
#   .continuum-bundle-<digest16>   a node's converge bundle, named by its content (node-converge.sh
#                                  prunes the node's older ones);
#   .continuum/run/<step>          a one-shot step's directory, named by the step: replaced when its
#                                  bundle changes (a `.bundle-<digest>` file in it says which one it
#                                  holds), removed after the step's unconverge; an unconverge of '-'
#                                  runs nothing there (a step with nothing to undo).
# Environment (plain data, checked below; components/hosts/fleet-ssh.ts renders it):
#   CONTINUUM_NODE                  node name, for messages
#   CONTINUUM_SSH_HOST/_PORT/_USER  the node's SSH endpoint and login user
#   CONTINUUM_SSH_HOST_KEY          pinned host key (`ssh-ed25519 AAAA...`); empty only with
#   CONTINUUM_SSH_INSECURE=1        ssh.insecureIgnoreHostKey (a throwaway lab)
#   CONTINUUM_BASTION_HOST/_PORT/_USER/_HOST_KEY   the bastion, when the node is behind one; its
#                                   key is pinned whenever given, with CONTINUUM_SSH_INSECURE too
#   CONTINUUM_BUNDLE                the bundle's digest (64 hex): its directory on this machine is
#                                   ${CONTINUUM_BUNDLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/continuum/bundles}/<digest>
#   CONTINUUM_REMOTE_DIR            the bundle's directory on the node, relative to the login home
#   CONTINUUM_REMOTE_CONVERGE/_UNCONVERGE   the command lines run on the node (sudo as configured)
#   CONTINUUM_DIAL_ATTEMPTS/_DIAL_TIMEOUT   connection attempts and seconds per attempt
#   CONTINUUM_RUN_TIMEOUT           seconds the remote run may take
#   CONTINUUM_LOG_DIR               where a node's converge writes its output (below)
#                                   @default ${XDG_STATE_HOME:-$HOME/.local/state}/continuum/logs
#   CONTINUUM_RUN_STDOUT            1: the run's output is the caller's, not logged (the etcd snapshot
#                                   copy reads the export's tar stream; day2/scripts/etcd-snapshot-fetch.sh)
# Stdin: line 1 the login private key (base64), line 2 the bastion's key (base64, or '-': the
# same key); everything after is the converge input, passed to the remote command unchanged.
#
# Keys live only in a private temporary directory (tmpfs when there is one) for the run and are
# removed on exit. Host keys are pinned (StrictHostKeyChecking, a known_hosts of the pinned keys
# only); a host key mismatch or a refused login fails at once with what to do, a network error is
# retried. One SSH connection (a control master) carries the check, the push and the run.
#
# A node's converge and unconverge (a .continuum-bundle-* directory) print nothing: what the run
# on the host prints goes to <CONTINUUM_LOG_DIR>/<node>_<host>.<action>.log (0600, the last run's),
# because the command provider keeps a command's stdout and stderr in the stack's state — for
# every node of a fleet, at every converge (bench/README.md, issue 24). When the run fails, its
# last lines and the log's path go to stderr, which is the error Pulumi shows. A one-shot step
# (.continuum/run/<step>) prints as before: its output can be what it is for (a kubeconfig).
set -euo pipefail

SELF="continuum[fleet-node-ssh]"
ACTION="${1:-}"
NODE="${CONTINUUM_NODE:-?}"

die() {
    printf '%s node %s: %s\n' "$SELF" "$NODE" "$*" >&2
    exit 1
}

case "$ACTION" in
    converge | unconverge | check) ;;
    *) die "unknown action '${ACTION}' — a bug in the caller: use converge, unconverge or check" ;;
esac

for tool in ssh tar base64 mktemp; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "'$tool' is not installed on the machine running Pulumi — install the OpenSSH client and coreutils (Debian/Ubuntu: apt-get install openssh-client)"
done
# GNU coreutils' timeout (gtimeout where coreutils come with a g prefix, as Homebrew installs them).
TIMEOUT="$(command -v timeout || command -v gtimeout || true)"
[[ -n "$TIMEOUT" ]] ||
    die "'timeout' (GNU coreutils) is not installed on the machine running Pulumi — install coreutils (macOS: brew install coreutils)"

# --- inputs -------------------------------------------------------------------------------------
need() {
    local name="$1" re="$2" value="${!1:-}"
    [[ "$value" =~ $re ]] || die "$name='${value}' is not valid — a bug in the caller (expected ${re})"
}
HOST_RE='^[A-Za-z0-9][A-Za-z0-9.:_-]*$'
PORT_RE='^[0-9]{1,5}$'
USER_RE='^[A-Za-z_][A-Za-z0-9_.-]*$'
KEY_RE='^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,2}$'

need CONTINUUM_SSH_HOST "$HOST_RE"
need CONTINUUM_SSH_PORT "$PORT_RE"
need CONTINUUM_SSH_USER "$USER_RE"
need CONTINUUM_DIAL_ATTEMPTS '^[1-9][0-9]?$'
need CONTINUUM_DIAL_TIMEOUT '^[1-9][0-9]{0,3}$'
if [[ "$ACTION" != "check" ]]; then
    need CONTINUUM_BUNDLE '^[0-9a-f]{64}$'
    need CONTINUUM_REMOTE_DIR '^(\.continuum-bundle-[0-9a-f]{16}|\.continuum/run/[a-z0-9._][a-z0-9._-]*)$'
    need CONTINUUM_RUN_TIMEOUT '^[1-9][0-9]{0,5}$'
fi
INSECURE="${CONTINUUM_SSH_INSECURE:-}"
if [[ "$INSECURE" != "1" ]]; then
    need CONTINUUM_SSH_HOST_KEY "$KEY_RE"
fi
BASTION="${CONTINUUM_BASTION_HOST:-}"
# The bastion's key is pinned whenever the spec has one: ssh.insecureIgnoreHostKey (a throwaway
# lab's nodes) never drops the pin of the one machine every login passes through.
BASTION_PINNED=""
if [[ -n "$BASTION" ]]; then
    need CONTINUUM_BASTION_HOST "$HOST_RE"
    need CONTINUUM_BASTION_PORT "$PORT_RE"
    need CONTINUUM_BASTION_USER "$USER_RE"
    if [[ "$INSECURE" != "1" || -n "${CONTINUUM_BASTION_HOST_KEY:-}" ]]; then
        need CONTINUUM_BASTION_HOST_KEY "$KEY_RE"
        BASTION_PINNED=1
    fi
fi
REMOTE_COMMAND=""
if [[ "$ACTION" != "check" ]]; then
    if [[ "$ACTION" == "converge" ]]; then
        REMOTE_COMMAND="${CONTINUUM_REMOTE_CONVERGE:-}"
    else
        REMOTE_COMMAND="${CONTINUUM_REMOTE_UNCONVERGE:-}"
    fi
    [[ -n "$REMOTE_COMMAND" && "$REMOTE_COMMAND" != *$'\n'* ]] || die "no remote command for '$ACTION' — a bug in the caller"
fi

ENDPOINT="${CONTINUUM_SSH_USER}@${CONTINUUM_SSH_HOST}:${CONTINUUM_SSH_PORT}"
VIA=""
[[ -z "$BASTION" ]] || VIA=" via the bastion ${CONTINUUM_BASTION_USER}@${CONTINUUM_BASTION_HOST}:${CONTINUUM_BASTION_PORT}"
LOCAL_BUNDLE="${CONTINUUM_BUNDLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/continuum/bundles}/${CONTINUUM_BUNDLE:-}"
RDIR="${CONTINUUM_REMOTE_DIR:-}"
STEP_DIR=""
[[ "$RDIR" != .continuum/run/* ]] || STEP_DIR=1

# --- a private directory for keys, known_hosts, config and the control socket -------------------
umask 077
TMP_PARENT="${TMPDIR:-/tmp}"
[[ -d /dev/shm && -w /dev/shm ]] && TMP_PARENT=/dev/shm
# A run that was killed (SIGKILL: no trap runs) left its directory, key included: the directory
# names its run's process; ours whose process is gone are removed first.
for stale in "$TMP_PARENT"/continuum-ssh.*.*; do
    [[ -d "$stale" && -O "$stale" ]] || continue
    pid="${stale##*/continuum-ssh.}"
    pid="${pid%%.*}"
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    kill -0 "$pid" 2>/dev/null || rm -rf -- "$stale"
done
WORK="$(mktemp -d "$TMP_PARENT/continuum-ssh.$$.XXXXXX")"
CFG="$WORK/config"
RUN_PID=""
cleanup() {
    [[ -z "$RUN_PID" ]] || kill "$RUN_PID" 2>/dev/null || true
    if [[ -S "$WORK/c" ]]; then
        ssh -F "$CFG" -O exit continuum-node >/dev/null 2>&1 || true
    fi
    rm -rf -- "$WORK"
}
trap cleanup EXIT
# Stopped (pulumi cancelled, the provider's timeout): exit, so the EXIT trap removes the keys.
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

read_key() {
    local line="$1" out="$2"
    [[ "$line" =~ ^[A-Za-z0-9+/]+={0,2}$ ]] || die "stdin line is not a base64 private key — a bug in the caller"
    printf '%s' "$line" | base64 -d >"$out" 2>/dev/null || die "the private key on stdin is not valid base64 — a bug in the caller"
    # OpenSSH wants the key's last line terminated.
    [[ -z "$(tail -c 1 "$out")" ]] || printf '\n' >>"$out"
}
IFS= read -r key_line || die "no private key on stdin — a bug in the caller"
IFS= read -r bastion_key_line || die "no bastion key line on stdin — a bug in the caller"
read_key "$key_line" "$WORK/id"
if [[ "$bastion_key_line" == "-" ]]; then
    cp "$WORK/id" "$WORK/bastion_id"
else
    read_key "$bastion_key_line" "$WORK/bastion_id"
fi
unset key_line bastion_key_line

# Host key algorithms that verify a pinned key of this type (an RSA key signs with SHA-2 too).
algorithms() {
    case "${1%% *}" in
        ssh-rsa) echo "rsa-sha2-512,rsa-sha2-256,ssh-rsa" ;;
        *) echo "${1%% *}" ;;
    esac
}

# Host key checking per host (ssh takes an option's first value: none of it under `Host *`).
checking() {
    if [[ "$1" == "1" ]]; then
        printf '  StrictHostKeyChecking yes\n  UserKnownHostsFile "%s"\n' "$WORK/known_hosts"
    else
        printf '  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n'
    fi
}
NODE_PINNED=""
[[ "$INSECURE" == "1" ]] || NODE_PINNED=1
{
    printf 'Host *\n  GlobalKnownHostsFile /dev/null\n  UpdateHostKeys no\n  CheckHostIP no\n'
    printf '  BatchMode yes\n  IdentitiesOnly yes\n  IdentityAgent none\n'
    printf '  PasswordAuthentication no\n  KbdInteractiveAuthentication no\n'
    printf '  ForwardAgent no\n  ForwardX11 no\n  ClearAllForwardings yes\n'
    printf '  ConnectTimeout %s\n  ServerAliveInterval 15\n  ServerAliveCountMax 4\n' "$CONTINUUM_DIAL_TIMEOUT"
    printf '  LogLevel ERROR\n'
    printf 'Host continuum-node\n  HostName %s\n  Port %s\n  User %s\n' "$CONTINUUM_SSH_HOST" "$CONTINUUM_SSH_PORT" "$CONTINUUM_SSH_USER"
    printf '  HostKeyAlias continuum-node\n  IdentityFile "%s"\n  ControlPath "%s"\n' "$WORK/id" "$WORK/c"
    checking "$NODE_PINNED"
    [[ -z "$NODE_PINNED" ]] || printf '  HostKeyAlgorithms %s\n' "$(algorithms "$CONTINUUM_SSH_HOST_KEY")"
    if [[ -n "$BASTION" ]]; then
        # ssh sends a ProxyCommand's stderr to /dev/null when ControlPersist is on: keep the
        # bastion's own errors (host key, refused login, unreachable) in a file for connect().
        printf '  ProxyCommand ssh -F "%s" -W [%%h]:%%p continuum-bastion 2>"%s"\n' "$CFG" "$WORK/bastion.err"
        printf 'Host continuum-bastion\n  HostName %s\n  Port %s\n  User %s\n' "$CONTINUUM_BASTION_HOST" "$CONTINUUM_BASTION_PORT" "$CONTINUUM_BASTION_USER"
        printf '  HostKeyAlias continuum-bastion\n  IdentityFile "%s"\n' "$WORK/bastion_id"
        checking "$BASTION_PINNED"
        [[ -z "$BASTION_PINNED" ]] || printf '  HostKeyAlgorithms %s\n' "$(algorithms "$CONTINUUM_BASTION_HOST_KEY")"
    fi
} >"$CFG"
: >"$WORK/known_hosts"
[[ -z "$NODE_PINNED" ]] || printf 'continuum-node %s\n' "$CONTINUUM_SSH_HOST_KEY" >>"$WORK/known_hosts"
[[ -z "$BASTION_PINNED" ]] || printf 'continuum-bastion %s\n' "$CONTINUUM_BASTION_HOST_KEY" >>"$WORK/known_hosts"

# The key a host presented instead of the pinned one, from ssh's message ("… key sent by the
# remote host is\nSHA256:…"); empty when ssh did not say (e.g. no key of the pinned type offered).
presented() {
    local fp type
    fp="$(grep -o 'SHA256:[A-Za-z0-9+/]*' <<<"$1" | head -n 1 || true)"
    [[ -n "$fp" ]] || return 0
    type="$(grep -o 'The fingerprint for the [A-Z0-9-]* key' <<<"$1" | head -n 1 | awk '{print $5}' || true)"
    printf ' (it presented the %skey %s)' "${type:+$type }" "$fp"
}

# --- connect (retried on network errors only) ---------------------------------------------------
connect() {
    local attempt err berr delay=2
    for ((attempt = 1; attempt <= CONTINUUM_DIAL_ATTEMPTS; attempt++)); do
        : >"$WORK/bastion.err"
        # The master goes to the background once logged in (-f) and leaves 30 s after its last
        # client: its output goes to a file, never to a pipe someone waits on.
        if ssh -F "$CFG" -o ControlMaster=yes -o ControlPersist=30 -fN continuum-node </dev/null >/dev/null 2>"$WORK/connect.err"; then
            return 0
        fi
        # ssh ends its lines with CR LF: one line, no carriage return left to garble a terminal.
        err="$(tr -s '\r\n' ' ' <"$WORK/connect.err")"
        err="${err% }"
        berr="$(tr -s '\r\n' ' ' <"$WORK/bastion.err")"
        berr="${berr% }"
        [[ -z "$berr" ]] || err="${err:+$err; }bastion: ${berr}"
        case "$berr" in
            *"key for continuum-bastion"* | *"Host key verification failed"* | *"HOST IDENTIFICATION HAS CHANGED"* | *"No matching host key"* | *"no matching host key"*)
                die "the bastion ${CONTINUUM_BASTION_HOST}:${CONTINUUM_BASTION_PORT} did not present the pinned ssh.bastion.hostKey$(presented "$berr") — if it was reinstalled, check its key out of band (ssh-keyscan -t ed25519 ${CONTINUUM_BASTION_HOST}) and update the spec; otherwise something else answers on that address. ssh said: ${err}" ;;
        esac
        case "$err" in
            *"Host key verification failed"* | *"HOST IDENTIFICATION HAS CHANGED"* | *"No matching host key"* | *"no matching host key"*)
                die "${ENDPOINT}${VIA} did not present the pinned hostKey$(presented "$err") — if the host was reinstalled, check its key out of band (ssh-keyscan -t ed25519 ${CONTINUUM_SSH_HOST}) and update the node's hostKey; otherwise something else answers on that address. ssh said: ${err}" ;;
            *"Permission denied"* | *"Too many authentication failures"*)
                die "the login ${ENDPOINT}${VIA} was refused — check that ssh.privateKey's public half is in ~${CONTINUUM_SSH_USER}/.ssh/authorized_keys on the node (and the bastion's). ssh said: ${err}" ;;
        esac
        if ((attempt < CONTINUUM_DIAL_ATTEMPTS)); then
            printf '%s node %s: cannot reach %s%s (attempt %d of %d): %s; retrying in %ds\n' \
                "$SELF" "$NODE" "$ENDPOINT" "$VIA" "$attempt" "$CONTINUUM_DIAL_ATTEMPTS" "$err" "$delay" >&2
            sleep "$delay"
            delay=$((delay < 8 ? delay * 2 : 10))
        fi
    done
    die "cannot reach ${ENDPOINT}${VIA} after ${CONTINUUM_DIAL_ATTEMPTS} attempts: ${err} — check that the host is up and the address and port in the spec are right; if the host is gone for good, remove the node's resource with pulumi state delete"
}

remote() {
    ssh -F "$CFG" -T continuum-node -- "$@"
}

# --- the bundle ---------------------------------------------------------------------------------
has_bundle() {
    if [[ -n "$STEP_DIR" ]]; then
        remote "test -f '$RDIR/.bundle-$CONTINUUM_BUNDLE'" </dev/null
    else
        remote "test -f '$RDIR/node-converge.sh'" </dev/null
    fi
}

push_bundle() {
    # A node's bundle runs node-converge.sh; a step's bundle holds the host library beside its script.
    local marker="node-converge.sh"
    [[ -z "$STEP_DIR" ]] || marker="continuum-lib.sh"
    [[ -f "$LOCAL_BUNDLE/$marker" ]] ||
        die "the bundle ${CONTINUUM_BUNDLE} is not on this machine (${LOCAL_BUNDLE}) — the program assembles it: run pulumi up (not only this resource) from this machine"
    # Unpacked under a temporary name and renamed: a bundle directory on the node is always complete.
    # A step's directory is replaced (its name stays when its bundle changes); a node's bundle
    # directory is named by its content, so one that exists is already this bundle.
    local before="" place="if [ -d '$RDIR' ]; then rm -rf -- '$RDIR.part'; else mv -- '$RDIR.part' '$RDIR'; fi"
    if [[ -n "$STEP_DIR" ]]; then
        before="mkdir -p -m 0700 -- '${RDIR%/*}'; "
        place=": > '$RDIR.part/.bundle-$CONTINUUM_BUNDLE'; rm -rf -- '$RDIR'; mv -- '$RDIR.part' '$RDIR'"
    fi
    # Pinned artifacts are hard links shared with other bundles: a bundle assembled meanwhile changes
    # their link count (ctime), which GNU tar reports as a file changed while read (exit 1) although
    # its bytes are the same. That status is let through: the host checks every artifact against its
    # pin before any step runs, and scripts are copies no other bundle touches.
    local -a rc
    set +e
    tar --warning=no-file-changed -C "$LOCAL_BUNDLE" -cf - . |
        remote "set -e; ${before}rm -rf -- '$RDIR.part'; mkdir -m 0700 -- '$RDIR.part'; tar -xf - -C '$RDIR.part'; $place"
    rc=("${PIPESTATUS[@]}")
    set -e
    if ((rc[0] > 1 || rc[1] != 0)); then
        die "pushing the bundle to ${ENDPOINT} failed (is tar installed there and is there space in ~${CONTINUUM_SSH_USER}?) — see the message above"
    fi
}

# A step's directory after its unconverge, then ~/.continuum/run and ~/.continuum when empty.
remove_step_dir() {
    remote "rm -rf -- '$RDIR' && { rmdir -p --ignore-fail-on-non-empty -- '${RDIR%/*}' 2>/dev/null || true; }" </dev/null ||
        die "removing ${RDIR} on ${ENDPOINT} failed — see the message above; run pulumi up (or destroy) again"
}

connect
if [[ "$ACTION" == "check" ]]; then
    if [[ -n "$NODE_PINNED" ]]; then
        printf '%s node %s: %s%s presented the pinned host key and accepted the login\n' "$SELF" "$NODE" "$ENDPOINT" "$VIA"
    else
        printf '%s node %s: %s%s accepted the login (host key not checked: ssh.insecureIgnoreHostKey)\n' "$SELF" "$NODE" "$ENDPOINT" "$VIA"
    fi
    exit 0
fi
if [[ -n "$STEP_DIR" && "$ACTION" == "unconverge" && "$REMOTE_COMMAND" == "-" ]]; then
    remove_step_dir
    exit 0
fi
if ! has_bundle; then
    push_bundle
fi

# The run is bounded on the host too: `timeout` runs as root between sudo and bash (`sudo -n --
# timeout … bash <script>`), so when the SSH connection is gone (pulumi cancelled, the timeout
# here) the whole run on the host still ends by then — the converge and everything it started
# (timeout signals its process group). The converge holds the host's lock while it runs: a second
# one waits for it, or fails naming it.
[[ "$REMOTE_COMMAND" =~ ^(.*--\ )?(bash\ [A-Za-z0-9._+/-]+)$ ]] ||
    die "the remote command for '$ACTION' is not '[sudo … --] bash <script>' — a bug in the caller"
REMOTE_RUN="${BASH_REMATCH[1]}timeout --kill-after=15 ${CONTINUUM_RUN_TIMEOUT} ${BASH_REMATCH[2]}"

# A node's converge: the run's output to its log file, not to the state (see the top).
RUN_LOG=""
SEE="read its output above"
if [[ -z "$STEP_DIR" && "${CONTINUUM_RUN_STDOUT:-}" != 1 ]]; then
    LOG_DIR="${CONTINUUM_LOG_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/continuum/logs}"
    mkdir -p -- "$LOG_DIR" || die "cannot create the log directory ${LOG_DIR} — set CONTINUUM_LOG_DIR to a writable directory"
    RUN_LOG="${LOG_DIR}/${NODE//[^A-Za-z0-9._-]/_}_${CONTINUUM_SSH_HOST//[^A-Za-z0-9._-]/_}.${ACTION}.log"
    rm -f -- "$RUN_LOG"
    : >"$RUN_LOG" || die "cannot write ${RUN_LOG} — set CONTINUUM_LOG_DIR to a writable directory"
    SEE="its output is in ${RUN_LOG}"
fi
# The run's last lines and where the rest is, before a failure's message.
tail_of_run() {
    [[ -n "$RUN_LOG" ]] || return 0
    tail -n 60 -- "$RUN_LOG" >&2 || true
    printf '%s node %s: the whole output of the %s: %s\n' "$SELF" "$NODE" "$ACTION" "$RUN_LOG" >&2
}

# In the background and waited for: a TERM (pulumi cancelled) is handled at once, not after the
# run; `0<&0` keeps the converge input on the run's stdin.
status=0
if [[ -n "$RUN_LOG" ]]; then
    "$TIMEOUT" --kill-after=15 "$CONTINUUM_RUN_TIMEOUT" ssh -F "$CFG" -T continuum-node -- "$REMOTE_RUN" 0<&0 \
        >>"$RUN_LOG" 2>&1 &
else
    "$TIMEOUT" --kill-after=15 "$CONTINUUM_RUN_TIMEOUT" ssh -F "$CFG" -T continuum-node -- "$REMOTE_RUN" 0<&0 &
fi
RUN_PID=$!
wait "$RUN_PID" || status=$?
RUN_PID=""
[[ "$status" == 0 ]] || tail_of_run
case "$status" in
    0) ;;
    124 | 137) die "the ${ACTION} did not finish within ${CONTINUUM_RUN_TIMEOUT}s and was stopped — ${SEE}; it is idempotent: run pulumi up again (or raise ssh.timeoutSeconds)" ;;
    255) die "the SSH connection to ${ENDPOINT} failed during the ${ACTION} (exit 255) — ${SEE}; the ${ACTION} is idempotent: run pulumi up again" ;;
    *) exit "$status" ;;
esac
[[ -z "$STEP_DIR" || "$ACTION" != "unconverge" ]] || remove_step_dir
