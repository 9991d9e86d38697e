#!/usr/bin/env bash
# One pool of simulated nodes: up to a few hundred Node objects of one sim cluster, registered
# the way kubelets register themselves (status in the create), applied as one step. kwok's
# controller (started by sim-cluster.sh) then keeps every node Ready.
#
# Usage: sim-nodes.sh apply|delete
#   stdin: KEY=VALUE lines, then a line `---`, then the pool's Node objects, one JSON object a line
#   CLUSTER    the sim cluster (lowercase DNS label)
#   STATE_DIR  absolute directory the cluster lives in (sim-cluster.sh's STATE_DIR)
#   POOL       the pool's label value: every node of the pool carries continuum.dev/sim-pool=POOL
#   NODES      the pool's nodes as `name=registration`, space-separated (the objects' names and
#              continuum.dev/sim-registration digests)
#
#   apply   remove the nodes of the pool (by its label) that it no longer lists, each only at the
#           version that was read (a node another pool claimed in between is left to it);
#           re-register listed nodes whose continuum.dev/sim-registration changed (the API
#           server keeps a Node's status only on create); server-side apply every listed node
#           (creates carry status; existing nodes get their labels, taints and annotations).
#           Idempotent.
#   delete  remove the nodes of the pool, as above. A cluster whose directory is gone has no
#           nodes left to remove.
#
# kubectl paces its requests (5 a second, bursts of 10) per process: nodes are applied ten to a
# kubectl, eight kubectls at a time. Needs kubectl on PATH (`npm run toolchain -- --kube`).
# Prints nothing on stdout (nothing to keep in the state) and one summary line on stderr.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=sim-lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sim-lib.sh"

POOL_LABEL="continuum.dev/sim-pool"
WORK=""
PARALLEL=8

cleanup() { [[ -z $WORK ]] || rm -rf "$WORK"; }
trap cleanup EXIT

read_params() {
    WORK=$(mktemp -d)
    sim_read_params "CLUSTER, STATE_DIR, POOL, NODES, then ---" CLUSTER STATE_DIR POOL NODES
    grep -v '^$' >"$WORK/nodes.jsonl" || true
    sim_check_cluster_and_state_dir
    [[ $POOL =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ && ${#POOL} -le 63 ]] || die "POOL '$POOL' is not a label value"
    [[ $NODES =~ ^[-a-z0-9.=\ ]*$ ]] || die "NODES holds something that is not a node name and digest: '$NODES'"
    CLUSTER_DIR="$STATE_DIR/clusters/$CLUSTER"
    KUBECONFIG_FILE="$CLUSTER_DIR/kubeconfig.yaml"
    export KUBECACHEDIR=$CLUSTER_DIR/kubectl-cache
}

kc() {
    "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --request-timeout=60s "$@"
}

# "name resourceVersion registration" for every node of the pool (one list request).
listing() {
    kc get nodes -l "$POOL_LABEL=$POOL" --no-headers \
        -o 'custom-columns=N:.metadata.name,V:.metadata.resourceVersion,R:.metadata.annotations.continuum\.dev/sim-registration'
}

# Delete one node at the version read; a node that changed since (another pool claimed it) or
# is gone is left alone. Fails only when the node is still this pool's at that version.
remove_one() {
    local name=$1 version=$2 body
    body="$WORK/delete-$name.json"
    printf '{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"%s"}}\n' "$version" >"$body"
    if ! kc delete --raw "/api/v1/nodes/$name" -f "$body" >/dev/null 2>"$body.err"; then
        if kc get node "$name" --ignore-not-found --no-headers -o 'custom-columns=V:.metadata.resourceVersion,P:.metadata.labels.continuum\.dev/sim-pool' | grep -qx "$version *$POOL"; then
            die "could not remove node '$name' of cluster '$CLUSTER': $(head -c 500 "$body.err")"
        fi
    fi
}

# Remove the nodes given as "name version" lines on stdin, PARALLEL at a time; prints how many.
remove_all() {
    local name version count=0 failed=0
    local -a pids=()
    while read -r name version; do
        remove_one "$name" "$version" &
        pids+=($!)
        count=$((count + 1))
        if ((${#pids[@]} >= PARALLEL)); then
            wait "${pids[0]}" || failed=1
            pids=("${pids[@]:1}")
        fi
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    ((failed == 0)) || die "pool '$POOL' of '$CLUSTER': some nodes could not be removed (see above)"
    echo "$count"
}

apply() {
    local name version registration removed entry changed=0
    local -A listed=() wanted=()
    while read -r name version registration; do listed[$name]="$version $registration"; done < <(listing)
    for entry in $NODES; do wanted[${entry%%=*}]=${entry#*=}; done
    # Listed by the pool's label but no longer wanted; and wanted with another registration.
    : >"$WORK/remove"
    for name in "${!listed[@]}"; do
        read -r version registration <<<"${listed[$name]}"
        if [[ -z ${wanted[$name]:-} ]]; then
            echo "$name $version" >>"$WORK/remove"
        elif [[ ${wanted[$name]} != "$registration" ]]; then
            echo "$name $version" >>"$WORK/remove"
            changed=$((changed + 1))
        fi
    done
    removed=$(remove_all <"$WORK/remove")
    split -l 10 -d -a 4 "$WORK/nodes.jsonl" "$WORK/shard-"
    # --validate=false: kubectl checks a Node's status against the fields a kubelet reports (bootID,
    # machineID, ...), which a simulated node has not; the API server takes the object as it is.
    find "$WORK" -name 'shard-*' -print0 | xargs -0 -r -n 1 -P "$PARALLEL" \
        "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --request-timeout=60s apply --server-side --force-conflicts \
        --field-manager=continuum-sim --validate=false -o name -f >/dev/null ||
        die "pool '$POOL' of '$CLUSTER': kubectl could not apply every node (see above)"
    log "pool '$POOL' of '$CLUSTER': ${#wanted[@]} nodes applied, $changed registered again, $((removed - changed)) removed"
}

delete() {
    local removed
    if [[ ! -f $KUBECONFIG_FILE ]]; then
        log "cluster '$CLUSTER' is gone from $STATE_DIR: pool '$POOL' has no nodes left to remove"
        return 0
    fi
    removed=$(listing | awk '{print $1, $2}' | remove_all)
    log "pool '$POOL' of '$CLUSTER': $removed nodes removed"
}

main() {
    local action=${1:-}
    case $action in
        apply | delete) ;;
        *) die "usage: sim-nodes.sh apply|delete (parameters and nodes on stdin)" ;;
    esac
    read_params
    KUBECTL=$(command -v kubectl) || die "kubectl is not on PATH — build the Kubernetes tools with \`npm run toolchain -- --kube\` (it links them into .tools/bin)"
    if [[ $action == apply ]]; then
        [[ -f $KUBECONFIG_FILE ]] || die "cluster '$CLUSTER' does not exist in $STATE_DIR — its control plane comes first (sim-cluster.sh up)"
        apply
    else
        delete
    fi
}

main "$@"
