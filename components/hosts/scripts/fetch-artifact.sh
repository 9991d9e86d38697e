#!/usr/bin/env bash
# Runs on the machine running Pulumi (not on a host): fetch one pinned artifact into the
# local cache once, verify its sha256, and print its path. A cached file with the right
# checksum is reused; a wrong one is replaced; a download with the wrong checksum is
# discarded and the run fails.
#
# Environment (local process, set by components/hosts/artifacts.ts):
#   ARTIFACT_URL     where to download from
#   ARTIFACT_SHA256  expected lower-case hex sha256
#   ARTIFACT_DEST    absolute path of the cached file
# Uninstall: delete the cache directory (~/.cache/continuum/artifacts); nothing else is written.
set -euo pipefail

: "${ARTIFACT_URL:?ARTIFACT_URL is required}"
: "${ARTIFACT_SHA256:?ARTIFACT_SHA256 is required}"
: "${ARTIFACT_DEST:?ARTIFACT_DEST is required}"

if [[ ! "$ARTIFACT_SHA256" =~ ^[0-9a-f]{64}$ ]]; then
    echo "fetch-artifact: '$ARTIFACT_SHA256' is not a sha256 for $ARTIFACT_URL — pin it in components/version-table.ts" >&2
    exit 1
fi

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$ARTIFACT_DEST" ]] && [[ "$(sha_of "$ARTIFACT_DEST")" == "$ARTIFACT_SHA256" ]]; then
    printf '%s\n' "$ARTIFACT_DEST"
    exit 0
fi

mkdir -p "$(dirname "$ARTIFACT_DEST")"
tmp="$(mktemp "$(dirname "$ARTIFACT_DEST")/.fetch.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 --connect-timeout 20 -o "$tmp" "$ARTIFACT_URL"
elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$tmp" "$ARTIFACT_URL"
else
    echo "fetch-artifact: neither curl nor wget is installed — install one, or set airgap.artifactDir and put the files there" >&2
    exit 1
fi

got="$(sha_of "$tmp")"
if [[ "$got" != "$ARTIFACT_SHA256" ]]; then
    echo "fetch-artifact: $ARTIFACT_URL has sha256 $got, expected $ARTIFACT_SHA256 — the download is discarded; check the URL and the pinned checksum" >&2
    exit 1
fi
chmod 0644 "$tmp"
mv -f "$tmp" "$ARTIFACT_DEST"
trap - EXIT
printf '%s\n' "$ARTIFACT_DEST"
