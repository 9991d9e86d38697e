#!/usr/bin/env bash
# Rolling upgrade, step 2 of 3 (on the node, after node-drain.sh cordoned and drained it):
# swap in the kubeadm that kubeadm-install.sh staged, run `kubeadm upgrade apply` (the first
# control plane) or `kubeadm upgrade node` (every other node), then swap kubelet and kubectl
# and restart the kubelet. A node already on KUBERNETES_VERSION is left alone; a skipped or
# downgraded minor is refused.
#
# Params: KUBERNETES_VERSION, UPGRADE_MODE (apply|node), UPGRADE_CONFIG, KUBEADM_SHA256,
#         KUBELET_SHA256, KUBECTL_SHA256 (the pinned digest: 64 hex sha256 or 128 hex sha512),
#         WAIT_SECONDS, CONTROL_PLANE.
# Uninstall: nothing.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-upgrade
continuum_require KUBERNETES_VERSION UPGRADE_MODE UPGRADE_CONFIG KUBEADM_SHA256 KUBELET_SHA256 KUBECTL_SHA256
wait_s="${WAIT_SECONDS:-600}"

[[ -x /usr/local/bin/kubelet ]] || continuum_die "the kubelet is not installed here" "run pulumi up again: the install step comes first"
current="$(/usr/local/bin/kubelet --version | awk '{print $2}')"
if [[ "$current" == "$KUBERNETES_VERSION" ]]; then
    echo "kubelet $KUBERNETES_VERSION already runs here"
    exit 0
fi
continuum_check_minor_step "$current" "$KUBERNETES_VERSION" "the kubelet on $(hostname)"

for b in kubeadm kubelet kubectl; do
    var="${b^^}_SHA256"
    staged="/var/lib/continuum/staged/$b-$KUBERNETES_VERSION"
    [[ -f "$staged" ]] || continuum_die "$b $KUBERNETES_VERSION is not staged at $staged" "run pulumi up again: the install step stages the pinned binaries"
    [[ "$(continuum_digest_of "$staged" "${!var}")" == "${!var}" ]] || continuum_die "the staged $b does not match its pinned digest; nothing was changed" "delete $staged and run pulumi up again"
done

continuum_log "upgrading $current -> $KUBERNETES_VERSION ($UPGRADE_MODE)"
continuum_install_binary "/var/lib/continuum/staged/kubeadm-$KUBERNETES_VERSION" /usr/local/bin/kubeadm >/dev/null
cfg=/etc/kubernetes/continuum-upgrade.yaml
continuum_write_file "$cfg" 0600 "$UPGRADE_CONFIG" >/dev/null
case "$UPGRADE_MODE" in
    apply) /usr/local/bin/kubeadm upgrade apply --yes --config "$cfg" ;;
    node) /usr/local/bin/kubeadm upgrade node --config "$cfg" ;;
    *) continuum_die "UPGRADE_MODE '$UPGRADE_MODE' is not apply or node" "pass apply or node" ;;
esac
rm -f "$cfg"
continuum_install_binary "/var/lib/continuum/staged/kubelet-$KUBERNETES_VERSION" /usr/local/bin/kubelet >/dev/null
continuum_install_binary "/var/lib/continuum/staged/kubectl-$KUBERNETES_VERSION" /usr/local/bin/kubectl >/dev/null
systemctl daemon-reload
systemctl restart kubelet
continuum_wait "$wait_s" "the kubelet after the upgrade (journalctl -u kubelet)" systemctl is-active --quiet kubelet
if [[ "${CONTROL_PLANE:-false}" == true ]]; then
    continuum_wait "$wait_s" "the API server after the upgrade" /usr/local/bin/kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw /readyz
fi
rm -f /var/lib/continuum/staged/kube*-"$KUBERNETES_VERSION"
echo "upgraded to $KUBERNETES_VERSION"
