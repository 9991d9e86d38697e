#!/usr/bin/env bash
# STAND-IN for systemctl (a host script run in a unit-test sandbox, with no systemd of its own):
# records every call in $STANDIN_STATE/calls and keeps each unit's state as files in
# $STANDIN_STATE/units (active-<unit>, enabled-<unit>). A unit "exists" when its unit file is in
# /etc/systemd/system. Used only by test/hosts-unit (host-sandbox.ts).
set -euo pipefail
state="${STANDIN_STATE:?}"
mkdir -p "$state/units"
printf 'systemctl %s\n' "$*" >>"$state/calls"
args=()
for a in "$@"; do
    case "$a" in --quiet | -q | --now | --no-pager) ;; *) args+=("$a") ;; esac
done
verb="${args[0]:-}"
# A call that hangs (until killed), to stop a script at that point: $STANDIN_STATE/units/hang-<verb>.
if [[ -e "$state/units/hang-$verb" ]]; then sleep 3600; fi
units=("${args[@]:1}")
now=""
[[ " $* " != *" --now "* ]] || now=yes
for u in "${units[@]}"; do
    u="${u%.service}"
    case "$verb" in
        is-active) [[ -e "$state/units/active-$u" ]] || exit 3 ;;
        is-enabled) [[ -e "$state/units/enabled-$u" ]] || exit 1 ;;
        start | restart)
            [[ ! -e "$state/units/fail-$u" ]] || { echo "Job for $u.service failed (stand-in)" >&2; exit 1; }
            touch "$state/units/active-$u" ;;
        stop) rm -f "$state/units/active-$u" ;;
        enable) touch "$state/units/enabled-$u"; [[ -z "$now" ]] || touch "$state/units/active-$u" ;;
        disable) rm -f "$state/units/enabled-$u"; [[ -z "$now" ]] || rm -f "$state/units/active-$u" ;;
        list-unit-files) [[ -f "/etc/systemd/system/$u.service" ]] || exit 1 ;;
        *) echo "systemctl-standin: '$verb' is not emulated" >&2; exit 1 ;;
    esac
done
case "$verb" in daemon-reload) ;; esac
exit 0
