#!/usr/bin/env bash
# STAND-IN for containerd's `ctr` (the real one needs a running containerd): records the call in
# $STANDIN_STATE/calls and answers `version` and `-n k8s.io images import <file>` as ctr would on a
# host whose containerd runs; an archive whose content starts with "corrupt" is refused, as ctr
# refuses a file that is not an image archive. Used only by test/hosts-unit (image-import.test.ts).
set -euo pipefail
state="${STANDIN_STATE:?}"
printf 'ctr %s\n' "$*" >>"$state/calls"
args=("$@")
[[ "${args[0]:-}" == --address ]] && args=("${args[@]:2}")
case "${args[*]}" in
    version) echo "Server: Version: v2.2.1 (stand-in)" ;;
    "-n k8s.io images import "*)
        file="${args[4]}"
        if [[ "$(head -c 7 "$file")" == corrupt ]]; then echo "ctr: unrecognized image format" >&2; exit 1; fi
        echo "unpacking $(basename "$file") (stand-in)" ;;
    *) echo "ctr-standin: '${args[*]}' is not emulated" >&2; exit 1 ;;
esac
