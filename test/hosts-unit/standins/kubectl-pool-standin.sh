#!/usr/bin/env bash
# STAND-IN for kubectl (no Kubernetes API on the unit-test machine): answers the calls
# node-pool.sh makes from files in $STANDIN_STATE — `nodes` (lines `name cluster`, the
# registered Nodes), `taints-<node>` (the managed-taints annotation), `api-down` — and logs every
# mutating call to $STANDIN_STATE/calls (a server-side apply also saves its manifest to `applied`).
# It does not implement server-side apply: it records what would be applied.
# Used only by test/hosts-unit/node-pool.test.ts.
set -euo pipefail
state="${STANDIN_STATE:?}"
args=()
for a in "$@"; do
    case "$a" in --request-timeout=* | --kubeconfig | /etc/kubernetes/admin.conf) ;; *) args+=("$a") ;; esac
done
touch "$state/nodes"
label=""
jsonpath=""
for a in "${args[@]}"; do
    case "$a" in continuum.dev/cluster=*) label="${a#continuum.dev/cluster=}" ;; jsonpath=*) jsonpath="$a" ;; esac
done
case "${args[0]}" in
    get)
        if [[ "${args[1]}" == --raw ]]; then
            [[ ! -e "$state/api-down" ]] || exit 1
            echo ok
        elif [[ "${args[1]}" == nodes ]]; then
            while read -r name cluster; do
                [[ -n "$name" ]] || continue
                [[ -z "$label" || "$cluster" == "$label" ]] || continue
                if [[ "$jsonpath" == *managed-taints* ]]; then
                    printf '%s\t%s\n' "$name" "$(cat "$state/taints-$name" 2>/dev/null || true)"
                else
                    printf '%s\n' "$name"
                fi
            done <"$state/nodes"
        else
            # get node <name> [-o jsonpath=...Ready...]
            grep -q "^${args[2]} " "$state/nodes" || exit 1
            [[ "$jsonpath" != *Ready* ]] || echo True
        fi
        ;;
    apply)
        cat >"$state/applied"
        echo "${args[*]}" >>"$state/calls"
        ;;
    annotate)
        for a in "${args[@]}"; do
            [[ "$a" == continuum.dev/managed-taints=* ]] && printf '%s' "${a#*=}" >"$state/taints-${args[2]}"
        done
        echo "${args[*]}" >>"$state/calls"
        ;;
    delete)
        grep -v "^${args[2]} " "$state/nodes" >"$state/nodes.new" || true
        mv "$state/nodes.new" "$state/nodes"
        echo "${args[*]}" >>"$state/calls"
        ;;
    *) echo "${args[*]}" >>"$state/calls" ;;
esac
