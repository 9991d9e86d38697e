#!/usr/bin/env bash
# scripts/toolchain-env.sh — print the environment for the offline toolchain as `export` lines:
#
#   eval "$(scripts/toolchain-env.sh)"            # backend: file://<repo>/.pulumi
#   eval "$(scripts/toolchain-env.sh /tmp/state)" # backend: file:///tmp/state
#   eval "$(scripts/toolchain-env.sh --lab)"      # also the lab/test stacks' passphrase
#   scripts/toolchain-env.sh --github [--lab] [backendDir] # GitHub Actions: appends to $GITHUB_PATH
#                                                  # and $GITHUB_ENV instead of printing
#
# Same values as toolchainEnv() in scripts/toolchain-env.ts:
#   PATH                 <repo>/.tools/bin first (binaries from `npm run toolchain`)
#   PULUMI_HOME          <repo>/.tools/pulumi-home (no ~/.pulumi, no credentials)
#   PULUMI_BACKEND_URL   file://<backend dir> (local file backend, no Pulumi Cloud)
#   PULUMI_SKIP_UPDATE_CHECK=true, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true (never download)
#   PULUMI_CONFIG_PASSPHRASE  only with --lab (the lab and test stacks): kept if already set,
#                        else "continuum-lab". Without --lab nothing is set, so `pulumi stack init`
#                        of any other stack asks for a passphrase or secrets provider as usual.
# Fails, naming `npm run toolchain`, if .tools/bin/pulumi is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
github=false
lab=false
while [[ $# -gt 0 ]]; do
	case "$1" in
	--github) github=true ;;
	--lab) lab=true ;;
	--*)
		echo "toolchain-env: unknown option $1 — use --github, --lab and a backend directory" >&2
		exit 2
		;;
	*) break ;;
	esac
	shift
done
backend=${1:-$root/.pulumi}
case "$backend" in /*) ;; *) backend="$PWD/$backend" ;; esac

if [[ ! -x "$root/.tools/bin/pulumi" ]]; then
	echo "toolchain-env: $root/.tools/bin/pulumi is missing: run \`npm run toolchain\` first" >&2
	exit 1
fi

vars=(
	"PULUMI_HOME=$root/.tools/pulumi-home"
	"PULUMI_BACKEND_URL=file://$backend"
	"PULUMI_SKIP_UPDATE_CHECK=true"
	"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
)
if $lab; then
	vars+=("PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-continuum-lab}")
fi
if $github; then
	: "${GITHUB_PATH:?--github needs GITHUB_PATH}" "${GITHUB_ENV:?--github needs GITHUB_ENV}"
	echo "$root/.tools/bin" >>"$GITHUB_PATH"
	printf '%s\n' "${vars[@]}" >>"$GITHUB_ENV"
	exit 0
fi
printf 'export PATH=%q:"$PATH"\n' "$root/.tools/bin"
for v in "${vars[@]}"; do
	printf 'export %s=%q\n' "${v%%=*}" "${v#*=}"
done
