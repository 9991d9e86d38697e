#!/usr/bin/env bash
# Leave KubeEdge: `keadm reset edge` (stops edgecore, removes /etc/kubeedge and its certs),
# then remove keadm. Idempotent: nothing joined, nothing to do.
set -euo pipefail
# shellcheck source=../../hosts/scripts/continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init keadm-reset

endpoint="${REMOTE_RUNTIME_ENDPOINT:-unix:///run/containerd/containerd.sock}"
if [[ -x /usr/local/bin/keadm ]] && { [[ -e /etc/kubeedge ]] || systemctl list-unit-files edgecore.service >/dev/null 2>&1; }; then
    /usr/local/bin/keadm reset edge --force --remote-runtime-endpoint="$endpoint" >&2 || true
fi
if systemctl list-unit-files edgecore.service >/dev/null 2>&1; then
    systemctl disable --now edgecore >/dev/null 2>&1 || true
fi
rm -rf /etc/kubeedge /etc/systemd/system/edgecore.service /usr/local/bin/edgecore
# The pods' slices edgecore's kubelet made (systemd cgroup driver) stay as transient units until
# stopped; stopping the parent stops the rest.
systemctl stop kubepods.slice >/dev/null 2>&1 || true
# edgecore's kubelet state (pods' volumes unmounted first, deepest first), its database and logs.
findmnt -rn -o TARGET | awk 'index($0, "/var/lib/kubelet/") == 1' | sort -r | while IFS= read -r m; do umount "$m" 2>/dev/null || umount -l "$m" || true; done
rm -rf /var/lib/kubelet /var/lib/kubeedge /var/log/kubeedge
if [[ "$(cat /etc/continuum/keadm/libexec 2>/dev/null)" == created ]]; then rm -rf /usr/libexec/kubernetes; fi
systemctl daemon-reload || true
rm -f /usr/local/bin/keadm
rm -rf /etc/continuum/keadm
