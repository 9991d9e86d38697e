# shellcheck shell=bash
# Shared by node-converge.sh and node-unconverge.sh (sourced after continuum-lib.sh): split the
# converge input on stdin into the global parameters and one section per step.

# Directories of a node's bundles on the host: ~/.continuum-bundle-<digest16>.
# shellcheck disable=SC2034 # used by the scripts that source this file
CONTINUUM_BUNDLE_PREFIX=".continuum-bundle-"
# In a bundle that converged: its UNINSTALLS (step:uninstall pairs, names only).
CONVERGE_MANIFEST=".continuum-uninstalls"

declare -A CONVERGE_SECTION=()

# Read stdin: lines before the first `# continuum-step` are the global parameters (read with
# continuum_read_params, so nothing in them is evaluated); each `# continuum-step <script>` line
# starts that step's section, kept verbatim for the step.
converge_read_input() {
    local line current="" global=""
    if [[ -t 0 ]]; then
        continuum_die "no input on stdin" "feed the converge input (see node-converge.sh) on stdin"
    fi
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ "$line" =~ ^#\ continuum-step\ (.+)$ ]]; then
            current="${BASH_REMATCH[1]}"
            converge_check_name "$current"
            CONVERGE_SECTION["$current"]=""
            continue
        fi
        if [[ -z "$current" ]]; then
            global+="$line"$'\n'
        else
            CONVERGE_SECTION["$current"]+="$line"$'\n'
        fi
    done
    continuum_read_params <<<"$global"
    # The global parameters are the runner's own: the steps do not inherit them.
    while IFS= read -r line; do
        if [[ "$line" =~ ^([A-Z][A-Z0-9_]*)(:b64)?= ]]; then export -n "${BASH_REMATCH[1]}"; fi
    done <<<"$global"
}

# A step name is a script file name of the bundle (no path, no spaces).
converge_check_name() {
    [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*\.sh$ ]] || \
        continuum_die "step name '$1' is not a script file name" "a bug in the caller: steps are base names like k3s-install.sh"
}

# The step must be named, lie in this bundle, and have its parameters section.
converge_check_step() {
    converge_check_name "$1"
    [[ -f "$CONTINUUM_DIR/$1" ]] || continuum_die "step $1 is not in the bundle $CONTINUUM_DIR" "run pulumi up again: the bundle is pushed before the converge"
    [[ -n "${CONVERGE_SECTION[$1]+set}" ]] || continuum_die "step $1 has no parameters section" "a bug in the caller: every step gets a '# continuum-step $1' section"
}

# Print a step's parameters (for a pipe into the step).
converge_section() {
    printf '%s' "${CONVERGE_SECTION[$1]}"
}

# converge_undo_dropped_steps OLD_BUNDLE STEP...: run the uninstall script of every step the old
# bundle's converge ran (its manifest) that is not among STEP..., from the old bundle, with no
# parameters. A bundle without a manifest (from before manifests) is left as it is.
converge_undo_dropped_steps() {
    local old="$1" pair step undo
    shift
    [[ -f "$old/$CONVERGE_MANIFEST" ]] || return 0
    local -a pairs
    read -r -a pairs <"$old/$CONVERGE_MANIFEST"
    for ((i = ${#pairs[@]} - 1; i >= 0; i--)); do
        pair="${pairs[$i]}"
        step="${pair%%:*}"
        undo="${pair#*:}"
        [[ "$undo" == "-" ]] && continue
        converge_check_name "$step"
        converge_check_name "$undo"
        if printf '%s\n' "$@" | grep -qxF -- "$step"; then continue; fi
        [[ -f "$old/$undo" ]] || continue
        continuum_log "node ${NODE_NAME:-?}: $step is no longer wanted: $undo (from $(basename "$old"))"
        printf '%s\n' "$CONTINUUM_MARKER" | bash "$old/$undo" || \
            continuum_die "undoing the dropped step $step ($undo) failed on node ${NODE_NAME:-?}; the previous bundle $old is kept" \
                "read its message above and run pulumi up again; it retries the undo"
    done
}
