#!/usr/bin/env bash
# Remove the etcd members of control planes that left the spec, from the control plane holding
# the init role (a survivor), before their hosts are wiped: this step runs with the cluster's other
# updates and before the pool step drains and deletes their Nodes; Pulumi deletes (each leaving
# node's uninstall, `kubeadm reset`) after. A leaving node's own `kubeadm reset` removes its member
# only when it reaches the API and etcd; this does it for a node that is down too. Leaving control
# planes are the Nodes labelled node-role.kubernetes.io/control-plane the spec no longer lists
# (none: nothing else is done). kubeadm's stacked etcd names each member after its node; members
# are listed and removed through etcd's v3 JSON gateway on 127.0.0.1:2379 with the healthcheck
# client certificate (curl; the real set's etcd image holds no etcdctl), one at a time, never the
# last one (the guard, kubeadm-etcd-quorum-guard.sh, refused a spec losing quorum before anything
# ran). Idempotent: a member already gone is not looked for again.
#
# Params (stdin env file):
#   NODE_NAME       the node this runs on, for messages
#   CLUSTER         the cluster, for messages
#   CONTROL_PLANES  the control planes the spec lists, comma-separated
#   WAIT_SECONDS    how long etcd may refuse a removal (its other members not all connected yet; default 600)
# Uninstall: nothing.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-members
continuum_require NODE_NAME CLUSTER CONTROL_PLANES
pki=/etc/kubernetes/pki/etcd
wait_s="${WAIT_SECONDS:-600}"
IFS=, read -r -a wanted <<<"$CONTROL_PLANES"
declare -A is_wanted=()
for w in "${wanted[@]}"; do is_wanted[$w]=1; done
nodes="$(/usr/local/bin/kubectl --kubeconfig /etc/kubernetes/admin.conf --request-timeout=30s get nodes \
    -l node-role.kubernetes.io/control-plane -o 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}')" ||
    continuum_die "cannot list the control planes of cluster $CLUSTER from $NODE_NAME" \
        "check the API here (kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw /readyz) and run pulumi up again"
leaving=()
while read -r n; do
    [[ -z "$n" || -n "${is_wanted[$n]:-}" ]] || leaving+=("$n")
done <<<"$nodes"
if ((${#leaving[@]} == 0)); then
    echo "cluster $CLUSTER: no control plane leaves; etcd membership unchanged"
    exit 0
fi
declare -A is_leaving=()
for n in "${leaving[@]}"; do is_leaving[$n]=1; done
command -v curl >/dev/null 2>&1 || continuum_die "curl is not installed on $NODE_NAME (it talks to etcd's gateway)" \
    "apt-get install -y curl, then run pulumi up again"
etcd_call() {
    curl -sS --fail-with-body --max-time 30 --cacert "$pki/ca.crt" --cert "$pki/healthcheck-client.crt" \
        --key "$pki/healthcheck-client.key" -X POST -d "$2" "https://127.0.0.1:2379/v3/cluster/member/$1"
}
# "ID name" per started member (the gateway writes ID before name; an unstarted member has no name).
members() {
    etcd_call list '{}' | grep -o '"ID":"[0-9]*","name":"[^"]*"' | sed 's/^"ID":"\([0-9]*\)","name":"\(.*\)"$/\1 \2/'
}
list="$(members)" || continuum_die "cannot list the etcd members of cluster $CLUSTER on $NODE_NAME" \
    "check etcd here (crictl ps --name etcd; curl https://127.0.0.1:2379/health with the healthcheck client certificate) and run pulumi up again"
n="$(grep -c . <<<"$list" || true)"
removed=0
while read -r id name; do
    [[ -n "$id" && -n "${is_leaving[$name]:-}" ]] || continue
    ((n > 1)) || continuum_die "cluster $CLUSTER: removing etcd member $name would leave no member" \
        "keep at least one control plane in the spec (the guard refuses removing every one)"
    # etcd refuses a removal that would leave fewer started, connected members than a quorum
    # (--strict-reconfig-check: 503 "unhealthy cluster"), e.g. right after a member restarted.
    deadline=$((SECONDS + wait_s))
    until out="$(etcd_call remove "{\"ID\":\"$id\"}" 2>&1)"; do
        # Gone already (an earlier attempt's removal went through): done.
        if now="$(members)"; then grep -q "^$id " <<<"$now" || break; fi
        ((SECONDS < deadline)) || continuum_die "etcd did not let member $name ($id) of cluster $CLUSTER go in ${wait_s}s: $out" \
            "the other members must be started and connected (crictl logs of etcd on each control plane); run pulumi up again"
        continuum_log "etcd refuses removing $name for now ($out); retrying in 5 s"
        sleep 5
    done
    continuum_log "etcd member $name removed (it left the spec); $((n - 1)) members left"
    n=$((n - 1))
    removed=$((removed + 1))
done <<<"$list"
echo "cluster $CLUSTER: $n etcd members; $removed removed"
