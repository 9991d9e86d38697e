#!/usr/bin/env bash
# STAND-IN for host tools a script calls that must not touch the machine running the unit tests
# (modprobe, sysctl, iptables-save/-restore, ip6tables-save/-restore, ip, runc): records the
# call (by the name it was called as) in $STANDIN_STATE/calls and answers as the real tool would
# on a prepared host. sysctl -n <key> answers the value a `sysctl -p <file>` set (or 1).
# Used only by test/hosts-unit (host-sandbox.ts).
set -euo pipefail
state="${STANDIN_STATE:?}"
name="$(basename "$0")"
printf '%s %s\n' "$name" "$*" >>"$state/calls"
case "$name" in
    sysctl)
        if [[ "${1:-}" == -n ]]; then
            grep -h "^$2 = " "$state"/sysctl.* 2>/dev/null | tail -n 1 | sed 's/^.* = //' | grep . || echo 1
        elif [[ "${1:-}" == -q && "${2:-}" == -p ]]; then
            cp "$3" "$state/sysctl.$(basename "$3")"
        fi ;;
    iptables-save | ip6tables-save)
        printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j KUBE-FIREWALL\n-A INPUT -j ACCEPT\nCOMMIT\n' ;;
    iptables-restore | ip6tables-restore) cat >"$state/$name.in" ;;
    ip) [[ "${1:-}" != link || "${2:-}" != show ]] || exit 1 ;;
    modprobe | runc) ;;
    *) echo "host-tool-standin: '$name' is not emulated" >&2; exit 1 ;;
esac
