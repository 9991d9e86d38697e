#!/usr/bin/env bash
# One pool of simulated nodes: up to a few hundred Node objects of one sim cluster, registered
# the way kubelets register themselves (status in the create), applied as one step. kwok's
# controller (started by sim-cluster.sh) then keeps every node Ready.
#
# Usage: sim-nodes.sh apply|delete
#   stdin: KEY=VALUE lines, then a line `---`, then the pool's Node objects as one JSON v1 List
#   CLUSTER    the sim cluster (lowercase DNS label)
#   STATE_DIR  absolute directory the cluster lives in (sim-cluster.sh's STATE_DIR)
#   POOL       the pool's name; every node of the List carries it in continuum.dev/sim-pool
#   NODES      the pool's nodes as `name=registration`, space-separated (the List's names and
#              their continuum.dev/sim-registration digests, in order)
#
#   apply   remove the nodes this pool registered before and no longer lists (only those that
#           still carry this pool's name: a node that moved to another pool is left to it),
#           re-register nodes whose continuum.dev/sim-registration changed (status is kept only
#           on create), server-side apply the List (creates carry status; existing nodes get
#           their labels, taints and annotations). Prints the pool's node names on stdout: the
#           next run reads them from PULUMI_COMMAND_STDOUT to know what it registered.
#           Idempotent.
#   delete  remove the listed nodes that still carry this pool's name. A cluster whose
#           directory is gone has no nodes left to remove.
#
# Needs kubectl on PATH (`npm run toolchain -- --kube`). Logs go to stderr, one line per run.
set -euo pipefail
umask 077

die() { echo "sim-nodes: $*" >&2; exit 1; }
log() { echo "sim-nodes: $*" >&2; }

CLUSTER=""
STATE_DIR=""
POOL=""
NODES=""
NAMES=""
WORK=""

cleanup() { [[ -z $WORK ]] || rm -rf "$WORK"; }
trap cleanup EXIT

read_params() {
    local line key value
    WORK=$(mktemp -d)
    while IFS= read -r line; do
        [[ $line == --- ]] && break
        [[ -z $line || $line == \#* ]] && continue
        key=${line%%=*}
        value=${line#*=}
        case $key in
            CLUSTER) CLUSTER=$value ;;
            STATE_DIR) STATE_DIR=$value ;;
            POOL) POOL=$value ;;
            NODES) NODES=$value ;;
            *) die "unknown parameter '$key' on stdin — expected CLUSTER, STATE_DIR, POOL, NODES, then ---" ;;
        esac
    done
    cat >"$WORK/nodes.json"
    [[ $CLUSTER =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "CLUSTER '$CLUSTER' is not a lowercase DNS label"
    [[ $POOL =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "POOL '$POOL' is not a lowercase DNS label"
    [[ $STATE_DIR == /* ]] || die "STATE_DIR '$STATE_DIR' is not an absolute path"
    [[ $NODES =~ ^[-a-z0-9.=\ ]*$ ]] || die "NODES holds something that is not a node name and digest: '$NODES'"
    local entry
    for entry in $NODES; do NAMES+="${NAMES:+ }${entry%%=*}"; done
    CLUSTER_DIR="$STATE_DIR/clusters/$CLUSTER"
    KUBECONFIG_FILE="$CLUSTER_DIR/kubeconfig.yaml"
    export KUBECACHEDIR=$CLUSTER_DIR/kubectl-cache
}

kc() {
    "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" --request-timeout=60s "$@"
}

# "name resourceVersion pool registration" for each of the given nodes that exists.
inspect() {
    (($# > 0)) || return 0
    kc get nodes "$@" --ignore-not-found --no-headers \
        -o 'custom-columns=N:.metadata.name,V:.metadata.resourceVersion,P:.metadata.annotations.continuum\.dev/sim-pool,R:.metadata.annotations.continuum\.dev/sim-registration'
}

# Delete the given nodes that still carry this pool's name, each only at the version that was
# read (a node another pool claimed in between has a newer version and is left alone).
remove_own() {
    local name version pool _ removed=0
    while read -r name version pool _; do
        [[ $pool == "$POOL" ]] || continue
        printf '{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"%s"}}\n' "$version" >"$WORK/delete.json"
        if kc delete --raw "/api/v1/nodes/$name" -f "$WORK/delete.json" >/dev/null 2>"$WORK/delete.err"; then
            removed=$((removed + 1))
        elif [[ -n $(inspect "$name" | awk -v p="$POOL" -v v="$version" '$3 == p && $2 == v') ]]; then
            die "could not remove node '$name' of cluster '$CLUSTER': $(head -c 500 "$WORK/delete.err")"
        fi
    done < <(inspect "$@")
    echo "$removed"
}

apply() {
    local -a names previous stale changed=()
    local name version pool registration removed
    read -r -a names <<<"$NAMES"
    read -r -a previous <<<"${PULUMI_COMMAND_STDOUT:-}"
    # Nodes this pool registered before and no longer lists.
    stale=()
    for name in "${previous[@]}"; do
        [[ " $NAMES " == *" $name "* ]] || stale+=("$name")
    done
    removed=0
    ((${#stale[@]} == 0)) || removed=$(remove_own "${stale[@]}")
    # Nodes registered with another status or control plane: created again.
    local -A wanted=()
    local entry
    for entry in $NODES; do wanted[${entry%%=*}]=${entry#*=}; done
    while read -r name version pool registration; do
        [[ ${wanted[$name]:-} == "$registration" ]] || changed+=("$name")
    done < <(inspect "${names[@]}")
    if ((${#changed[@]} > 0)); then
        kc delete nodes "${changed[@]}" --ignore-not-found >/dev/null
    fi
    # --validate=false: kubectl checks a Node's status against the fields a kubelet reports (bootID,
    # machineID, ...), which a simulated node has not; the API server takes the object as it is.
    kc apply --server-side --force-conflicts --field-manager=continuum-sim --validate=false -f "$WORK/nodes.json" -o name >/dev/null
    log "pool '$POOL' of '$CLUSTER': ${#names[@]} nodes applied, ${#changed[@]} registered again, $removed removed"
    echo "${names[*]}"
}

delete() {
    local -a names
    local removed
    if [[ ! -f $KUBECONFIG_FILE ]]; then
        log "cluster '$CLUSTER' is gone from $STATE_DIR: pool '$POOL' has no nodes left to remove"
        return 0
    fi
    read -r -a names <<<"$NAMES"
    removed=$(remove_own "${names[@]}")
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
