#!/usr/bin/env bash
# Undo edge-runtime.sh: stop containerd and remove the files it recorded (and runc, when it
# installed the package), then containerd's and the CNI plugins' state. Idempotent: nothing
# recorded, nothing to do.
set -euo pipefail
# shellcheck source=../../hosts/scripts/continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init edge-runtime-uninstall

STATE_DIR=/etc/continuum/edge-runtime
[[ -d "$STATE_DIR" ]] || exit 0

if systemctl list-unit-files containerd.service >/dev/null 2>&1; then
    systemctl disable --now containerd >/dev/null 2>&1 || true
fi
if [[ -f "$STATE_DIR/owned" ]]; then
    while IFS= read -r path; do
        [[ -n "$path" ]] && rm -f -- "$path"
    done <"$STATE_DIR/owned"
fi
# Directories edge-runtime.sh created, deepest first, when nothing else put files there.
if [[ -f "$STATE_DIR/dirs" ]]; then
    while IFS= read -r dir; do
        [[ -n "$dir" ]] && rmdir -- "$dir" 2>/dev/null || true
    done < <(tac "$STATE_DIR/dirs")
fi
systemctl daemon-reload || true
if [[ -f "$STATE_DIR/package" ]]; then
    pkg="$(cat "$STATE_DIR/package")"
    if command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get remove -y "$pkg" >&2 || true
    elif command -v dnf >/dev/null; then
        dnf remove -y "$pkg" >&2 || true
    fi
fi
ip link delete cni0 2>/dev/null || true
# containerd's own state (its content store holds the airgap images image-import.sh imported),
# and the CNI plugins' (host-local's address leases, cached results).
rm -rf /var/lib/containerd /run/containerd /opt/containerd /var/lib/cni
rm -rf -- "$STATE_DIR"
continuum_restart_clear containerd
rmdir /var/lib/continuum 2>/dev/null || true
continuum_unmark_installed
