#!/usr/bin/env bash
# Undo kubeadm-kube-vip.sh and kubeadm-kube-vip-init.sh: remove kube-vip's static pod (the kubelet
# stops it; a VIP this node held moves to another control plane within the lease). Idempotent;
# needs no parameters. kubeadm-uninstall.sh, when it runs after, removes /etc/kubernetes anyway.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-kube-vip-uninstall
rm -f /etc/kubernetes/manifests/kube-vip.yaml
echo "kube-vip removed from $(hostname)"
