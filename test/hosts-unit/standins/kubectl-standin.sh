#!/usr/bin/env bash
# STAND-IN for kubectl (no Kubernetes API on the unit-test machine): answers the calls
# node-reconcile.sh, node-remove.sh and node-drain.sh make about one Node from files in
# $STANDIN_STATE (annotations, ready, version; api-down, node-absent and drain-fails switch
# failures on) and logs every mutating call to $STANDIN_STATE/calls.
# Used only by test/hosts-unit/node-*.test.ts.
set -euo pipefail
state="${STANDIN_STATE:?}"
args=()
for a in "$@"; do
    case "$a" in --kubeconfig | --request-timeout=*) ;; /etc/kubernetes/admin.conf) ;; *) args+=("$a") ;; esac
done
verb="${args[0]}"
case "$verb" in
    get)
        if [[ "${args[1]}" == --raw ]]; then
            [[ ! -e "$state/api-down" ]] || exit 1
            echo ok
            exit 0
        fi
        [[ ! -e "$state/node-absent" ]] || exit 1
        for a in "${args[@]}"; do
            if [[ "$a" == *'.status.conditions'* ]]; then cat "$state/ready" 2>/dev/null || echo True; fi
            if [[ "$a" == *'.status.nodeInfo.kubeletVersion'* ]]; then cat "$state/version"; fi
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
    drain)
        echo "${args[*]}" >>"$state/calls"
        [[ ! -e "$state/drain-fails" ]] || exit 1
        ;;
    *) echo "${args[*]}" >>"$state/calls" ;;
esac
