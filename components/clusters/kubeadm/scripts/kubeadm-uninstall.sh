#!/usr/bin/env bash
# Remove the node from kubeadm and everything continuum installed for it: `kubeadm reset`
# (removes a control plane's etcd member; bounded so the last node never blocks), kubelet,
# containerd and their files, CNI plugins, interfaces and rules. Idempotent.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-uninstall

if [[ -x /usr/local/bin/kubeadm ]]; then
    timeout 180 /usr/local/bin/kubeadm reset -f --cri-socket unix:///run/containerd/containerd.sock || \
        continuum_log "WARNING: kubeadm reset did not finish cleanly; removing files anyway"
fi
for svc in kubelet containerd; do
    if [[ -f "/etc/systemd/system/$svc.service" ]]; then systemctl disable --now --quiet "$svc" || true; fi
done
# Shims of Kubernetes pods only (namespace k8s.io), not of other containerd users on the host.
for pid in $(ps -e -o pid= -o args= | awk '$2 ~ /containerd-shim/ && / -namespace k8s\.io / {print $1}'); do kill -9 "$pid" 2>/dev/null || true; done
# The kubelet's systemd slices (transient units: they outlive the kubelet until stopped).
systemctl stop kubepods.slice 2>/dev/null || true
continuum_teardown_network '^/(var/lib/kubelet|run/containerd|var/lib/containerd|run/netns/cni-)' 'KUBE-|CNI-|CILIUM' \
    cni0 cilium_host cilium_net cilium_vxlan cilium_geneve kube-ipvs0
# /var/lib/cni: the CNI plugins' own state (host-local's address leases, cached results).
rm -rf /etc/kubernetes /var/lib/kubelet /var/lib/etcd /etc/cni/net.d /opt/cni/bin /var/lib/cni /etc/containerd /var/lib/containerd /run/containerd /opt/containerd \
    /etc/systemd/system/kubelet.service /etc/systemd/system/kubelet.service.d /etc/systemd/system/containerd.service \
    /etc/modules-load.d/continuum-kubeadm.conf /etc/sysctl.d/90-continuum-kubeadm.conf
rm -f /usr/local/bin/kubeadm /usr/local/bin/kubelet /usr/local/bin/kubectl /usr/local/bin/containerd /usr/local/bin/containerd-shim-runc-v2 \
    /usr/local/bin/containerd-stress /usr/local/bin/ctr /var/lib/continuum/staged/kube* /var/lib/continuum/restart-owed-containerd
# The import markers of the airgap image archives (continuum_import_images): the images went with /var/lib/containerd.
rm -rf /var/lib/continuum/images
# kubectl's discovery cache (the lifecycle and pool steps run kubectl as root here).
rm -rf /root/.kube/cache
rmdir /root/.kube 2>/dev/null || true
# The kubelet's volume-plugin directory (it creates it at start), when nothing else is in it.
rmdir /usr/libexec/kubernetes/kubelet-plugins/volume/exec /usr/libexec/kubernetes/kubelet-plugins/volume \
    /usr/libexec/kubernetes/kubelet-plugins /usr/libexec/kubernetes 2>/dev/null || true
# The parents the install (mkdir -p /opt/cni/bin) and containerd's CRI (/etc/cni/net.d) made, when empty.
rmdir /var/lib/continuum/staged /var/lib/continuum /opt/cni /etc/cni 2>/dev/null || true
systemctl daemon-reload
continuum_unmark_installed
echo "kubeadm node removed from $(hostname)"
