#!/usr/bin/env bash
# Refuse a control-plane change that could leave etcd without quorum (issue 23), on the kubeadm
# control plane that holds the init role, before anything of the change runs (its converge runs
# before any node leaves: Pulumi deletes after it created and updated). The live etcd members —
# kubeadm's stacked etcd runs one member per control plane, named after the node: the Nodes
# labelled node-role.kubernetes.io/control-plane — are compared with the control planes the spec
# lists: the change is refused when the members that stay are fewer than a quorum of the members
# now, or, with the new ones joined, fewer than a quorum of the membership at its largest — the
# same test as components/day2/quorum.ts, in continuum-lib.sh (continuum_etcd_quorum_guard, which
# k3s-etcd-quorum-guard.sh runs too). Read-only; a host where
# kubeadm has not run yet passes (a new cluster, or a new first control plane).
#
# Params (stdin env file):
#   NODE_NAME       the node, for messages
#   CLUSTER         the cluster, for messages
#   CONTROL_PLANES  the control planes the spec lists, comma-separated, in spec order
# Uninstall: nothing (it changes nothing).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-quorum-guard
continuum_require NODE_NAME CLUSTER CONTROL_PLANES
kubeconfig=/etc/kubernetes/admin.conf

if [[ ! -f /etc/kubernetes/continuum-kubeadm.done || ! -f "$kubeconfig" ]]; then
    echo "kubeadm has not run on $NODE_NAME yet: no etcd membership to keep"
    exit 0
fi
members_text="$(/usr/local/bin/kubectl --kubeconfig "$kubeconfig" --request-timeout=30s get nodes \
    -l node-role.kubernetes.io/control-plane -o 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}')" ||
    continuum_die "cannot list the control planes (etcd members) of cluster $CLUSTER from $NODE_NAME" \
        "check the API here (kubectl --kubeconfig $kubeconfig get --raw /readyz) and run pulumi up again; nothing was changed"
continuum_etcd_quorum_guard "$CLUSTER" "$members_text" "$CONTROL_PLANES" "control plane"
