#!/usr/bin/env bash
# Undo runtimes-install.sh: remove what it recorded in /etc/continuum/runtimes/owned (binaries,
# /opt/kata, the K3s template or containerd drop-in), remove the packages it installed (crun and
# the dependencies it pulled in), and
# restart the service that reads the containerd config. Idempotent: nothing recorded, nothing done.
#
# Params (stdin env file): CONFIG_MODE (k3s | dropin), the same as the install got; without it,
# the mode the install recorded.
set -euo pipefail
# shellcheck source=../../hosts/scripts/continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init runtimes-uninstall

STATE_DIR=/etc/continuum/runtimes
[[ -d "$STATE_DIR" ]] || exit 0
# Without parameters (a step dropped from a node's converge): the mode the install recorded.
CONFIG_MODE="${CONFIG_MODE:-$(cat "$STATE_DIR/config-mode" 2>/dev/null || echo dropin)}"

if [[ -f "$STATE_DIR/owned" ]]; then
    while IFS= read -r path; do
        [[ -n "$path" && "$path" == /* ]] || continue
        rm -rf -- "$path"
    done <"$STATE_DIR/owned"
fi
if [[ -f "$STATE_DIR/package" ]]; then
    # Exactly the packages the install added (one per line), dependencies included.
    mapfile -t pkgs < <(grep -E '^[a-z0-9][a-z0-9.+-]*$' "$STATE_DIR/package" || true)
    if [[ "${#pkgs[@]}" -gt 0 ]]; then
        if command -v apt-get >/dev/null; then
            DEBIAN_FRONTEND=noninteractive apt-get purge -y "${pkgs[@]}" >&2 || true
        elif command -v dnf >/dev/null; then
            dnf remove -y "${pkgs[@]}" >&2 || true
        fi
    fi
fi
rm -rf "$STATE_DIR"

service=containerd
if [[ "$CONFIG_MODE" == k3s ]]; then
    service=k3s
    systemctl is-active --quiet k3s || service=k3s-agent
fi
if systemctl is-active --quiet "$service"; then
    systemctl restart "$service"
    continuum_wait 180 "$service to become active" systemctl is-active --quiet "$service"
fi
