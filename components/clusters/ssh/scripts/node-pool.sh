#!/usr/bin/env bash
# Runs on the first control-plane node (kubectl with admin credentials) once every node of the
# cluster converged: one step for the whole pool instead of one per node.
#   1. waits until every node of the spec is registered with the API;
#   2. labels: one server-side apply of partial Node objects (name + labels) under the field
#      manager FIELD_MANAGER — a label the spec no longer has is removed, labels others set
#      (kubelet, K3s) are left alone;
#   3. taints: reconciled both ways on the nodes that have or had continuum taints (the set
#      continuum manages lives in the continuum.dev/managed-taints annotation);
#   4. nodes of this cluster (label continuum.dev/cluster) that left the spec are drained
#      (forced when unreachable) and their Node objects deleted, before pulumi removes their
#      hosts' installs (updates run before deletes).
# Idempotent: a second run with the same parameters changes nothing.
#
# Params: KUBECTL_FLAVOR (k3s|kubeadm), CLUSTER_NAME, NODE_NAMES (comma-separated, every node of
# the cluster), NODES_MANIFEST (a v1 List of Node objects: metadata.name + metadata.labels),
# NODE_TAINTS (lines `node key=value:Effect,...`, nodes with taints only), FIELD_MANAGER,
# WAIT_SECONDS, DRAIN_TIMEOUT.
# Uninstall: nothing (hosts leave the cluster through their own uninstall).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init node-pool
continuum_require KUBECTL_FLAVOR CLUSTER_NAME NODE_NAMES NODES_MANIFEST FIELD_MANAGER
wait_s="${WAIT_SECONDS:-300}"
drain_s="${DRAIN_TIMEOUT:-120}"

want="$(tr ',' '\n' <<<"$NODE_NAMES" | sed '/^$/d' | sort -u)"
registered() { continuum_kubectl get nodes -o 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}' | sort -u; }

# 1. Every node registered (the converge waited for its kubelet; registration follows).
missing=""
all_registered() {
    local have
    have="$(registered)" || return 1
    missing="$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$have"))"
    [[ -z "$missing" ]]
}
deadline=$((SECONDS + wait_s))
until all_registered; do
    if ((SECONDS >= deadline)); then
        continuum_die "timed out after ${wait_s}s: $(wc -l <<<"$missing") node(s) of $CLUSTER_NAME never registered, e.g. $(head -3 <<<"$missing" | paste -sd, -)" \
            "check those hosts (journalctl -u k3s-agent or -u kubelet) and run pulumi up again"
    fi
    sleep 3
done

# 2. Labels.
printf '%s\n' "$NODES_MANIFEST" | continuum_kubectl apply --server-side --force-conflicts --field-manager="$FIELD_MANAGER" -f - >/dev/null

# 3. Taints, on nodes that want some or had some (key=value:Effect or key:Effect → key:Effect).
taint_id() {
    local t="$1" key
    if [[ "$t" == *=* ]]; then key="${t%%=*}"; else key="${t%%:*}"; fi
    printf '%s:%s\n' "$key" "${t##*:}"
}
declare -A want_taints=()
while IFS=' ' read -r node taints; do
    [[ -n "$node" ]] && want_taints["$node"]="$taints"
done <<<"${NODE_TAINTS:-}"
declare -A had_taints=()
while IFS=$'\t' read -r node managed; do
    [[ -n "$node" && -n "$managed" ]] && had_taints["$node"]="$managed"
done < <(continuum_kubectl get nodes -l "continuum.dev/cluster=$CLUSTER_NAME" \
    -o 'jsonpath={range .items[*]}{.metadata.name}{"\t"}{.metadata.annotations.continuum\.dev/managed-taints}{"\n"}{end}')
for node in $(printf '%s\n' "${!want_taints[@]}" "${!had_taints[@]}" | sed '/^$/d' | sort -u); do
    IFS=',' read -r -a new <<<"${want_taints[$node]:-}"
    declare -A keep=()
    ids=()
    for t in "${new[@]}"; do
        [[ -n "$t" ]] || continue
        id="$(taint_id "$t")"
        keep["$id"]=1
        ids+=("$id")
    done
    managed="$(IFS=','; echo "${ids[*]}")"
    # The annotation says what continuum set last time: nothing to do when that is still the spec.
    if [[ "$managed" == "${had_taints[$node]:-}" ]]; then
        unset keep
        continue
    fi
    IFS=',' read -r -a old <<<"${had_taints[$node]:-}"
    for id in "${old[@]}"; do
        [[ -n "$id" && -z "${keep[$id]:-}" ]] && { continuum_kubectl taint node "$node" "$id-" >/dev/null 2>&1 || true; }
    done
    for t in "${new[@]}"; do
        [[ -n "$t" ]] && continuum_kubectl taint node "$node" --overwrite "$t" >/dev/null
    done
    continuum_kubectl annotate node "$node" --overwrite "continuum.dev/managed-taints=$managed" >/dev/null
    unset keep
done

# 4. Nodes of this cluster that left the spec.
removed=0
for node in $(comm -13 <(printf '%s\n' "$want") <(continuum_kubectl get nodes -l "continuum.dev/cluster=$CLUSTER_NAME" \
    -o 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}' | sort -u)); do
    continuum_remove_node "$node" "$drain_s"
    removed=$((removed + 1))
done
echo "cluster $CLUSTER_NAME: $(wc -l <<<"$want") node(s) labelled, ${#want_taints[@]} with taints, $removed removed"
