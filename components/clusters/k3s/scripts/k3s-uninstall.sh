#!/usr/bin/env bash
# Remove K3s from this host: stop the service and its containers, unmount, delete network
# interfaces and rules K3s and the CNI created, and delete K3s's files. Idempotent: a host
# without K3s is left as it is. Runs with the same params as k3s-install.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-uninstall

for svc in k3s k3s-agent; do
    if systemctl list-unit-files "$svc.service" >/dev/null 2>&1 && [[ -f "/etc/systemd/system/$svc.service" ]]; then
        systemctl disable --now --quiet "$svc" || true
    fi
done

# Containers K3s's containerd started keep running after the service stops (KillMode=process).
for pid in $(ps -e -o pid= -o args= | awk '$2 ~ /^\/var\/lib\/rancher\/k3s\/data\/.*containerd-shim/ {print $1}'); do
    kill -9 "$pid" 2>/dev/null || true
done

# Mounts under K3s and kubelet directories, the CNI links, and the rules kube-proxy, flannel and
# the network policy controller left behind.
continuum_teardown_network '^/(run/k3s|var/lib/rancher/k3s|var/lib/kubelet|run/netns/cni-)' 'KUBE-|CNI-|FLANNEL|flannel|cali-' \
    cni0 flannel.1 flannel-v6.1 flannel-wg flannel-wg-v6 cilium_host cilium_net cilium_vxlan cilium_geneve kube-ipvs0

for link in kubectl crictl ctr; do
    if [[ -L "/usr/local/bin/$link" && "$(readlink "/usr/local/bin/$link")" == k3s ]]; then rm -f "/usr/local/bin/$link"; fi
done
rm -rf /etc/rancher/k3s /var/lib/rancher/k3s /var/lib/kubelet /run/k3s /run/flannel \
    /etc/systemd/system/k3s.service /etc/systemd/system/k3s-agent.service /usr/local/bin/k3s
rm -f /var/lib/continuum/staged/k3s-* /var/lib/continuum/restart-owed-k3s /var/lib/continuum/restart-owed-k3s-agent
rmdir /etc/rancher /var/lib/rancher /var/lib/continuum/staged /var/lib/continuum 2>/dev/null || true
systemctl daemon-reload
continuum_unmark_installed
echo "K3s removed from $(hostname)"
