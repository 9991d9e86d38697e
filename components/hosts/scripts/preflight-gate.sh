#!/usr/bin/env bash
# Preflight as the first step of a node converge: run the read-only preflight.sh, then check its
# facts against the rules continuum rendered for this node (components/hosts/preflight-rules.ts:
# the decisions are made there; this only compares). A failed check stops the converge before
# anything is installed, naming the host, each check and its fix. Changes nothing.
#
# Params: NODE_NAME, NODE_ADDRESS, PORTS (for preflight.sh), PREFLIGHT_RULES_FILE (in this
#   bundle: lines mode<TAB>check<TAB>fact<TAB>op<TAB>values<TAB>unless<TAB>found<TAB>fix; op: in,
#   not-in, ge, le, has-all; values comma-separated; unless `fact=value` or '-'; `{}` in found is
#   the fact's value; mode warn: reported, not enforced).
# Uninstall: nothing to undo.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init preflight-gate
continuum_require NODE_NAME PREFLIGHT_RULES_FILE
[[ "$PREFLIGHT_RULES_FILE" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ && -f "$CONTINUUM_DIR/$PREFLIGHT_RULES_FILE" ]] || \
    continuum_die "preflight rules $PREFLIGHT_RULES_FILE are not in the bundle" "run pulumi up again: the bundle is pushed before the converge"

facts_text="$(printf '# continuum-params v1\nPORTS=%s\n' "${PORTS:-}" | bash "$CONTINUUM_DIR/preflight.sh")"
declare -A fact=()
while IFS= read -r line; do
    [[ "$line" == *=* ]] || continue
    fact["${line%%=*}"]="${line#*=}"
done <<<"$facts_text"

in_list() { # value comma-list
    local v="$1" x
    IFS=',' read -r -a xs <<<"$2"
    for x in "${xs[@]}"; do [[ "$x" == "$v" ]] && return 0; done
    return 1
}

fails() { # op value values → 0 when the rule fails
    local op="$1" v="$2" values="$3" x
    case "$op" in
        in) ! in_list "$v" "$values" ;;
        not-in) in_list "$v" "$values" ;;
        ge) [[ ! "$v" =~ ^[0-9]+$ ]] || ((v < values)) ;;
        le) [[ "$v" =~ ^[0-9]+$ ]] && ((v > values)) ;;
        has-all)
            IFS=',' read -r -a want <<<"$values"
            for x in "${want[@]}"; do in_list "$x" "$v" || return 0; done
            return 1 ;;
        *) continuum_die "preflight rule op '$op' is not known" "a bug in the caller: ops are in, not-in, ge, le, has-all" ;;
    esac
}

declare -A reported=()
failures=""
while IFS=$'\t' read -r mode check name op values unless found fix; do
    [[ -n "$check" ]] || continue
    if [[ "$unless" != "-" && "${fact[${unless%%=*}]:-none}" == "${unless#*=}" ]]; then continue; fi
    value="${fact[$name]:-}"
    fails "$op" "$value" "$values" || continue
    [[ -z "${reported[$check]:-}" ]] || continue
    reported["$check"]=1
    line="  - $check: ${found//\{\}/$value} — $fix"
    if [[ "$mode" == warn ]]; then
        continuum_log "WARNING: preflight on node '$NODE_NAME': $check not enforced (${found//\{\}/$value})"
    else
        failures+="$line"$'\n'
    fi
done <"$CONTINUUM_DIR/$PREFLIGHT_RULES_FILE"

if [[ -n "$failures" ]]; then
    printf "preflight failed on node '%s' (%s); nothing was installed there:\n%s" "$NODE_NAME" "${NODE_ADDRESS:-?}" "$failures" >&2
    exit 1
fi
echo "preflight passed on node $NODE_NAME"
