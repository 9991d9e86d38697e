#!/usr/bin/env bash
# scripts/toolchain-env.sh — print the environment for the offline toolchain as `export` lines:
#
#   eval "$(scripts/toolchain-env.sh)"            # backend: file://<repo>/.pulumi
#   eval "$(scripts/toolchain-env.sh /tmp/state)" # backend: file:///tmp/state
#
# Same values as toolchainEnv() in scripts/toolchain-env.ts:
#   PATH                 <repo>/.tools/bin first (binaries from `npm run toolchain`)
#   PULUMI_HOME          <repo>/.tools/pulumi-home (no ~/.pulumi, no credentials)
#   PULUMI_BACKEND_URL   file://<backend dir> (local file backend, no Pulumi Cloud)
#   PULUMI_SKIP_UPDATE_CHECK=true, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true (never download)
#   PULUMI_CONFIG_PASSPHRASE  kept if already set, else "continuum-lab"
# Fails, naming `npm run toolchain`, if .tools/bin/pulumi is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
backend=${1:-$root/.pulumi}
case "$backend" in /*) ;; *) backend="$PWD/$backend" ;; esac

if [[ ! -x "$root/.tools/bin/pulumi" ]]; then
	echo "toolchain-env: $root/.tools/bin/pulumi is missing: run \`npm run toolchain\` first" >&2
	exit 1
fi

q() { printf '%q' "$1"; }
echo "export PATH=$(q "$root/.tools/bin"):\"\$PATH\""
echo "export PULUMI_HOME=$(q "$root/.tools/pulumi-home")"
echo "export PULUMI_BACKEND_URL=$(q "file://$backend")"
echo "export PULUMI_SKIP_UPDATE_CHECK=true"
echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
echo "export PULUMI_CONFIG_PASSPHRASE=$(q "${PULUMI_CONFIG_PASSPHRASE:-continuum-lab}")"
