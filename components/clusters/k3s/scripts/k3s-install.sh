#!/usr/bin/env bash
# Install (or reconfigure) K3s on this host as a server or an agent. Idempotent: files are
# written only when they differ, and the service restarts only when something changed.
# The binary is installed on the first run; when K3s already runs another version the new
# binary is only staged (verified) for k3s-upgrade.sh, which swaps it during the rolling
# upgrade (cordon, drain, upgrade, uncordon — one node at a time).
#
# Params (stdin env file):
#   K3S_ROLE          server | agent
#   K3S_VERSION       e.g. v1.35.0+k3s1
#   ARTIFACT_K3S      the k3s binary next to this script (+ ARTIFACT_K3S_SHA256, checked first)
#   K3S_CONFIG        /etc/rancher/k3s/config.yaml content (no secrets in it)
#   K3S_TOKEN         the cluster join token (secret) → /etc/rancher/k3s/continuum-token (0600)
#   K3S_REGISTRIES    registries.yaml content, or empty
#   NODE_NAME         Kubernetes node name
#   WAIT_SECONDS      how long to wait for the node to come up (default 300)
# Uninstall: k3s-uninstall.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-install
continuum_require K3S_ROLE K3S_VERSION ARTIFACT_K3S K3S_CONFIG K3S_TOKEN NODE_NAME
wait_s="${WAIT_SECONDS:-300}"

case "$K3S_ROLE" in
    server) service=k3s ;;
    agent) service=k3s-agent ;;
    *) continuum_die "K3S_ROLE '$K3S_ROLE' is not server or agent" "pass K3S_ROLE=server or agent" ;;
esac
other_service=k3s-agent
[[ "$service" == k3s-agent ]] && other_service=k3s
if systemctl is-enabled --quiet "$other_service" 2>/dev/null; then
    continuum_die "this host already runs $other_service; it cannot also be a K3s $K3S_ROLE" \
        "remove the node from the spec (pulumi up uninstalls it), then add it back with the new role"
fi

changed=""
note() { [[ -z "${1:-}" ]] || changed=yes; }
# A run killed after it changed files but before the restart left a restart owed.
if continuum_restart_owed "$service"; then changed=yes; fi
continuum_restart_record "$service"

# Binary: install when absent or K3s is not running; otherwise stage it for the rolling upgrade.
bin=/usr/local/bin/k3s
if [[ ! -x "$bin" ]] || ! systemctl is-active --quiet "$service"; then
    note "$(continuum_install_binary "$ARTIFACT_K3S" "$bin")"
else
    current="$("$bin" --version 2>/dev/null | awk 'NR==1 {print $3}')"
    if [[ "$current" != "$K3S_VERSION" ]]; then
        mkdir -p /var/lib/continuum/staged
        continuum_install_binary "$ARTIFACT_K3S" "/var/lib/continuum/staged/k3s-$K3S_VERSION" >/dev/null
        continuum_log "K3s $current runs here; $K3S_VERSION is staged for the rolling upgrade step"
    fi
fi
for link in kubectl crictl ctr; do
    if [[ ! -e "/usr/local/bin/$link" ]]; then
        ln -s k3s "/usr/local/bin/$link"
    fi
done

# Configuration.
note "$(continuum_write_file /etc/rancher/k3s/config.yaml 0600 "$K3S_CONFIG")"
note "$(continuum_write_file /etc/rancher/k3s/continuum-token 0600 "$K3S_TOKEN")"
if [[ -n "${K3S_REGISTRIES:-}" ]]; then
    note "$(continuum_write_file /etc/rancher/k3s/registries.yaml 0600 "$K3S_REGISTRIES")"
elif [[ -f /etc/rancher/k3s/registries.yaml ]]; then
    rm -f /etc/rancher/k3s/registries.yaml
    changed=yes
fi

# systemd unit.
unit="[Unit]
Description=K3s $K3S_ROLE (installed by continuum)
Documentation=https://docs.k3s.io
Wants=network-online.target
After=network-online.target

[Service]
Type=notify
ExecStartPre=-/sbin/modprobe br_netfilter
ExecStartPre=-/sbin/modprobe overlay
ExecStart=$bin $K3S_ROLE
KillMode=process
Delegate=yes
LimitNOFILE=1048576
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
TimeoutStartSec=0
Restart=always
RestartSec=5s

[Install]
WantedBy=multi-user.target"
if [[ -n "$(continuum_write_file "/etc/systemd/system/$service.service" 0644 "$unit")" ]]; then
    systemctl daemon-reload
    changed=yes
fi
systemctl enable --quiet "$service"
if [[ -n "$changed" ]] && systemctl is-active --quiet "$service"; then
    continuum_log "configuration changed: restarting $service"
    systemctl restart "$service"
else
    systemctl start "$service"
fi
continuum_restart_clear "$service"

# Wait until the node is up: a server answers on its API, an agent has its kubelet credentials.
if [[ "$K3S_ROLE" == server ]]; then
    continuum_wait "$wait_s" "the K3s API on $NODE_NAME (journalctl -u k3s)" "$bin" kubectl get --raw /readyz
else
    agent_joined() { systemctl is-active --quiet k3s-agent && [[ -s /var/lib/rancher/k3s/agent/kubelet.kubeconfig ]]; }
    continuum_wait "$wait_s" "the K3s agent on $NODE_NAME to join (journalctl -u k3s-agent)" agent_joined
fi
continuum_mark_installed "k3s-$K3S_ROLE"
echo "K3s $K3S_ROLE $NODE_NAME is up"
