#!/usr/bin/env bash
# Runs on the machine running Pulumi (not on a host): fetch one pinned artifact into the
# local cache once, verify its digest (sha256 or sha512, the algorithm its pin gives), and print
# its path. A cached file with the right digest is reused; a wrong one is replaced; a download
# with the wrong digest is discarded and the run fails.
#
# Environment (local process, set by components/hosts/artifacts.ts):
#   ARTIFACT_URL     where to download from
#   ARTIFACT_SHA256  expected lower-case hex sha256, or
#   ARTIFACT_SHA512  expected lower-case hex sha512 (exactly one of the two)
#   ARTIFACT_DEST    absolute path of the cached file
# Uninstall: delete the cache directory (~/.cache/continuum/artifacts); nothing else is written.
set -euo pipefail

: "${ARTIFACT_URL:?ARTIFACT_URL is required}"
: "${ARTIFACT_DEST:?ARTIFACT_DEST is required}"

if [[ -n "${ARTIFACT_SHA256:-}" && -n "${ARTIFACT_SHA512:-}" ]]; then
    echo "fetch-artifact: both ARTIFACT_SHA256 and ARTIFACT_SHA512 are set for $ARTIFACT_URL — give one" >&2
    exit 1
elif [[ -n "${ARTIFACT_SHA512:-}" ]]; then
    algo=sha512 want="$ARTIFACT_SHA512" pattern='^[0-9a-f]{128}$'
else
    algo=sha256 want="${ARTIFACT_SHA256:-}" pattern='^[0-9a-f]{64}$'
fi
if [[ ! "$want" =~ $pattern ]]; then
    echo "fetch-artifact: '$want' is not a $algo for $ARTIFACT_URL — pin it in the stack (artifacts.<name>.<arch>.sha256 or .sha512)" >&2
    exit 1
fi

sha_of() { "${algo}sum" "$1" | cut -d' ' -f1; }

if [[ -f "$ARTIFACT_DEST" ]] && [[ "$(sha_of "$ARTIFACT_DEST")" == "$want" ]]; then
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
if [[ "$got" != "$want" ]]; then
    echo "fetch-artifact: $ARTIFACT_URL has $algo $got, expected $want — the download is discarded; check the URL and the pinned digest" >&2
    exit 1
fi
chmod 0644 "$tmp"
mv -f "$tmp" "$ARTIFACT_DEST"
trap - EXIT
printf '%s\n' "$ARTIFACT_DEST"
