#!/usr/bin/env bash
# Runs on a control-plane node (kubectl with admin credentials) after a node joined or was
# upgraded: waits for the Node object, finishes a rolling upgrade (health check, uncordon)
# and reconciles labels and taints both ways — what continuum set earlier and the spec no
# longer has is removed (the managed sets live in annotations on the Node).
#
# Params: KUBECTL_FLAVOR (k3s|kubeadm), NODE_NAME, NODE_LABELS (k=v,...), NODE_TAINTS
# (key=value:Effect,...), TARGET_VERSION (kubelet version after an upgrade), WAIT_SECONDS.
# Uninstall: node-remove.sh (drain and delete the Node).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init node-reconcile
continuum_require KUBECTL_FLAVOR NODE_NAME
wait_s="${WAIT_SECONDS:-300}"

continuum_wait "$wait_s" "node $NODE_NAME to register with the API" continuum_kubectl get node "$NODE_NAME"

annotation() {
    continuum_kubectl get node "$NODE_NAME" -o "jsonpath={.metadata.annotations.continuum\.dev/$1}"
}

# Rolling upgrade: the node was cordoned by node-drain.sh; uncordon once it is healthy on the new version.
if [[ "$(annotation cordoned-for-upgrade)" == "true" ]]; then
    node_healthy() {
        local ready version
        ready="$(continuum_kubectl get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')"
        version="$(continuum_kubectl get node "$NODE_NAME" -o 'jsonpath={.status.nodeInfo.kubeletVersion}')"
        [[ "$ready" == "True" && ( -z "${TARGET_VERSION:-}" || "$version" == "$TARGET_VERSION" ) ]]
    }
    continuum_wait "$wait_s" "node $NODE_NAME to be Ready on ${TARGET_VERSION:-the new version}" node_healthy
    continuum_kubectl uncordon "$NODE_NAME" >/dev/null
    continuum_kubectl annotate node "$NODE_NAME" continuum.dev/cordoned-for-upgrade- >/dev/null
    continuum_log "node $NODE_NAME upgraded and uncordoned"
fi

# Labels: remove the ones continuum set before and the spec dropped, then set the desired ones.
IFS=',' read -r -a old_labels <<<"$(annotation managed-labels)"
IFS=',' read -r -a new_labels <<<"${NODE_LABELS:-}"
declare -A want=()
for kv in "${new_labels[@]}"; do [[ -n "$kv" ]] && want["${kv%%=*}"]=1; done
for key in "${old_labels[@]}"; do
    [[ -n "$key" && -z "${want[$key]:-}" ]] && continuum_kubectl label node "$NODE_NAME" "$key-" >/dev/null
done
if ((${#new_labels[@]} > 0)); then
    continuum_kubectl label node "$NODE_NAME" --overwrite "${new_labels[@]}" >/dev/null
fi
managed_labels="$(IFS=','; echo "${!want[*]}")"

# Taints: the same, keyed by key:Effect.
IFS=',' read -r -a old_taints <<<"$(annotation managed-taints)"
IFS=',' read -r -a new_taints <<<"${NODE_TAINTS:-}"
declare -A want_t=()
taint_id() { # key=value:Effect or key:Effect -> key:Effect
    local t="$1" key
    if [[ "$t" == *=* ]]; then key="${t%%=*}"; else key="${t%%:*}"; fi
    printf '%s:%s\n' "$key" "${t##*:}"
}
for t in "${new_taints[@]}"; do [[ -n "$t" ]] && want_t["$(taint_id "$t")"]=1; done
for t in "${old_taints[@]}"; do
    [[ -n "$t" && -z "${want_t[$t]:-}" ]] && { continuum_kubectl taint node "$NODE_NAME" "$t-" >/dev/null 2>&1 || true; }
done
for t in "${new_taints[@]}"; do
    [[ -n "$t" ]] && continuum_kubectl taint node "$NODE_NAME" --overwrite "$t" >/dev/null
done
managed_taints="$(IFS=','; echo "${!want_t[*]}")"

continuum_kubectl annotate node "$NODE_NAME" --overwrite \
    "continuum.dev/managed-labels=$managed_labels" "continuum.dev/managed-taints=$managed_taints" >/dev/null
echo "node $NODE_NAME: labels [$managed_labels] taints [$managed_taints]"
