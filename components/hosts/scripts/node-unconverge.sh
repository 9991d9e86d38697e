#!/usr/bin/env bash
# Undo node-converge.sh: run the steps' uninstall scripts in reverse order (each with the
# parameters its step got), then remove this bundle directory and any other of the node's. Idempotent: the uninstall scripts
# are, and a missing directory is nothing to remove.
#
# Input (stdin): the converge input, plus in the global parameters
#   UNINSTALLS=a.sh:a-uninstall.sh b.sh:-    step:uninstall pairs in step order ('-': nothing to undo)
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
# shellcheck source=converge-lib.sh
source "$CONTINUUM_DIR/converge-lib.sh"
# shellcheck disable=SC2034 # read by continuum_log and continuum_die (continuum-lib.sh)
CONTINUUM_SCRIPT="node-unconverge"
continuum_require_root
converge_read_input
# One run at a time on this host; the steps inherit the lock.
continuum_lock
continuum_require NODE_NAME
read -r -a pairs <<<"${UNINSTALLS:-}"

for ((i = ${#pairs[@]} - 1; i >= 0; i--)); do
    step="${pairs[$i]%%:*}"
    undo="${pairs[$i]#*:}"
    [[ "$undo" == "-" ]] && continue
    converge_check_step "$step"
    converge_check_name "$undo"
    [[ -f "$CONTINUUM_DIR/$undo" ]] || continuum_die "uninstall script $undo is not in the bundle" "a bug in the caller: uninstall scripts go into the bundle"
    continuum_log "node $NODE_NAME: $undo"
    converge_section "$step" | bash "$CONTINUUM_DIR/$undo" || \
        continuum_die "uninstall $undo failed on node $NODE_NAME" "read its message above; pulumi destroy (or up) runs the uninstall again"
done

# Other bundles of this node beside this one (an update whose converge failed or was cut off left
# its bundle; the converge is deleted before any replacement is created): the steps only they
# recorded are undone with their own uninstall scripts, then they go too.
undone=()
for pair in "${pairs[@]}"; do undone+=("${pair%%:*}"); done
for other in "$(dirname "$CONTINUUM_DIR")/${CONTINUUM_BUNDLE_PREFIX}"*; do
    [[ -d "$other" && "$other" != "$CONTINUUM_DIR" ]] || continue
    converge_undo_dropped_steps "$other" "${undone[@]}"
    rm -rf -- "$other"
done

cd /
rm -rf -- "$CONTINUUM_DIR"
echo "node $NODE_NAME: everything continuum installed is removed"
