#!/usr/bin/env bash
# STAND-IN for kubectl (no Kubernetes API on the unit-test machine): answers the calls
# node-reconcile.sh makes about one Node, keeps its annotations in $STANDIN_STATE, and logs
# every mutating call to $STANDIN_STATE/calls. Used only by test/hosts-unit/node-reconcile.test.ts.
set -euo pipefail
state="${STANDIN_STATE:?}"
args=()
for a in "$@"; do
    case "$a" in --kubeconfig | --request-timeout=*) ;; /etc/kubernetes/admin.conf) ;; *) args+=("$a") ;; esac
done
verb="${args[0]}"
case "$verb" in
    get)
        for a in "${args[@]}"; do
            if [[ "$a" == jsonpath=*annotations* ]]; then
                key="${a##*continuum\\.dev/}"
                key="${key%\}}"
                cat "$state/annotation-$key" 2>/dev/null || true
            fi
        done
        ;;
    annotate)
        for a in "${args[@]:3}"; do
            [[ "$a" == --overwrite ]] && continue
            k="${a%%=*}"
            printf '%s' "${a#*=}" >"$state/annotation-${k#continuum.dev/}"
        done
        echo "${args[*]}" >>"$state/calls"
        ;;
    *) echo "${args[*]}" >>"$state/calls" ;;
esac
