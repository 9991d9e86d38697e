#!/usr/bin/env bash
# Take one snapshot of this kubeadm control plane's etcd and keep the newest KEEP. Installed by
# kubeadm-etcd-backup.sh as /usr/local/lib/continuum/kubeadm-etcd-snapshot.sh and run by
# continuum-etcd-snapshot.service (on the timer) and by the backup step before a change.
# `etcdctl snapshot save` against the local member with the healthcheck-client certificate
# kubeadm issues; the file is written beside the others under a temporary name and renamed when
# complete, 0600 in a 0700 directory (a snapshot holds every Secret of the cluster).
#
# Usage: kubeadm-etcd-snapshot.sh PREFIX NODE KEEP
#   PREFIX   continuum (scheduled) or continuum-pre-change (before a change)
#   NODE     this node's name (part of the file name)
#   KEEP     snapshots kept: every continuum* snapshot counts, the newest stay
set -euo pipefail

die() {
    printf 'continuum[kubeadm-etcd-snapshot]: %s\n' "$*" >&2
    exit 1
}
[[ $# -eq 3 ]] || die "usage: $0 PREFIX NODE KEEP"
prefix=$1 node=$2 keep=$3
[[ "$prefix" =~ ^continuum[a-z-]*$ ]] || die "PREFIX '$prefix' does not start with continuum"
[[ "$node" =~ ^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$ ]] || die "NODE '$node' is not a node name"
[[ "$keep" =~ ^[1-9][0-9]{0,3}$ ]] || die "KEEP '$keep' is not a count 1–9999"

dir=/var/lib/continuum/etcd-snapshots
pki=/etc/kubernetes/pki/etcd
umask 077
mkdir -p "$dir"
chmod 0700 "$dir"
name="$prefix-$node-$(date -u +%Y%m%dT%H%M%S.%NZ).db"
partial="$dir/.partial-$name"
trap 'rm -f -- "$partial"' EXIT
if ! /usr/local/bin/etcdctl --endpoints https://127.0.0.1:2379 --cacert "$pki/ca.crt" \
    --cert "$pki/healthcheck-client.crt" --key "$pki/healthcheck-client.key" \
    --command-timeout 120s snapshot save "$partial" >&2; then
    die "etcdctl snapshot save failed on $node: read its message above (is etcd running? crictl ps --name etcd)"
fi
chmod 0600 "$partial"
mv -f -- "$partial" "$dir/$name"
mapfile -t kept < <(find "$dir" -maxdepth 1 -type f -name 'continuum*' -printf '%T@ %f\n' | sort -rn | cut -d' ' -f2-)
for old in "${kept[@]:$keep}"; do
    rm -f -- "${dir:?}/$old"
done
echo "etcd snapshot $name on $node ($(stat -c %s "$dir/$name") bytes; keeping $keep)"
