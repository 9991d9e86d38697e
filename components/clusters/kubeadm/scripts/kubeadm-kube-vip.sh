#!/usr/bin/env bash
# kube-vip on a kubeadm control plane (apiEndpoint.vip), after kubeadm init or join: its static pod
# in /etc/kubernetes/manifests (ARP, control-plane VIP, leader election on the Lease plndr-cp-lock
# in kube-system; rendered by components/day2/kube-vip.ts, the image pinned by digest), with
# admin.conf. On a joiner it comes after `kubeadm join` (whose preflight wants no foreign static
# pods); on the node that ran init it replaces the super-admin.conf manifest of
# kubeadm-kube-vip-init.sh (the kubelet restarts the pod: the VIP moves or comes back within the
# lease). Then waits until the VIP answers the API. Idempotent: written only when it differs.
#
# Params (stdin env file):
#   NODE_NAME          the node, for messages
#   KUBE_VIP_MANIFEST  the static pod
#   VIP, API_PORT      where the API must answer afterwards
#   WAIT_SECONDS       how long to wait for it (default 600)
# Uninstall: kubeadm-kube-vip-uninstall.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-kube-vip
continuum_require NODE_NAME KUBE_VIP_MANIFEST VIP API_PORT
file=/etc/kubernetes/manifests/kube-vip.yaml
[[ -f /etc/kubernetes/continuum-kubeadm.done ]] ||
    continuum_die "kubeadm has not finished on $NODE_NAME: kube-vip's static pod goes in after init or join" \
        "a bug in the step order (kubeadm-install.sh runs first); run pulumi up again"
holds_vip() { ip -o addr show 2>/dev/null | grep -qF " $VIP/"; }
if [[ -f "$file" && "$(cat "$file")" != "$KUBE_VIP_MANIFEST" ]]; then
    # Another kube-vip runs here (the one init ran with, on super-admin.conf). Stop it first and let
    # it release the VIP, so that the wait below sees the new one hold it, not the old one before
    # the kubelet replaced it (steps after this one reach the API through the VIP).
    rm -f "$file"
    for ((i = 0; i < 60; i++)); do holds_vip || break; sleep 1; done
    holds_vip && continuum_log "WARNING: the VIP $VIP is still on $NODE_NAME 60 s after kube-vip's manifest went"
fi
if [[ -n "$(continuum_write_file "$file" 0600 "$KUBE_VIP_MANIFEST")" ]]; then
    continuum_log "kube-vip's static pod written on $NODE_NAME"
fi
host="$VIP"
[[ "$host" == *:* ]] && host="[$host]"
continuum_wait "${WAIT_SECONDS:-600}" "the API through the VIP $VIP (kube-vip: crictl logs of the kube-vip container)" \
    /usr/local/bin/kubectl --kubeconfig /etc/kubernetes/admin.conf --server "https://$host:$API_PORT" get --raw /readyz
echo "kube-vip in place on $NODE_NAME; the API answers through $VIP"
