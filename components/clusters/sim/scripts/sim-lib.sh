# shellcheck shell=bash
# continuum sim-substrate library: sourced (never executed) by sim-cluster.sh and sim-nodes.sh,
# right after their `set -euo pipefail`.

# The sourcing script's name, the prefix of its messages.
SIM_SCRIPT=$(basename "${BASH_SOURCE[1]}" .sh)
# kwokctl writes the cluster's CA and admin keys (pki/, kubeconfig.yaml) with the process umask, and
# the scripts write kubeconfigs and node lists: only the owner may read anything under STATE_DIR.
umask 077

die() { echo "$SIM_SCRIPT: $*" >&2; exit 1; }
log() { echo "$SIM_SCRIPT: $*" >&2; }

# sim_read_params "<what is expected>" KEY[=DEFAULT]...: set each named global to its DEFAULT (empty
# without one; never a value from the environment), then read KEY=VALUE lines from stdin into them,
# up to a line `---` or the end of input; blank and `#` lines are skipped, any other key is fatal.
# Nothing in a value is expanded.
sim_read_params() {
    local expected=$1 line key value known names=()
    shift
    for known in "$@"; do
        names+=("${known%%=*}")
        if [[ $known == *=* ]]; then printf -v "${known%%=*}" '%s' "${known#*=}"; else printf -v "$known" '%s' ""; fi
    done
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line == --- ]] && break
        [[ -z $line || $line == \#* ]] && continue
        key=${line%%=*}
        value=${line#*=}
        for known in "${names[@]}"; do
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
