#!/usr/bin/env bash
# Fetch the pinned Helm charts without a Helm repository.
#
# Cilium and KubeEdge publish their charts inside their Go modules, and the Go module proxy is
# reachable where the Helm repos are not. This script downloads each module at the version pinned
# in components/version-table.ts (`go mod download -json`), checks that the chart's Chart.yaml says
# the pinned version, and copies the chart directory to
#   ${CONTINUUM_CACHE:-$HOME/.cache/continuum}/charts/<name>-<version>/
# It prints one `<name> <path>` line per chart: put the paths in the stack's
# `airgap.charts.<name>` (e.g. airgap.charts.cilium).
#
# Usage: scripts/fetch-charts.sh [cilium] [cloudcore]      (default: both)
#        scripts/fetch-charts.sh --uninstall [names...]     (remove the copied charts)
# Env:   CONTINUUM_CACHE          cache root (default $HOME/.cache/continuum)
#        CILIUM_VERSION           override the pinned Cilium chart version (x.y.z)
#        KUBEEDGE_VERSION         override the pinned CloudCore chart version (x.y.z)
# Idempotent: a chart already copied at the right version is left as it is.
# Akri and EdgeMesh are not Go modules the proxy serves: their charts cannot be fetched this way.
# Their archives go in a chart directory (CONTINUUM_CHART_DIR, `npm run lab -- --chart-dir`),
# pinned by file name and sha256 in components/version-table.ts (docs/lab.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CONTINUUM_CACHE:-$HOME/.cache/continuum}/charts"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod

die() { echo "fetch-charts: $*" >&2; exit 1; }

# The pinned chart version from the version table (one place for versions).
pinned_version() {
    local name="$1"
    (cd "$ROOT" && node -r ts-node/register/transpile-only -e \
        'const t = require("./components/version-table").VERSION_TABLE; const p = t.charts[process.argv[1]]; if (!p) process.exit(2); process.stdout.write(p.version);' \
        "$name") || die "cannot read charts.$name from components/version-table.ts (run from a checkout with node_modules installed)"
}

# name -> "<go module> <chart dir inside the module>"
module_of() {
    case "$1" in
        cilium) echo "github.com/cilium/cilium install/kubernetes/cilium" ;;
        cloudcore) echo "github.com/kubeedge/kubeedge manifests/charts/cloudcore" ;;
        *) die "unknown chart '$1' — this script fetches: cilium, cloudcore" ;;
    esac
}

version_for() {
    case "$1" in
        cilium) echo "${CILIUM_VERSION:-$(pinned_version cilium)}" ;;
        cloudcore) echo "${KUBEEDGE_VERSION:-$(pinned_version cloudcore)}" ;;
    esac
}

# The `version:` field of a Chart.yaml.
chart_version() {
    sed -n 's/^version:[[:space:]]*["'\'']\{0,1\}\([^"'\'' ]*\).*$/\1/p' "$1" | head -n 1
}

fetch() {
    local name="$1" version module subdir dest json dir
    module_of "$name" >/dev/null
    version="$(version_for "$name")"
    read -r module subdir <<<"$(module_of "$name")"
    dest="$CACHE/$name-$version"
    if [[ -f "$dest/Chart.yaml" && "$(chart_version "$dest/Chart.yaml")" == "$version" ]]; then
        echo "$name $dest"
        return 0
    fi
    command -v go >/dev/null || die "go is not on PATH — install Go to fetch charts from the module proxy"
    json="$(go mod download -json "$module@v$version")" || die "go mod download $module@v$version failed: $json"
    dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
    if [[ -z "$dir" ]]; then
        die "the module proxy did not serve $module@v$version: $(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p') — pin a version the proxy serves"
    fi
    [[ -f "$dir/$subdir/Chart.yaml" ]] || die "$module@v$version has no chart at $subdir"
    local found
    found="$(chart_version "$dir/$subdir/Chart.yaml")"
    [[ "$found" == "$version" ]] || die "$module@v$version: $subdir/Chart.yaml says version $found, the pin says $version — fix the pin in components/version-table.ts"
    mkdir -p "$CACHE"
    rm -rf "$dest.tmp"
    cp -R "$dir/$subdir" "$dest.tmp"
    chmod -R u+w "$dest.tmp"
    rm -rf "$dest"
    mv "$dest.tmp" "$dest"
    echo "$name $dest"
}

uninstall() {
    local name version
    for name in "$@"; do
        module_of "$name" >/dev/null
        version="$(version_for "$name")"
        rm -rf "$CACHE/$name-$version" "$CACHE/$name-$version.tmp"
        echo "removed $CACHE/$name-$version"
    done
}

main() {
    if [[ "${1:-}" == "--uninstall" ]]; then
        shift
        if [[ $# -eq 0 ]]; then set -- cilium cloudcore; fi
        uninstall "$@"
        return 0
    fi
    if [[ $# -eq 0 ]]; then set -- cilium cloudcore; fi
    local name
    for name in "$@"; do fetch "$name"; done
}

main "$@"
