#!/usr/bin/env bash
# Runs on the machine running Pulumi: copy a control plane's latest etcd snapshot here, checked.
# It reaches the node exactly as the node's converge does (components/hosts/scripts/fleet-node-ssh.sh:
# OpenSSH, pinned host keys, bastion, retries for network errors only), runs the bundle's
# export script there as root, and reads its stdout — a tar stream of the snapshot, SHA256SUMS
# and what a restore needs with it (K3s: the server `token`; kubeadm: `pki.tar`, the cluster's
# CAs and service-account keys) — into a private temporary directory beside the target. Every
# file SHA256SUMS lists is checked (sha256sum -c) before anything lands in the target directory;
# a failed check leaves the target as it was. Snapshots, tokens and keys are secrets: files 0600,
# directories 0700, nothing of them printed.
#
# Environment: what fleet-node-ssh.sh reads (CONTINUUM_REMOTE_CONVERGE is the export command), and
#   CONTINUUM_BACKUP_DIR    the target directory for this node (<backup.target>/<cluster>/<node>)
#   CONTINUUM_BACKUP_KEEP   snapshots kept there (older ones are deleted)
# Stdin: as fleet-node-ssh.sh's (the keys, then the export script's parameters).
set -euo pipefail

SELF="continuum[etcd-snapshot-fetch]"
NODE="${CONTINUUM_NODE:-?}"
die() {
    printf '%s node %s: %s\n' "$SELF" "$NODE" "$*" >&2
    exit 1
}
DIR="${CONTINUUM_BACKUP_DIR:-}"
KEEP="${CONTINUUM_BACKUP_KEEP:-}"
[[ -n "$DIR" && "$DIR" != -* && "$DIR" != *$'\n'* ]] || die "CONTINUUM_BACKUP_DIR is not set or not a path — a bug in the caller"
[[ "$KEEP" =~ ^[1-9][0-9]{0,3}$ ]] || die "CONTINUUM_BACKUP_KEEP='${KEEP}' is not a count — a bug in the caller"
for tool in tar sha256sum mktemp; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed on the machine running Pulumi — install coreutils and tar"
done

umask 077
mkdir -p -- "$DIR" || die "cannot create $DIR — check clusters[].backup.target"
chmod 0700 -- "$DIR"
WORK="$(mktemp -d "$DIR/.fetch.XXXXXX")"
trap 'rm -rf -- "$WORK"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# CONTINUUM_RUN_STDOUT: the export's stream comes here, not to the converge log.
CONTINUUM_RUN_STDOUT=1 bash "$(dirname "${BASH_SOURCE[0]}")/../../hosts/scripts/fleet-node-ssh.sh" converge >"$WORK/stream.tar" ||
    die "reading the snapshot from the node failed — see the message above; run pulumi up again"
mkdir "$WORK/x"
tar -xf "$WORK/stream.tar" -C "$WORK/x" --no-same-owner --no-same-permissions ||
    die "what the node sent is not the export's tar stream — see the node's message above"
extras=()
for f in token pki.tar; do
    [[ -s "$WORK/x/$f" ]] && extras+=("$f")
done
[[ -s "$WORK/x/SHA256SUMS" && ${#extras[@]} -gt 0 ]] ||
    die "the node's export lacks SHA256SUMS or what a restore needs (token or pki.tar) — a bug in the export script"
name="$(awk 'NR == 1 {print $2}' "$WORK/x/SHA256SUMS")"
[[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ && -f "$WORK/x/$name" ]] || die "SHA256SUMS names no snapshot that was sent"
if ! (cd "$WORK/x" && sha256sum --quiet -c SHA256SUMS >&2); then
    die "the snapshot $name does not match the sha256 the node computed — it was damaged on the way; nothing was kept, run pulumi up again"
fi
chmod 0600 "$WORK/x/$name" "${extras[@]/#/$WORK/x/}"
mv -f -- "$WORK/x/$name" "$DIR/$name"
for f in "${extras[@]}"; do
    mv -f -- "$WORK/x/$f" "$DIR/$f"
done
# SHA256SUMS lists every snapshot kept here and the files beside them (sha256sum -c checks them all).
awk '{print "  " $2}' "$WORK/x/SHA256SUMS" >"$WORK/names"
{
    grep -v -F -f "$WORK/names" "$DIR/SHA256SUMS" 2>/dev/null || true
    cat "$WORK/x/SHA256SUMS"
} >"$WORK/sums"
mapfile -t kept < <(find "$DIR" -maxdepth 1 -type f -name 'continuum*' -printf '%T@ %f\n' | sort -rn | cut -d' ' -f2-)
for old in "${kept[@]:$KEEP}"; do
    rm -f -- "${DIR:?}/$old"
    grep -v -F "  $old" "$WORK/sums" >"$WORK/sums.new" || true
    mv -f "$WORK/sums.new" "$WORK/sums"
done
mv -f -- "$WORK/sums" "$DIR/SHA256SUMS"
printf '%s node %s: %s copied to %s (sha256 %s)\n' "$SELF" "$NODE" "$name" "$DIR" "$(awk 'NR == 1 {print $1}' "$WORK/x/SHA256SUMS")"
