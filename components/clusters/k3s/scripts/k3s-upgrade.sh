#!/usr/bin/env bash
# Rolling upgrade, step 2 of 3 (on the node, after node-drain.sh cordoned and drained it):
# swap in the K3s binary k3s-install.sh staged, restart, and wait until the node is back.
# A node already on K3S_VERSION is left alone (every first install). A skipped or downgraded
# minor is refused.
#
# Params: K3S_ROLE, K3S_VERSION, K3S_SHA256 (the staged binary's pinned digest: 64 hex sha256 or
#         128 hex sha512), WAIT_SECONDS.
# Uninstall: nothing (k3s-uninstall.sh removes K3s).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-upgrade
continuum_require K3S_ROLE K3S_VERSION K3S_SHA256
wait_s="${WAIT_SECONDS:-300}"
bin=/usr/local/bin/k3s
service=k3s
[[ "$K3S_ROLE" == agent ]] && service=k3s-agent

[[ -x "$bin" ]] || continuum_die "K3s is not installed here" "run pulumi up again: the install step comes first"
current="$("$bin" --version | awk 'NR==1 {print $3}')"
if [[ "$current" == "$K3S_VERSION" ]]; then
    echo "K3s $K3S_VERSION already runs here"
    exit 0
fi
continuum_check_minor_step "$current" "$K3S_VERSION" "K3s on $(hostname)"

staged="/var/lib/continuum/staged/k3s-$K3S_VERSION"
[[ -f "$staged" ]] || continuum_die "K3s $K3S_VERSION is not staged at $staged" "run pulumi up again: the install step stages the pinned binary"
[[ "$(continuum_digest_of "$staged" "$K3S_SHA256")" == "$K3S_SHA256" ]] || continuum_die "the staged K3s $K3S_VERSION does not match its pinned digest; nothing was changed" "delete $staged and run pulumi up again"

continuum_log "upgrading K3s $current -> $K3S_VERSION"
continuum_install_binary "$staged" "$bin" >/dev/null
systemctl restart "$service"
if [[ "$K3S_ROLE" == server ]]; then
    continuum_wait "$wait_s" "the K3s API after the upgrade (journalctl -u k3s)" "$bin" kubectl get --raw /readyz
else
    continuum_wait "$wait_s" "the K3s agent after the upgrade (journalctl -u k3s-agent)" systemctl is-active --quiet k3s-agent
fi
rm -f "$staged"
echo "K3s upgraded to $K3S_VERSION"
