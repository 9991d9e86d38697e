#!/usr/bin/env bash
# kube-vip for the API VIP on a K3s server (clusters[].apiEndpoint.vip): write its manifests
# (ServiceAccount, RBAC, DaemonSet on the servers; rendered by components/day2/kube-vip.ts, the
# image pinned by digest) into K3s's auto-deploy directory, which K3s applies at start and on
# every change. Runs before k3s-install.sh, so a new server starts with it. Idempotent: the file
# is written only when it differs.
#
# Params (stdin env file):
#   NODE_NAME          the node, for messages
#   KUBE_VIP_FILE      /var/lib/rancher/k3s/server/manifests/continuum-kube-vip.yaml
#   KUBE_VIP_MANIFEST  its content
# Uninstall: k3s-kube-vip-uninstall.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-kube-vip
continuum_require NODE_NAME KUBE_VIP_FILE KUBE_VIP_MANIFEST
[[ "$KUBE_VIP_FILE" == /var/lib/rancher/k3s/server/manifests/continuum-kube-vip.yaml ]] ||
    continuum_die "KUBE_VIP_FILE '$KUBE_VIP_FILE' is not K3s's manifests directory" "a bug in the caller"
if [[ -n "$(continuum_write_file "$KUBE_VIP_FILE" 0600 "$KUBE_VIP_MANIFEST")" ]]; then
    continuum_log "kube-vip manifests written on $NODE_NAME (K3s applies them)"
fi
echo "kube-vip manifests in place on $NODE_NAME"
