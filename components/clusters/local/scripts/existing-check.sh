#!/usr/bin/env bash
# Check once, at `pulumi up`, that an existing cluster's API answers with the kubeconfig the
# spec gives, and that its user may install add-ons (create CRDs). Prints the server version.
#
# Parameters (env file on stdin, see local-lib.sh):
#   CLUSTER_NAME      the cluster's name in the spec (for messages)
#   KUBECONFIG_DATA   the kubeconfig (secret: it arrives on stdin only, and is written to a
#                     0600 temporary file that is removed on exit)
#   CONTEXT           context to use (optional; default: the kubeconfig's current context)
#
# Read-only against the cluster; nothing to undo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=local-lib.sh
source "$here/local-lib.sh"

local_init existing-check
local_require CLUSTER_NAME KUBECONFIG_DATA

bash "$here/check-tools.sh" kubectl

umask 077
kubeconfig="$(mktemp "${TMPDIR:-/tmp}/continuum-kubeconfig.XXXXXX")"
trap 'rm -f "$kubeconfig"' EXIT
printf '%s\n' "$KUBECONFIG_DATA" >"$kubeconfig"
unset KUBECONFIG_DATA

args=(--kubeconfig "$kubeconfig" --request-timeout=20s)
[[ -n "${CONTEXT:-}" ]] && args+=(--context "$CONTEXT")
where="cluster '$CLUSTER_NAME'${CONTEXT:+ (context $CONTEXT)}"

if ! out="$(kubectl "${args[@]}" get --raw=/readyz 2>&1)"; then
    reason="$(printf '%s\n' "$out" | grep -v '^[[:space:]]*$' | tail -n 1)"
    local_die "the API of $where does not answer: ${reason:-no answer}" \
        "check that the cluster runs and that the kubeconfig's server address is reachable from this machine (existing.kubeconfig / existing.context in the spec)"
fi
if ! kubectl "${args[@]}" auth can-i create customresourcedefinitions.apiextensions.k8s.io >/dev/null 2>&1; then
    local_die "the kubeconfig's user cannot create CustomResourceDefinitions in $where" \
        "use a kubeconfig with cluster-admin rights: continuum installs Cilium, Akri and KubeEdge, which bring CRDs"
fi
version="$(kubectl "${args[@]}" get --raw=/version 2>/dev/null | grep -o '"gitVersion": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' || true)"
printf 'ready %s\n' "${version:-unknown}"
