#!/usr/bin/env bash
# Prepare a KubeEdge edge node: containerd (pinned archive), runc, CNI plugins (pinned archive)
# and a bridge conflist (edge nodes stay NotReady without one). Idempotent: a second run with
# the same parameters changes nothing and restarts nothing.
#
# Params (stdin env file, rendered by components/edge/edge-node-config.ts):
#   ARTIFACT_CONTAINERD, ARTIFACT_CNI_PLUGINS (+ _SHA256): pinned archives, verified first
#   CONTAINERD_CONFIG       /etc/containerd/config.toml (runc's SystemdCgroup matches edgecore)
#   CONTAINERD_DROPIN_DIR   where other layers add containerd handlers
#   CNI_CONFLIST            /etc/cni/net.d/10-continuum-edge.conflist
# Uninstall: edge-runtime-uninstall.sh (removes what /etc/continuum/edge-runtime recorded).
set -euo pipefail
# shellcheck source=../../hosts/scripts/continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init edge-runtime
continuum_require ARTIFACT_CONTAINERD ARTIFACT_CNI_PLUGINS CONTAINERD_CONFIG CONTAINERD_DROPIN_DIR CNI_CONFLIST

STATE_DIR=/etc/continuum/edge-runtime
mkdir -p "$STATE_DIR"
restart=0
# A run killed after it changed containerd's files but before the restart left a restart owed.
if continuum_restart_owed containerd; then restart=1; fi
continuum_restart_record containerd
own() {
    touch "$STATE_DIR/owned"
    grep -qxF "$1" "$STATE_DIR/owned" || printf '%s\n' "$1" >>"$STATE_DIR/owned"
}
note() { [[ -z "$1" ]] || restart=1; }
# mkdir -p that records the directories it created (not the host's own): the uninstall removes them.
make_dir() {
    local d="$1" missing=() m
    while [[ ! -e "$d" ]]; do missing=("$d" "${missing[@]}"); d="$(dirname "$d")"; done
    mkdir -p "$1"
    [[ -f "$STATE_DIR/dirs" ]] || : >"$STATE_DIR/dirs"
    for m in "${missing[@]}"; do grep -qxF "$m" "$STATE_DIR/dirs" || printf '%s\n' "$m" >>"$STATE_DIR/dirs"; done
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# runc comes from the distribution (containerd's archive does not carry it).
if ! command -v runc >/dev/null; then
    if command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends runc >&2
    elif command -v dnf >/dev/null; then
        dnf install -y runc >&2
    else
        continuum_die "runc is not installed and there is no apt-get or dnf to install it" "install runc on this host by hand"
    fi
    printf 'runc\n' >"$STATE_DIR/package"
fi

# containerd binaries (the archive holds bin/*).
mkdir -p "$work/containerd"
tar -xzf "$ARTIFACT_CONTAINERD" -C "$work/containerd"
[[ -x "$work/containerd/bin/containerd" ]] || continuum_die "$(basename "$ARTIFACT_CONTAINERD") has no bin/containerd" "check the containerd pin (the stack's artifacts.containerd, else continuum's version table): it must be the containerd release archive"
for bin in "$work"/containerd/bin/*; do
    note "$(continuum_install_binary "$bin" "/usr/local/bin/$(basename "$bin")")"
    own "/usr/local/bin/$(basename "$bin")"
done

# CNI plugins.
mkdir -p "$work/cni"
make_dir /opt/cni/bin
tar -xzf "$ARTIFACT_CNI_PLUGINS" -C "$work/cni"
[[ -x "$work/cni/bridge" ]] || continuum_die "$(basename "$ARTIFACT_CNI_PLUGINS") has no bridge plugin" "check the cniPlugins pin (the stack's artifacts.cniPlugins, else continuum's version table): it must be the CNI plugins release archive"
for bin in "$work"/cni/*; do
    [[ -f "$bin" && -x "$bin" ]] || continue
    continuum_install_binary "$bin" "/opt/cni/bin/$(basename "$bin")" >/dev/null
    own "/opt/cni/bin/$(basename "$bin")"
done

# Kernel prerequisites of a bridge CNI.
continuum_module overlay
# br_netfilter built into the kernel has no /sys/module entry (and nothing to modprobe): its
# sysctls are the sign that it is there.
[[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] || continuum_module br_netfilter
continuum_sysctls /etc/sysctl.d/90-continuum-edge.conf \
    net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
own /etc/sysctl.d/90-continuum-edge.conf

# Configuration.
make_dir "$CONTAINERD_DROPIN_DIR"
make_dir /etc/cni/net.d
note "$(continuum_write_file /etc/containerd/config.toml 0644 "$CONTAINERD_CONFIG")"
own /etc/containerd/config.toml
continuum_write_file /etc/cni/net.d/10-continuum-edge.conflist 0644 "$CNI_CONFLIST" >/dev/null
own /etc/cni/net.d/10-continuum-edge.conflist

unit="$(continuum_containerd_unit)"
if [[ -n "$(continuum_write_file /etc/systemd/system/containerd.service 0644 "$unit")" ]]; then
    restart=1
    systemctl daemon-reload
fi
own /etc/systemd/system/containerd.service

systemctl enable containerd >/dev/null 2>&1
if [[ "$restart" -eq 1 ]] || ! systemctl is-active --quiet containerd; then
    systemctl restart containerd
fi
continuum_restart_clear containerd
continuum_wait 60 "containerd to answer" /usr/local/bin/ctr version
continuum_mark_installed edge-runtime
