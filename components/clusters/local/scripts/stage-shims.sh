#!/usr/bin/env bash
# Put the pinned runtime shims (crun, containerd-shim-wasmedge-v1) into the host directory that
# kind and k3d nodes mount read-only, each verified against its sha256 from the version table.
# Runs on the machine running Pulumi, from kind-create.sh / k3d-create.sh before a cluster is
# created (or by hand: bash stage-shims.sh < params.env).
#
# Parameters (env file on stdin, or inherited from the calling script):
#   SHIM_DIR       the host shim directory (relative to the Pulumi project)
#   SHIM_COUNT     how many shims; for each n < SHIM_COUNT:
#     SHIM_<n>_NAME      file name in SHIM_DIR (crun, containerd-shim-wasmedge-v1)
#     SHIM_<n>_ARTIFACT  "<artifact> <version> <arch>" for messages
#     SHIM_<n>_URL, SHIM_<n>_SHA256, SHIM_<n>_FILE   the pinned download, its sha256, its file name
#     SHIM_<n>_MEMBER    the file to take out of the archive (empty: the download is the binary)
#   AIRGAP_DIR     take SHIM_<n>_FILE from there instead of downloading (optional)
#
# Idempotent: a shim already in place with the same content is left alone.
# Uninstall: remove SHIM_DIR (shared by every local cluster of the project).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=local-lib.sh
source "$here/local-lib.sh"
fetch="$here/../../../hosts/scripts/fetch-artifact.sh"

local_init stage-shims
local_require SHIM_DIR
count="${SHIM_COUNT:-0}"
[[ "$count" =~ ^[0-9]+$ ]] || local_die "SHIM_COUNT is not a number: '$count'" "re-render the parameters (a bug in the caller)"
[[ "$count" -gt 0 ]] || exit 0

shims="$(local_abs_dir "$SHIM_DIR")"
cache="${CONTINUUM_ARTIFACT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/continuum/artifacts}"
work="$(mktemp -d "${TMPDIR:-/tmp}/continuum-shims.XXXXXX")"
trap 'rm -rf "$work"' EXIT

for ((i = 0; i < count; i++)); do
    v="SHIM_${i}_NAME"; name="${!v:-}"
    v="SHIM_${i}_ARTIFACT"; what="${!v:-shim $i}"
    v="SHIM_${i}_URL"; url="${!v:-}"
    v="SHIM_${i}_SHA256"; sha="${!v:-}"
    v="SHIM_${i}_SHA512"; sha512="${!v:-}"
    algo=sha256
    if [[ -n "$sha512" ]]; then algo=sha512 sha="$sha512"; fi
    v="SHIM_${i}_FILE"; file="${!v:-}"
    v="SHIM_${i}_MEMBER"; member="${!v:-}"
    [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || local_die "shim $i has no valid file name ('$name')" "re-render the parameters (a bug in the caller)"
    if [[ ! "$sha" =~ ^[0-9a-f]{64}$ && ! "$sha" =~ ^[0-9a-f]{128}$ ]]; then
        local_die "$what has no published digest in continuum's version table, so it cannot be verified (no cluster was created)" \
            "pin it in the stack (artifacts.<name>.<arch>.sha256 or .sha512: upstream's published digest of $url, or sha256sum of a copy you verified), or remove the runtime that needs $name from the nodes' runtimes"
    fi
    if [[ -n "${AIRGAP_DIR:-}" ]]; then
        src="$AIRGAP_DIR/$file"
        [[ -f "$src" ]] || local_die "airgap: $file is not in $AIRGAP_DIR" "download $url there as $file ($algo $sha)"
        got="$("${algo}sum" "$src" | cut -d' ' -f1)"
        [[ "$got" == "$sha" ]] || local_die "airgap: $src has $algo $got, expected $sha (no cluster was created)" "replace it with the pinned file from $url"
    elif [[ "$algo" == sha512 ]]; then
        src="$(ARTIFACT_URL="$url" ARTIFACT_SHA512="$sha" ARTIFACT_DEST="$cache/$file" bash "$fetch")" \
            || local_die "cannot fetch $what (its output is above; no cluster was created)" "check the network, or set airgap.artifactDir and put $file there"
    else
        src="$(ARTIFACT_URL="$url" ARTIFACT_SHA256="$sha" ARTIFACT_DEST="$cache/$file" bash "$fetch")" \
            || local_die "cannot fetch $what (its output is above; no cluster was created)" "check the network, or set airgap.artifactDir and put $file there"
    fi
    if [[ -n "$member" ]]; then
        tar -xzf "$src" -C "$work" "$member" 2>/dev/null \
            || local_die "$file does not contain $member" "check the pinned artifact (the version table's, or the stack's artifacts: pin)"
        src="$work/$member"
    fi
    if [[ -f "$shims/$name" ]] && cmp -s "$src" "$shims/$name"; then
        continue
    fi
    install -m 0755 "$src" "$shims/.$name.continuum-new"
    mv -f "$shims/.$name.continuum-new" "$shims/$name"
    local_log "staged $what as $SHIM_DIR/$name"
done
