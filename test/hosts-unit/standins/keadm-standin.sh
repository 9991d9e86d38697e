#!/usr/bin/env bash
# STAND-IN for keadm v1.23 (no CloudCore, container runtime or edgecore on the unit-test machine):
# records its argv in $STANDIN_STATE/calls and does to a sandboxed host's files what the real
# `keadm join` does (keadm/cmd/keadm/app/cmd/edge/join*.go): refuses a non-empty /etc/kubeedge,
# writes the edgecore unit, the bootstrap file /etc/kubeedge/bootstrap-edgecore.conf with the
# --token value (empty without it), then /etc/kubeedge/config/edgecore.yaml, starts edgecore, and
# waits until "edgecore" holds its certificates — which this stand-in grants once the bootstrap
# file holds a token (recorded in $STANDIN_STATE/edgecore-token, as edgecore would use it) — then
# removes the bootstrap file. `reset edge` removes /etc/kubeedge and stops edgecore.
# Failures on demand: $STANDIN_STATE/keadm-fail (join fails after writing the configuration),
# $STANDIN_STATE/keadm-hang (join hangs after starting edgecore, before it has its certificates,
# until killed).
# Used only by test/hosts-unit (host-sandbox.ts).
set -euo pipefail
state="${STANDIN_STATE:?}"
printf 'keadm %s\n' "$*" >>"$state/calls"
case "${1:-} ${2:-}" in
    "reset edge")
        systemctl disable --now edgecore >/dev/null 2>&1 || true
        rm -rf /etc/kubeedge
        echo "[reset] edge node reset (stand-in)"
        exit 0
        ;;
esac
[[ "${1:-}" == join ]] || { echo "keadm-standin: '$*' is not emulated" >&2; exit 1; }
token=""
for a in "$@"; do [[ "$a" != --token=* ]] || token="${a#--token=}"; done
if [[ -d /etc/kubeedge && -n "$(ls -A /etc/kubeedge)" ]]; then
    echo "Error: the management directory /etc/kubeedge is not clean, please remove it first" >&2
    exit 1
fi
mkdir -p /etc/kubeedge/config /etc/systemd/system
printf '[Service]\nExecStart=/usr/local/bin/edgecore\nRestart=always\n' >/etc/systemd/system/edgecore.service
printf '%s' "$token" >/etc/kubeedge/bootstrap-edgecore.conf
chmod 0640 /etc/kubeedge/bootstrap-edgecore.conf
printf 'modules:\n  edgeHub:\n    token: "%s"\n' "$token" >/etc/kubeedge/config/edgecore.yaml
echo "[4/5] Generate EdgeCore default configuration"
if [[ -e "$state/keadm-fail" ]]; then echo "Error: edge node join failed: start edgecore failed (stand-in)" >&2; exit 1; fi
systemctl daemon-reload >/dev/null
systemctl enable edgecore >/dev/null
systemctl start edgecore >/dev/null
if [[ -e "$state/keadm-hang" ]]; then sleep 3600; fi
for _ in $(seq 1 150); do
    used="$(cat /etc/kubeedge/bootstrap-edgecore.conf 2>/dev/null || true)"
    if [[ -n "${used//[[:space:]]/}" ]]; then
        printf '%s\n' "${used//[[:space:]]/}" >"$state/edgecore-token"
        stat -c %a /etc/kubeedge/bootstrap-edgecore.conf >"$state/bootstrap-mode"
        mkdir -p /etc/kubeedge/certs
        echo cert >/etc/kubeedge/certs/server.crt
        rm -f /etc/kubeedge/bootstrap-edgecore.conf
        echo "[5/5] Install Complete!"
        exit 0
    fi
    sleep 0.2
done
echo "Error: edge node join failed: timed out waiting for the condition (stand-in)" >&2
exit 1
