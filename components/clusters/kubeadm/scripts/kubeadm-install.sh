#!/usr/bin/env bash
# Prepare a kubeadm node and bring it into the cluster. Idempotent: every file is written only
# when it differs; a node whose kubeadm init or join finished (the marker
# /etc/kubernetes/continuum-kubeadm.done, written only after kubeadm succeeded) is not initialised
# or joined again. A failed attempt is undone at once (kubeadm reset and what it leaves: CNI
# config, its iptables rules, etcd data, ~/.kube); an attempt that was killed is undone by the next
# run, which then tries again. kubeadm prints no token and no certificate key (--skip-*-print).
# Nothing is touched before every artifact's sha256 checked out (continuum_init).
#
#   containerd (release archive) + runc (the distribution's), CNI plugins → /opt/cni/bin,
#   kubeadm/kubelet/kubectl → /usr/local/bin, systemd units, kernel modules and sysctls,
#   /etc/containerd/config.toml (SystemdCgroup = true, imports conf.d), registry mirrors.
# When the kubelet already runs another version, the new kubeadm/kubelet/kubectl are only
# staged for kubeadm-upgrade.sh (the rolling upgrade swaps them one node at a time).
#
# Params (stdin env file):
#   KUBEADM_ACTION        init | join
#   KUBERNETES_VERSION    v1.35.1
#   ARTIFACT_CONTAINERD, ARTIFACT_CNI_PLUGINS, ARTIFACT_KUBEADM, ARTIFACT_KUBELET, ARTIFACT_KUBECTL (+ _SHA256)
#   CONTAINERD_CONFIG     /etc/containerd/config.toml content
#   REGISTRY_HOSTS_COUNT, REGISTRY_HOST_<i>_NAME, REGISTRY_HOST_<i>_TOML   certs.d/<name>/hosts.toml
#   KUBEADM_CONFIG        the init or join configuration (secret: bootstrap token, certificate key)
#   KUBEADM_UPLOAD_CERTS  true on the first control plane of an HA cluster
#   CONTROL_PLANE         true | false
#   NODE_NAME, WAIT_SECONDS
# A restore staged by kubeadm-etcd-restore.sh (restoreFrom: /var/lib/continuum/etcd-restore with the
# cluster's CAs and the restored etcd data directory) is put in place right before `kubeadm init`,
# which then keeps the CAs and the data (its config ignores the DirAvailable--var-lib-etcd check);
# the snapshot's sha256 is recorded once init finished, and the staged copy removed.
# Uninstall: kubeadm-uninstall.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-install
continuum_require KUBEADM_ACTION KUBERNETES_VERSION ARTIFACT_CONTAINERD ARTIFACT_CNI_PLUGINS ARTIFACT_KUBEADM \
    ARTIFACT_KUBELET ARTIFACT_KUBECTL CONTAINERD_CONFIG KUBEADM_CONFIG CONTROL_PLANE NODE_NAME
wait_s="${WAIT_SECONDS:-600}"
command -v runc >/dev/null 2>&1 || continuum_die "runc is not installed" "apt-get install -y runc"

# Kernel prerequisites (kubeadm preflight checks bridge-nf-call-iptables and ip_forward).
continuum_module overlay
continuum_module br_netfilter
continuum_write_file /etc/modules-load.d/continuum-kubeadm.conf 0644 $'overlay\nbr_netfilter' >/dev/null
continuum_sysctls /etc/sysctl.d/90-continuum-kubeadm.conf \
    net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1 net.ipv4.ip_forward=1

# containerd: binaries from the release archive, our unit, our config.
restart_containerd=""
# A run killed after it changed containerd's files but before the restart left a restart owed.
if continuum_restart_owed containerd; then restart_containerd=yes; fi
continuum_restart_record containerd
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$ARTIFACT_CONTAINERD" -C "$tmp"
for b in "$tmp"/bin/*; do
    [[ -n "$(continuum_install_binary "$b" "/usr/local/bin/$(basename "$b")")" ]] && restart_containerd=yes
done
unit_containerd="$(continuum_containerd_unit)"
[[ -n "$(continuum_write_file /etc/systemd/system/containerd.service 0644 "$unit_containerd")" ]] && restart_containerd=yes
[[ -n "$(continuum_write_file /etc/containerd/config.toml 0644 "$CONTAINERD_CONFIG")" ]] && restart_containerd=yes
mkdir -p /etc/containerd/conf.d
for ((i = 1; i <= ${REGISTRY_HOSTS_COUNT:-0}; i++)); do
    name_var="REGISTRY_HOST_${i}_NAME"
    toml_var="REGISTRY_HOST_${i}_TOML"
    [[ -n "$(continuum_write_file "/etc/containerd/certs.d/${!name_var}/hosts.toml" 0644 "${!toml_var}")" ]] && restart_containerd=yes
done

# CNI plugins.
mkdir -p /opt/cni/bin
tar -xzf "$ARTIFACT_CNI_PLUGINS" -C "$tmp"
for b in "$tmp"/*; do
    [[ -f "$b" && -x "$b" ]] && continuum_install_binary "$b" "/opt/cni/bin/$(basename "$b")" >/dev/null
done

# kubeadm / kubelet / kubectl: install, or stage when the kubelet runs another version.
current=""
if systemctl is-active --quiet kubelet && [[ -x /usr/local/bin/kubelet ]]; then
    current="$(/usr/local/bin/kubelet --version | awk '{print $2}')"
fi
if [[ -z "$current" || "$current" == "$KUBERNETES_VERSION" ]]; then
    continuum_install_binary "$ARTIFACT_KUBEADM" /usr/local/bin/kubeadm >/dev/null
    continuum_install_binary "$ARTIFACT_KUBELET" /usr/local/bin/kubelet >/dev/null
    continuum_install_binary "$ARTIFACT_KUBECTL" /usr/local/bin/kubectl >/dev/null
else
    mkdir -p /var/lib/continuum/staged
    for b in kubeadm kubelet kubectl; do
        var="ARTIFACT_${b^^}"
        continuum_install_binary "${!var}" "/var/lib/continuum/staged/$b-$KUBERNETES_VERSION" >/dev/null
    done
    continuum_log "kubelet $current runs here; $KUBERNETES_VERSION is staged for the rolling upgrade step"
fi

unit_kubelet="[Unit]
Description=kubelet (installed by continuum)
Wants=network-online.target containerd.service
After=network-online.target containerd.service

[Service]
ExecStart=/usr/local/bin/kubelet
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target"
dropin='[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/local/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS'
units_changed="$(continuum_write_file /etc/systemd/system/kubelet.service 0644 "$unit_kubelet")"
units_changed+="$(continuum_write_file /etc/systemd/system/kubelet.service.d/10-kubeadm.conf 0644 "$dropin")"
if [[ -n "$units_changed" || -n "$restart_containerd" ]]; then systemctl daemon-reload; fi
systemctl enable --quiet containerd kubelet
if [[ -n "$restart_containerd" ]] && systemctl is-active --quiet containerd; then
    systemctl restart containerd
else
    systemctl start containerd
fi
continuum_restart_clear containerd
continuum_wait 60 "containerd to answer (journalctl -u containerd)" /usr/local/bin/ctr --address /run/containerd/containerd.sock version
# Airgap: the pinned image archives (airgap.images) go into containerd before init/join.
continuum_import_images

# kubeadm: once. Its config holds the bootstrap token (and certificate key): 0600, removed after use.
done_marker=/etc/kubernetes/continuum-kubeadm.done
cfg=/etc/kubernetes/continuum-kubeadm.yaml
restore_dir=/var/lib/continuum/etcd-restore

# Undo a kubeadm init or join that did not finish, so the next attempt starts clean: kubeadm reset
# (a control plane leaves etcd), then what reset leaves behind by design.
kubeadm_undo_attempt() {
    # kube-vip's static pod (kubeadm-kube-vip-init.sh, apiEndpoint.vip) stays: init needs the VIP.
    local kube_vip
    kube_vip="$(cat /etc/kubernetes/manifests/kube-vip.yaml 2>/dev/null || true)"
    continuum_log "undoing the unfinished kubeadm $KUBEADM_ACTION on $NODE_NAME (kubeadm reset)"
    timeout 180 /usr/local/bin/kubeadm reset -f --cri-socket unix:///run/containerd/containerd.sock >&2 || \
        continuum_log "WARNING: kubeadm reset did not finish cleanly; removing its files anyway"
    rm -f "$cfg" /etc/kubernetes/kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/admin.conf \
        /etc/kubernetes/super-admin.conf /etc/kubernetes/controller-manager.conf /etc/kubernetes/scheduler.conf
    rm -rf /etc/kubernetes/manifests /etc/kubernetes/pki /etc/cni/net.d/* /var/lib/etcd "$HOME/.kube"
    [[ -z "$kube_vip" ]] || continuum_write_file /etc/kubernetes/manifests/kube-vip.yaml 0600 "$kube_vip" >/dev/null
    for tool in iptables ip6tables; do
        if command -v "$tool-save" >/dev/null 2>&1 && command -v "$tool-restore" >/dev/null 2>&1; then
            "$tool-save" | grep -v -E 'KUBE-|CNI-|CILIUM' | "$tool-restore" || true
        fi
    done
}

# A kubeadm that ran here before continuum wrote the marker: a node continuum finished installing
# (its install mark is written only after a successful run) is done, not undone.
if [[ ! -f "$done_marker" && -f /etc/kubernetes/kubelet.conf ]] && grep -qx 'kubeadm-\(control-plane\|worker\)' /etc/continuum/installed 2>/dev/null; then
    continuum_write_file "$done_marker" 0644 "kubeadm $KUBEADM_ACTION finished (before this marker existed)" >/dev/null
fi
if [[ ! -f "$done_marker" ]]; then
    # Left by an attempt that was killed (or by a failed undo): kubeadm refuses to run over it.
    if [[ -e /etc/kubernetes/kubelet.conf || -e /etc/kubernetes/bootstrap-kubelet.conf || -n "$(find /etc/kubernetes/manifests -mindepth 1 ! -name kube-vip.yaml 2>/dev/null)" || -d /var/lib/etcd/member ]]; then
        kubeadm_undo_attempt
    fi
    mkdir -p /etc/kubernetes
    continuum_write_file "$cfg" 0600 "$KUBEADM_CONFIG" >/dev/null
    case "$KUBEADM_ACTION" in
        init)
            # The join command (with the token) and the certificate key are never printed: this
            # output reaches the Pulumi log. Joins take both from their own config file.
            args=(init --config "$cfg" --skip-token-print --skip-certificate-key-print)
            if [[ -s "$restore_dir/sha256" ]]; then
                continuum_log "init on $NODE_NAME keeps the restored CAs and etcd data ($restore_dir)"
                mkdir -p /etc/kubernetes/pki /var/lib/etcd
                cp -a "$restore_dir/pki/." /etc/kubernetes/pki/
                cp -a "$restore_dir/etcd/." /var/lib/etcd/
                chmod 0700 /var/lib/etcd
            fi
            [[ "${KUBEADM_UPLOAD_CERTS:-false}" == true ]] && args+=(--upload-certs)
            ;;
        join) args=(join --config "$cfg") ;;
        *) rm -f "$cfg"; continuum_die "KUBEADM_ACTION '$KUBEADM_ACTION' is not init or join" "pass init or join" ;;
    esac
    if ! /usr/local/bin/kubeadm "${args[@]}"; then
        kubeadm_undo_attempt
        continuum_die "kubeadm ${args[0]} failed on $NODE_NAME; the attempt was undone (kubeadm reset)" \
            "read the kubeadm output above, fix the cause, and run pulumi up again: it retries"
    fi
    continuum_write_file "$done_marker" 0644 "kubeadm $KUBEADM_ACTION finished" >/dev/null
    if [[ "$KUBEADM_ACTION" == init && -s "$restore_dir/sha256" ]]; then
        continuum_write_file /var/lib/continuum/etcd-restored 0600 "$(cat "$restore_dir/sha256")" >/dev/null
        rm -rf -- "$restore_dir"
    fi
fi
rm -f "$cfg"

if [[ "$CONTROL_PLANE" == true ]]; then
    continuum_wait "$wait_s" "the API server on $NODE_NAME" /usr/local/bin/kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw /readyz
else
    continuum_wait "$wait_s" "the kubelet on $NODE_NAME (journalctl -u kubelet)" systemctl is-active --quiet kubelet
fi
continuum_mark_installed "kubeadm-$([[ "$CONTROL_PLANE" == true ]] && echo control-plane || echo worker)"
echo "kubeadm node $NODE_NAME is up"
