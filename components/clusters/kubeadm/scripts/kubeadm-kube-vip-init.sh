#!/usr/bin/env bash
# kube-vip before `kubeadm init` on the control plane that starts the cluster (apiEndpoint.vip): its
# static pod in /etc/kubernetes/manifests before init, so the VIP answers when init's phases reach
# the API through the control-plane endpoint (the VIP). Kubernetes ≥ 1.29's admin.conf is bound to
# cluster-admin only once init created that binding, so during init kube-vip authenticates with
# super-admin.conf (kube-vip issue #684, kube-vip.io docs/installation/static); kubeadm-kube-vip.sh
# switches it back to admin.conf after init. A node whose init (or join) finished gets the
# admin.conf manifest here already (the init role moved to it: it has no super-admin.conf).
# Idempotent: the file is written only when it differs.
#
# Params (stdin env file):
#   NODE_NAME               the node, for messages
#   KUBE_VIP_INIT_MANIFEST  the static pod with super-admin.conf (rendered by components/day2/kube-vip.ts)
#   KUBE_VIP_MANIFEST       the static pod with admin.conf
# Uninstall: kubeadm-kube-vip-uninstall.sh (the step after the install removes the file).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-kube-vip-init
continuum_require NODE_NAME KUBE_VIP_INIT_MANIFEST KUBE_VIP_MANIFEST
file=/etc/kubernetes/manifests/kube-vip.yaml
if [[ -f /etc/kubernetes/continuum-kubeadm.done ]]; then
    manifest="$KUBE_VIP_MANIFEST"
else
    manifest="$KUBE_VIP_INIT_MANIFEST"
fi
if [[ -n "$(continuum_write_file "$file" 0600 "$manifest")" ]]; then
    continuum_log "kube-vip's static pod written on $NODE_NAME (before kubeadm init)"
fi
echo "kube-vip in place on $NODE_NAME for kubeadm init"
