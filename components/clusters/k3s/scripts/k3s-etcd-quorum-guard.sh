#!/usr/bin/env bash
# Refuse a control-plane change that could leave etcd without quorum (issue 23), on the first
# K3s server, before anything of the change runs (the servers converge before any node leaves:
# Pulumi deletes after it created and updated). The live etcd members (the servers K3s labels
# node-role.kubernetes.io/etcd) are compared with the servers the spec lists: the change is
# refused when the members that stay are fewer than a quorum of the members now, or, with the
# new ones joined, fewer than a quorum of the membership at its largest — the same test as
# components/day2/quorum.ts, in continuum-lib.sh (continuum_etcd_quorum_guard, shared with
# kubeadm-etcd-quorum-guard.sh). Read-only; a host where K3s does not run yet passes (a new cluster).
#
# Params (stdin env file):
#   NODE_NAME       the node, for messages
#   CLUSTER         the cluster, for messages
#   CONTROL_PLANES  the servers the spec lists, comma-separated, in spec order
# Uninstall: nothing (it changes nothing).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-etcd-quorum-guard
continuum_require NODE_NAME CLUSTER CONTROL_PLANES
bin=/usr/local/bin/k3s

if [[ ! -x "$bin" ]] || ! systemctl is-active --quiet k3s; then
    echo "K3s does not run on $NODE_NAME yet: no etcd membership to keep"
    exit 0
fi
members_text="$("$bin" kubectl --request-timeout=30s get nodes -l node-role.kubernetes.io/etcd=true \
    -o 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}')" ||
    continuum_die "cannot list the etcd members of cluster $CLUSTER from $NODE_NAME" \
        "check the K3s API here (journalctl -u k3s) and run pulumi up again; nothing was changed"
continuum_etcd_quorum_guard "$CLUSTER" "$members_text" "$CONTROL_PLANES" server
