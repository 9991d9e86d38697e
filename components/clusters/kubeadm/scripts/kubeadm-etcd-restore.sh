#!/usr/bin/env bash
# Stage a restore of the cluster's etcd on the first kubeadm control plane (clusters[].restoreFrom),
# before kubeadm-install.sh runs `kubeadm init`: the snapshot and the cluster's CAs (`pki.tar`, copied
# beside the snapshot by backup) arrive as pinned files (sha256 checked before anything runs);
# `etcdutl snapshot restore` writes a data directory whose only member is this node (its name and
# peer URL, as kubeadm's etcd static pod will run it) with a new cluster token, and the CAs and
# service-account keys are unpacked beside it, in /var/lib/continuum/etcd-restore (0700).
# kubeadm-install.sh puts both in place right before init and records the snapshot's sha256 once
# init finished. Once per snapshot: a node restored from it (or running kubeadm already) is left alone.
#
# Params (stdin env file):
#   NODE_NAME          the node (the etcd member's name, as kubeadm names it)
#   ETCD_PEER_HOST     the address etcd advertises to peers (the node's IP); empty: the address of
#                      the default route's interface, as kubeadm picks it
#   CLUSTER_TOKEN      the new etcd cluster's token
#   ARTIFACT_SNAPSHOT, ARTIFACT_PKI, ARTIFACT_ETCD (+ _SHA256)   the snapshot, its pki.tar, etcd's release archive
# Uninstall: kubeadm-etcd-restore-uninstall.sh (removes the record and a staged restore).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-restore
continuum_require NODE_NAME CLUSTER_TOKEN ARTIFACT_SNAPSHOT ARTIFACT_SNAPSHOT_SHA256 ARTIFACT_PKI ARTIFACT_ETCD
restored=/var/lib/continuum/etcd-restored
stage=/var/lib/continuum/etcd-restore
snapshot_name="$(basename "$ARTIFACT_SNAPSHOT")"

if [[ "$(cat "$restored" 2>/dev/null || true)" == "$ARTIFACT_SNAPSHOT_SHA256" ]]; then
    echo "etcd on $NODE_NAME was restored from $snapshot_name already"
    exit 0
fi
if [[ -f /etc/kubernetes/continuum-kubeadm.done ]]; then
    continuum_die "kubeadm already runs on $NODE_NAME: restoreFrom brings up a new cluster from a snapshot, it does not rewind a running one" \
        "remove clusters[].restoreFrom; to rebuild this cluster from $snapshot_name, destroy it (pulumi destroy, or wipe the hosts) and run pulumi up again"
fi
if [[ "$(cat "$stage/sha256" 2>/dev/null || true)" == "$ARTIFACT_SNAPSHOT_SHA256" ]]; then
    echo "a restore from $snapshot_name is staged on $NODE_NAME for kubeadm init"
    exit 0
fi

# shellcheck source=kubeadm-etcd-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/kubeadm-etcd-tools.sh"
kubeadm_etcd_tools "$ARTIFACT_ETCD"
/usr/local/bin/etcdutl snapshot status "$ARTIFACT_SNAPSHOT" >/dev/null ||
    continuum_die "$snapshot_name is not an etcd snapshot etcdutl can read" "name a snapshot backup copied (<backup.target>/<cluster>/<node>/continuum-…db) in restoreFrom"

peer="${ETCD_PEER_HOST:-}"
if [[ -z "$peer" ]]; then
    dev="$(ip -o -4 route show default | awk '{for (i = 1; i < NF; i++) if ($i == "dev") {print $(i + 1); exit}}')"
    peer="$(ip -o -4 addr show dev "${dev:-lo}" scope global | awk '{split($4, a, "/"); print a[1]; exit}')"
    [[ -n "$peer" ]] || continuum_die "cannot tell the address etcd on $NODE_NAME advertises (no default route)" \
        "give the node's IP address as its host in the spec"
fi
[[ "$peer" == *:* ]] && peer="[$peer]"
url="https://$peer:2380"

rm -rf -- "$stage"
mkdir -p "$stage/pki"
chmod 0700 "$stage"
continuum_log "restoring $snapshot_name into a new etcd member $NODE_NAME ($url) for kubeadm init"
if ! /usr/local/bin/etcdutl snapshot restore "$ARTIFACT_SNAPSHOT" --name "$NODE_NAME" --initial-cluster "$NODE_NAME=$url" \
    --initial-advertise-peer-urls "$url" --initial-cluster-token "$CLUSTER_TOKEN" --data-dir "$stage/etcd" >&2; then
    rm -rf -- "$stage"
    continuum_die "etcdutl snapshot restore of $snapshot_name failed on $NODE_NAME" "read etcdutl's message above"
fi
pki=(ca.crt ca.key sa.key sa.pub front-proxy-ca.crt front-proxy-ca.key etcd/ca.crt etcd/ca.key)
if ! tar -xf "$ARTIFACT_PKI" -C "$stage/pki" --no-same-owner -- "${pki[@]}"; then
    rm -rf -- "$stage"
    continuum_die "$(basename "$ARTIFACT_PKI") lacks the cluster's CAs (${pki[*]})" \
        "put the pki.tar backup copied with the snapshot beside it (the restored data needs the CAs it was made with)"
fi
chmod 0600 "$stage"/pki/*.key "$stage"/pki/etcd/*.key
printf '%s\n' "$ARTIFACT_SNAPSHOT_SHA256" >"$stage/sha256"
echo "a restore from $snapshot_name is staged on $NODE_NAME for kubeadm init"
