#!/usr/bin/env bash
# Write this K3s server's latest etcd snapshot to stdout as a tar stream, for the copy to the
# machine running Pulumi (components/day2/scripts/etcd-snapshot-fetch.sh reads it): the snapshot,
# SHA256SUMS with its sha256, and `token` — the server token K3s needs to restore the snapshot
# (K3s encrypts the bootstrap data in a snapshot with it). Both are secrets: the stream goes only
# to the fetch, never to a log. Read-only on the host.
#
# Params (stdin env file): NODE_NAME.
# Uninstall: nothing (it changes nothing).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-etcd-snapshot-export
continuum_require NODE_NAME

dir=/var/lib/rancher/k3s/server/db/snapshots
latest="$(find "$dir" -maxdepth 1 -type f -name 'continuum*' -printf '%T@ %f\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)"
[[ -n "$latest" ]] || continuum_die "no etcd snapshot of continuum's in $dir on $NODE_NAME" \
    "wait for the backup timer (systemctl list-timers continuum-etcd-snapshot.timer) or take one: k3s etcd-snapshot save --name continuum"
[[ -s /var/lib/rancher/k3s/server/token ]] || continuum_die "K3s's server token is missing on $NODE_NAME" "check the K3s server (journalctl -u k3s)"
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
chmod 0700 "$work"
cp -- "$dir/$latest" "$work/$latest"
cp -- /var/lib/rancher/k3s/server/token "$work/token"
(cd "$work" && sha256sum -- "$latest" >SHA256SUMS)
continuum_log "sending $latest ($(stat -c %s "$work/$latest") bytes) from $NODE_NAME"
tar -C "$work" -cf - -- "$latest" SHA256SUMS token
