#!/usr/bin/env bash
# STAND-IN for kubeadm (no real kubeadm, API server or etcd on the unit-test machine): records its
# argv in $STANDIN_STATE/calls and does, to the files of a sandboxed host, what the host scripts
# rely on kubeadm v1.35 for — and prints what the real one prints, secrets included, so that a
# script that lets them through is caught:
#   init --config F       (re)starts the kubelet, writes kubelet.conf, admin.conf, manifests, pki, /var/lib/etcd/member;
#                         prints "[bootstrap-token] Using token: <token>" and the join commands
#                         with the token, and with --upload-certs the certificate key, unless
#                         --skip-token-print / --skip-certificate-key-print (token and key from F)
#   join --config F       (re)starts the kubelet, writes kubelet.conf (and a control plane's files)
#   reset -f              stops the kubelet, removes what real `kubeadm reset` removes (manifests, pki, kubeconfigs,
#                         etcd data, /var/lib/kubelet) and leaves what it leaves (CNI config,
#                         iptables rules, ~/.kube)
#   token create [T] [--config F]   records the token; prints it (as the real one does)
#   token list            prints the recorded tokens (full tokens, as the real one does)
#   init phase upload-certs --upload-certs [--certificate-key K | --config F]  prints the key
#                         unless --skip-certificate-key-print
# Failures on demand: $STANDIN_STATE/kubeadm-fail (init/join fail after writing kubelet.conf),
# $STANDIN_STATE/kubeadm-hang (init/join write kubelet.conf, then hang until killed).
# Used only by test/hosts-unit (host-sandbox.ts).
set -euo pipefail
state="${STANDIN_STATE:?}"
printf 'kubeadm %s\n' "$*" >>"$state/calls"

flag() { local f="$1"; shift; for a in "$@"; do [[ "$a" != "$f" ]] || return 0; done; return 1; }
value() {
    local f="$1" prev=""; shift
    for a in "$@"; do
        if [[ "$prev" == "$f" ]]; then printf '%s' "$a"; return 0; fi
        if [[ "$a" == "$f="* ]]; then printf '%s' "${a#*=}"; return 0; fi
        prev="$a"
    done
}
from_config() { # <yaml key> <config file>
    [[ -n "$2" && -f "$2" ]] || return 0
    sed -n "s/^[[:space:]-]*$1: *//p" "$2" | head -n 1 | tr -d '"'
}
kubeconfig() { printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: stand-in\n' >"$1"; }
node_files() {
    mkdir -p /etc/kubernetes /var/lib/kubelet
    kubeconfig /etc/kubernetes/kubelet.conf
    systemctl restart kubelet
    if [[ "$1" == control ]]; then
        mkdir -p /etc/kubernetes/manifests /etc/kubernetes/pki /var/lib/etcd/member
        kubeconfig /etc/kubernetes/admin.conf
        echo "kind: Pod" >/etc/kubernetes/manifests/kube-apiserver.yaml
    fi
}
misbehave() {
    if [[ -e "$state/kubeadm-fail" ]]; then
        echo "error execution phase kubelet-start: timed out waiting for the condition (stand-in)" >&2
        exit 1
    fi
    if [[ -e "$state/kubeadm-hang" ]]; then
        echo "[kubelet-start] waiting for the kubelet (stand-in hangs)" >&2
        sleep 3600
    fi
}
cfg="$(value --config "$@")"

case "${1:-} ${2:-}" in
    "init --config" | "init phase")
        if [[ "${2:-}" == phase ]]; then
            [[ "${3:-}" == upload-certs ]] || { echo "kubeadm-standin: init phase ${3:-} is not emulated" >&2; exit 1; }
            key="$(value --certificate-key "$@")"
            [[ -n "$key" ]] || key="$(from_config certificateKey "$cfg")"
            flag --skip-certificate-key-print "$@" || printf '[upload-certs] Using certificate key:\n%s\n' "$key"
            exit 0
        fi
        token="$(from_config token "$cfg")"
        key="$(from_config certificateKey "$cfg")"
        node_files control
        misbehave
        shown_token="$token"
        shown_key="$key"
        if flag --skip-token-print "$@"; then shown_token="<value withheld>"; else echo "[bootstrap-token] Using token: $token"; fi
        if flag --upload-certs "$@"; then
            if flag --skip-certificate-key-print "$@"; then shown_key="<value withheld>"; else printf '[upload-certs] Using certificate key:\n%s\n' "$key"; fi
        fi
        echo "Your Kubernetes control-plane has initialized successfully!"
        if flag --upload-certs "$@"; then
            printf '  kubeadm join api:6443 --token %s \\\n\t--discovery-token-ca-cert-hash sha256:%064d \\\n\t--control-plane --certificate-key %s\n' "$shown_token" 0 "$shown_key"
        else
            printf '  kubeadm join api:6443 --token %s \\\n\t--discovery-token-ca-cert-hash sha256:%064d \\\n\t--control-plane\n' "$shown_token" 0
        fi
        printf 'kubeadm join api:6443 --token %s \\\n\t--discovery-token-ca-cert-hash sha256:%064d\n' "$shown_token" 0
        ;;
    "join --config")
        role=worker
        grep -q '^controlPlane:' "$cfg" && role=control
        node_files "$role"
        misbehave
        echo "This node has joined the cluster (stand-in)"
        ;;
    "reset -f")
        systemctl stop kubelet
        rm -rf /etc/kubernetes/manifests /etc/kubernetes/pki /var/lib/etcd/* /var/lib/kubelet
        rm -f /etc/kubernetes/*.conf
        echo "[reset] The reset process does not clean CNI configuration, iptables rules or \$HOME/.kube/config (stand-in)"
        ;;
    "token create")
        token="${3:-}"
        [[ -n "$token" && "$token" != --* ]] || token="$(from_config token "$cfg")"
        [[ -n "$token" ]] || { echo "kubeadm-standin: no token to create" >&2; exit 1; }
        if grep -qx "${token%%.*}\..*" "$state/tokens" 2>/dev/null; then echo "bootstrap token \"${token%%.*}\" already exists" >&2; exit 1; fi
        printf '%s\n' "$token" >>"$state/tokens"
        printf '%s\n' "$token"
        ;;
    "token list")
        printf 'TOKEN                     TTL   EXPIRES   USAGES   DESCRIPTION   EXTRA GROUPS\n'
        while read -r t; do printf '%s   1h   -   authentication,signing   <none>   system:bootstrappers\n' "$t"; done <"$state/tokens" 2>/dev/null || true
        ;;
    *)
        echo "kubeadm-standin: '$*' is not emulated" >&2
        exit 1
        ;;
esac
