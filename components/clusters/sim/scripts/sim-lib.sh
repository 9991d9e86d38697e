# shellcheck shell=bash
# continuum sim-substrate library: sourced (never executed) by sim-cluster.sh and sim-nodes.sh.
# The caller sets SIM_SCRIPT (its name, the prefix of its messages) before sourcing it.

die() { echo "$SIM_SCRIPT: $*" >&2; exit 1; }
log() { echo "$SIM_SCRIPT: $*" >&2; }

# Every sim script's first two parameters (checked by sim_check_cluster_and_state_dir).
CLUSTER=""
STATE_DIR=""

# sim_read_params "<what is expected>" KEY...: read KEY=VALUE lines from stdin into the named
# globals, up to a line `---` or the end of input; blank and `#` lines are skipped, any other key
# is fatal. Nothing in a value is expanded.
sim_read_params() {
    local expected=$1 line key value known
    shift
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line == --- ]] && break
        [[ -z $line || $line == \#* ]] && continue
        key=${line%%=*}
        value=${line#*=}
        for known in "$@"; do
            [[ $key == "$known" ]] && break
        done
        [[ $key == "$known" ]] || die "unknown parameter '$key' on stdin — expected $expected"
        printf -v "$key" '%s' "$value"
    done
}

# sim_check_cluster_and_state_dir: CLUSTER is a lowercase DNS label, STATE_DIR an absolute path.
sim_check_cluster_and_state_dir() {
    [[ $CLUSTER =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "CLUSTER '$CLUSTER' is not a lowercase DNS label"
    [[ $STATE_DIR == /* ]] || die "STATE_DIR '$STATE_DIR' is not an absolute path"
}
