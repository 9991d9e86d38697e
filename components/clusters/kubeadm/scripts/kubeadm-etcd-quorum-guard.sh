#!/usr/bin/env bash
# Refuse a control-plane change that could leave etcd without quorum (issue 23), on the kubeadm
# control plane that holds the init role, before anything of the change runs (its converge runs
# before any node leaves: Pulumi deletes after it created and updated). The live etcd members —
# kubeadm's stacked etcd runs one member per control plane, named after the node: the Nodes
# labelled node-role.kubernetes.io/control-plane — are compared with the control planes the spec
# lists: the change is refused when the members that stay are fewer than a quorum of the members
# now, or, with the new ones joined, fewer than a quorum of the membership at its largest — the
# same test as components/day2/quorum.ts and k3s-etcd-quorum-guard.sh. Read-only; a host where
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
mapfile -t members < <(printf '%s\n' "$members_text" | sed '/^$/d' | sort -u)
IFS=, read -r -a wanted <<<"$CONTROL_PLANES"
declare -A is_member=() is_wanted=()
for m in "${members[@]}"; do is_member[$m]=1; done
for w in "${wanted[@]}"; do is_wanted[$w]=1; done
kept=0 added=0 removed=()
for w in "${wanted[@]}"; do
    if [[ -n "${is_member[$w]:-}" ]]; then kept=$((kept + 1)); else added=$((added + 1)); fi
done
for m in "${members[@]}"; do
    [[ -n "${is_wanted[$m]:-}" ]] || removed+=("$m")
done
n=${#members[@]}
quorum() { echo $(($1 / 2 + 1)); }
if ((${#removed[@]} > 0)) && { ((kept < $(quorum "$n"))) || ((kept + added < $(quorum $((n + added))))); }; then
    list="$(IFS=,; echo "${removed[*]}")"
    continuum_die "cluster $CLUSTER: removing ${#removed[@]} of $n control planes at once (${list//,/, }) leaves $kept of $n etcd members, fewer than the $(quorum "$n") etcd needs for quorum while the change runs; nothing was changed" \
        "do it in steps: add new control planes first (one pulumi up), then remove at most $((n - $(quorum "$n"))) control plane(s) per pulumi up (docs/day2.md)"
fi
echo "cluster $CLUSTER: $n etcd members, $kept stay, $added join, ${#removed[@]} leave — quorum kept"
