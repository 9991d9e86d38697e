#!/usr/bin/env bash
# Write this kubeadm control plane's latest etcd snapshot to stdout as a tar stream, for the copy
# to the machine running Pulumi (components/day2/scripts/etcd-snapshot-fetch.sh reads it): the
# snapshot, `pki.tar` — the certificate authorities and service-account keys the restored data
# was made with (ca, front-proxy-ca, etcd/ca, sa) — and SHA256SUMS of both. Both are secrets: the
# stream goes only to the fetch, never to a log. Read-only on the host.
#
# Params (stdin env file): NODE_NAME.
# Uninstall: nothing (it changes nothing).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-snapshot-export
continuum_require NODE_NAME

dir=/var/lib/continuum/etcd-snapshots
latest="$(find "$dir" -maxdepth 1 -type f -name 'continuum*' -printf '%T@ %f\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)"
[[ -n "$latest" ]] || continuum_die "no etcd snapshot of continuum's in $dir on $NODE_NAME" \
    "wait for the backup timer (systemctl list-timers continuum-etcd-snapshot.timer) or take one: systemctl start continuum-etcd-snapshot.service"
pki=(ca.crt ca.key sa.key sa.pub front-proxy-ca.crt front-proxy-ca.key etcd/ca.crt etcd/ca.key)
for f in "${pki[@]}"; do
    [[ -s "/etc/kubernetes/pki/$f" ]] || continuum_die "/etc/kubernetes/pki/$f is missing on $NODE_NAME" \
        "a restore needs it: check the control plane (kubeadm certs check-expiration)"
done
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
chmod 0700 "$work"
cp -- "$dir/$latest" "$work/$latest"
tar -C /etc/kubernetes/pki --sort=name --owner=0 --group=0 --numeric-owner -cf "$work/pki.tar" -- "${pki[@]}"
(cd "$work" && sha256sum -- "$latest" pki.tar >SHA256SUMS)
continuum_log "sending $latest ($(stat -c %s "$work/$latest") bytes) and the cluster's CAs from $NODE_NAME"
tar -C "$work" -cf - -- "$latest" SHA256SUMS pki.tar
