#!/usr/bin/env bash
# Converge this node to its whole desired state in one run: each step's script (from this
# bundle directory) runs in order with that step's own parameters. Every step is idempotent, so
# the converge is: a second run with the same input changes nothing. A failing step stops the
# run and names itself; the next `pulumi up` runs the converge again from the start.
#
# Input (stdin, see components/hosts/converge-params.ts):
#   (a sudo password line, in password mode, that sudo did not consume)
#   # continuum-params v1
#   NODE_NAME=...                 the node, for messages
#   STEPS=a.sh b.sh               the step scripts, in order
#   # continuum-step a.sh         then, per step, its parameters as an env file
#   # continuum-params v1
#   KEY=value
#   # continuum-step b.sh
#   ...
# A step's parameters reach only that step, through a pipe (never a file). When every step
# passed, the steps an older bundle directory of this node (`.continuum-bundle-*` beside this one)
# ran and this one does not are undone with that bundle's uninstall scripts (which then get no
# parameters: they undo what their install recorded on the host), and the older bundles are removed.
# Uninstall: node-unconverge.sh (the steps' uninstall scripts in reverse order, then this directory).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
# shellcheck source=converge-lib.sh
source "$CONTINUUM_DIR/converge-lib.sh"
# shellcheck disable=SC2034 # read by continuum_log and continuum_die (continuum-lib.sh)
CONTINUUM_SCRIPT="node-converge"
continuum_require_root
converge_read_input
# One run at a time on this host; the steps inherit the lock.
continuum_lock
continuum_require NODE_NAME STEPS

read -r -a steps <<<"$STEPS"
for step in "${steps[@]}"; do
    converge_check_step "$step"
done
for step in "${steps[@]}"; do
    continuum_log "node $NODE_NAME: $step"
    if ! converge_section "$step" | bash "$CONTINUUM_DIR/$step"; then
        continuum_die "step $step failed on node $NODE_NAME; the steps after it did not run" \
            "read the step's message above, fix the cause, and run pulumi up again (every step is idempotent)"
    fi
done

# What this bundle's steps install and how each is undone (names only, no parameters), so a
# later converge can undo a step it no longer runs.
if [[ "$(cat "$CONTINUUM_DIR/$CONVERGE_MANIFEST" 2>/dev/null)" != "${UNINSTALLS:-}" ]]; then
    printf '%s\n' "${UNINSTALLS:-}" >"$CONTINUUM_DIR/$CONVERGE_MANIFEST"
fi

# Older bundles of this node (a previous version of the scripts, artifacts or steps): first undo
# each step they ran that this converge no longer runs (a runtime or airgap images dropped from
# the node), with that bundle's own uninstall script; then remove them. A failed undo keeps the
# old bundle, so the next converge tries again.
for old in "$(dirname "$CONTINUUM_DIR")/${CONTINUUM_BUNDLE_PREFIX}"*; do
    [[ -d "$old" && "$old" != "$CONTINUUM_DIR" ]] || continue
    converge_undo_dropped_steps "$old" "${steps[@]}"
    rm -rf -- "$old"
done
echo "node $NODE_NAME converged (${STEPS})"
