#!/usr/bin/env bash
# Renew this kubeadm control plane's certificates when the spec's rotation epoch
# (clusters[].certificates.rotate) differs from the one recorded here: `kubeadm certs renew all`
# (every leaf certificate and the kubeconfig files' client certificates, signed by the same CAs),
# then each control-plane static pod restarted in turn — etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler: its manifest moved out of /etc/kubernetes/manifests
# until the kubelet stopped it (its port closed), then back until it answers — and the API waited
# for. Control planes converge one at a time, so an HA cluster keeps its API. Runs before
# kubeadm-install.sh: on a node kubeadm has not set up yet (its certificates are about to be made)
# the epoch is only recorded. Idempotent: a second run with the same epoch changes nothing.
#
# Params (stdin env file):
#   NODE_NAME       the node, for messages
#   ROTATE_EPOCH    the spec's rotation epoch (0, 1, 2, …)
#   API_PORT        the API server's port on this node
#   WAIT_SECONDS    how long to wait for each component (default 300)
# Uninstall: kubeadm-cert-rotate-uninstall.sh (removes the record).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-cert-rotate
continuum_require NODE_NAME ROTATE_EPOCH API_PORT
[[ "$ROTATE_EPOCH" =~ ^[0-9]{1,9}$ ]] || continuum_die "ROTATE_EPOCH '$ROTATE_EPOCH' is not a whole number" "set clusters[].certificates.rotate to 0, 1, 2, …"
[[ "$API_PORT" =~ ^[0-9]{1,5}$ ]] || continuum_die "API_PORT '$API_PORT' is not a port" "a bug in the caller"
wait_s="${WAIT_SECONDS:-300}"
record=/var/lib/continuum/cert-rotate-epoch
manifests=/etc/kubernetes/manifests
parked=/etc/kubernetes/continuum-parked-manifests

recorded="$(cat "$record" 2>/dev/null || true)"
if [[ "$recorded" == "$ROTATE_EPOCH" ]]; then
    echo "certificates of $NODE_NAME are at rotation epoch $ROTATE_EPOCH"
    exit 0
fi

# A manifest parked by a run that was killed goes back first (the component must run).
unpark() {
    local f
    for f in "$parked"/*.yaml; do
        [[ -e "$f" ]] && mv -f -- "$f" "$manifests/$(basename "$f")"
    done
    rmdir "$parked" 2>/dev/null || true
}
unpark
trap unpark EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_closed() { ! port_open "$1"; }

# restart COMPONENT PORT: the kubelet stops the static pod when its manifest goes and starts it
# again (reading the renewed certificates) when it comes back.
restart() {
    local c="$1" port="$2"
    [[ -f "$manifests/$c.yaml" ]] || continuum_die "$manifests/$c.yaml is missing on $NODE_NAME" "check the control plane (kubeadm init phase control-plane all)"
    mkdir -p "$parked"
    mv -f -- "$manifests/$c.yaml" "$parked/$c.yaml"
    continuum_wait "$wait_s" "the kubelet to stop $c on $NODE_NAME (journalctl -u kubelet)" port_closed "$port"
    mv -f -- "$parked/$c.yaml" "$manifests/$c.yaml"
    continuum_wait "$wait_s" "$c on $NODE_NAME to start again (journalctl -u kubelet)" port_open "$port"
}

if [[ -f /etc/kubernetes/continuum-kubeadm.done && -x /usr/local/bin/kubeadm ]] && [[ "$ROTATE_EPOCH" != 0 || -n "$recorded" ]]; then
    continuum_log "renewing the certificates of $NODE_NAME (epoch ${recorded:-0} → $ROTATE_EPOCH)"
    /usr/local/bin/kubeadm certs renew all >&2 ||
        continuum_die "kubeadm certs renew all failed on $NODE_NAME" "read kubeadm's message above; run pulumi up again after fixing it"
    restart etcd 2379
    restart kube-apiserver "$API_PORT"
    restart kube-controller-manager 10257
    restart kube-scheduler 10259
    continuum_wait "$wait_s" "the API server on $NODE_NAME after the renewal" \
        /usr/local/bin/kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw /readyz
    /usr/local/bin/kubeadm certs check-expiration >&2 || true
fi
mkdir -p /var/lib/continuum
continuum_write_file "$record" 0644 "$ROTATE_EPOCH" >/dev/null
echo "certificates of $NODE_NAME are at rotation epoch $ROTATE_EPOCH"
