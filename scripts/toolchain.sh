#!/usr/bin/env bash
# scripts/toolchain.sh — make `pulumi`, its plugins and the Kubernetes test binaries available
# offline, built from Go modules (the only downloads these machines can make).
#
#   npm run toolchain                 Pulumi set: pulumi CLI, pulumi-language-nodejs,
#                                     pulumi-resource-kubernetes, pulumi-resource-command,
#                                     pulumi-resource-tls, pulumi-resource-random,
#                                     pulumi-resource-pulumi-nodejs
#   npm run toolchain -- --kube       + kube-apiserver, kube-controller-manager, kube-scheduler,
#   npm run toolchain:kube              kubectl, etcd, kwok, kwokctl
#   npm run toolchain -- --all        + actionlint (+ the sets in TOOLCHAIN_ALL_SETS)
#   npm run toolchain -- --real       + what a real node needs: kubeadm, kubelet, kube-proxy,
#                                     containerd, runc, CNI plugins, crictl, crane, CoreDNS, the
#                                     node images (+ the sets in TOOLCHAIN_REAL_SETS); see
#                                     docs/toolchain.md "The real set"
#   npm run toolchain -- --NAME       + the set in scripts/toolchain-set-NAME.sh (toolchain_set_NAME)
#   options: --force (rebuild even if cached), --only a,b (just these tools), --list,
#            --plugin-sources DIR (default: $CONTINUUM_PLUGIN_SOURCES), see below
#
# Version pins: tools/versions.env (sourced). Each tool family is a small wrapper Go module under
# tools/<family>/ (go.mod + go.sum committed). Built binaries are cached by version OUTSIDE the
# clone, so every clone on the machine shares them:
#   ${CONTINUUM_CACHE:-$HOME/.cache/continuum}/tools/<name>-<version>/<binary>
# and .tools/bin/ (gitignored) gets symlinks. A cached binary is used when it exists and reports
# the expected version. A compatible binary already on PATH (pulumi 3.248.x, Kubernetes binaries
# of the same minor) is linked instead of building. Every tool prints "built in Ns", "cached" or
# where it was found. Then use scripts/toolchain-env.sh or scripts/toolchain-env.ts.
#
# Plugins the Go module proxy refuses (pulumi-language-nodejs, pulumi-resource-command, -tls,
# -random) are built from upstream's source archives in the plugin-source directory
# (--plugin-sources DIR or CONTINUUM_PLUGIN_SOURCES), each checked against the sha256 pinned in
# tools/versions.env before it is unpacked (scripts/toolchain-plugins.sh). Once built they are
# cached like the rest; without a source directory and without a cached build the toolchain
# fails, saying what to set. The output names the source of every plugin. Resource plugins
# (command, tls, random, kubernetes) go into the plugin cache of .tools/pulumi-home at the
# versions the npm SDKs request, not on PATH; the language host sits next to `pulumi`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tools/versions.env
source "$ROOT/tools/versions.env"
# shellcheck source=toolchain-download.sh
source "$ROOT/scripts/toolchain-download.sh"
# shellcheck source=toolchain-progress.sh
source "$ROOT/scripts/toolchain-progress.sh"

CACHE="${CONTINUUM_CACHE:-$HOME/.cache/continuum}/tools"
BIN="$ROOT/.tools/bin"
export GOTOOLCHAIN=local

want_kube=false
want_all=false
sets="" # extra sets: scripts/toolchain-set-<name>.sh, function toolchain_set_<name>
force=false
only=""
list=false
plan=false # --plan (internal): print the names of the tools this run would fetch, nothing else
while [[ $# -gt 0 ]]; do
	case "$1" in
	--kube) want_kube=true ;;
	--all) want_kube=true; want_all=true ;;
	--real) want_kube=true; sets+=" real" ;;
	--force) force=true ;;
	--only) only=",${2:?--only needs a comma-separated list},"; shift ;;
	--only=*) only=",${1#--only=},"; ;;
	--list) list=true ;;
	--plan) list=true; plan=true ;;
	--plugin-sources) export CONTINUUM_PLUGIN_SOURCES=${2:?--plugin-sources needs a directory}; shift ;;
	--plugin-sources=*) export CONTINUUM_PLUGIN_SOURCES=${1#--plugin-sources=} ;;
	-h | --help) sed -n '2,36p' "${BASH_SOURCE[0]}"; exit 0 ;;
	--*) [[ "$1" =~ ^--[a-z0-9-]+$ && -f "$ROOT/scripts/toolchain-set-${1#--}.sh" ]] ||
		{ echo "toolchain: unknown option $1 (try --help)" >&2; exit 2; }
		sets+=" ${1#--}" ;;
	*) echo "toolchain: unknown option $1 (try --help)" >&2; exit 2 ;;
	esac
	shift
done

log() { printf '%s\n' "$*"; }
die() { printf 'toolchain: %s\n' "$*" >&2; exit 1; }

mkdir -p "$BIN" "$CACHE" "$ROOT/.tools/pulumi-home"

require_go() {
	command -v go >/dev/null 2>&1 || die "go is required to build $1 (Go >= 1.26, GOTOOLCHAIN=local)"
}

# moddir MODULE@VERSION [family]: the module's directory in the module cache (downloads it).
moddir() {
	(cd "$ROOT/tools/${2:-pulumi}" && go mod download -json "$1") |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

# go_build FAMILY OUT PKG LDFLAGS [TAGS]: build into a temporary file, then move it in place so
# an interrupted build never looks cached. CGO_ENABLED is 0 unless the caller sets GO_CGO=1.
go_build() {
	local family=$1 out=$2 pkg=$3 ldflags=$4 tags=${5:-}
	local tmp="$out.partial.$$"
	mkdir -p "$(dirname "$out")"
	(
		cd "$ROOT/tools/$family"
		CGO_ENABLED=${GO_CGO:-0} go build -mod=readonly -buildvcs=false -trimpath \
			${tags:+-tags "$tags"} -ldflags "$ldflags" -o "$tmp" "$pkg"
	) || { rm -f "$tmp"; return 1; }
	mv -f "$tmp" "$out"
	# Record the -X flags next to the binary (-trimpath keeps them out of its build info).
	grep -o -- '-X [^ ]*' <<<"$ldflags" >"$out.ldflags" || true
}

# on_path BINARY: an executable named BINARY on PATH that is not ours (.tools/bin or the cache).
on_path() {
	local name=$1 dir p real
	local IFS=:
	for dir in $PATH; do
		[[ -n "$dir" ]] || continue
		p="$dir/$name"
		[[ -x "$p" && ! -d "$p" ]] || continue
		real=$(readlink -f "$p")
		case "$real" in "$BIN"/* | "$CACHE"/* | "$(readlink -f "$BIN")"/*) continue ;; esac
		case "$p" in "$BIN"/*) continue ;; esac
		printf '%s\n' "$p"
		return 0
	done
	return 1
}

# link TARGET BINARY: .tools/bin/BINARY -> TARGET, unless TOOL_LINK=false (plugin-cache-only tools).
link() {
	if [[ "${TOOL_LINK:-true}" == true ]]; then
		ln -sfn "$1" "$BIN/$(basename "$2")"
	else
		rm -f "$BIN/$(basename "$2")"
	fi
}

# --- version checks: check_* BINARY fails when the binary does not report the expected version -
# Output is captured before matching: `bin --version | grep -q` can kill bin with SIGPIPE, and
# pipefail would then turn a match into a failure.
out_of() { "$@" 2>/dev/null || true; }
has_line() { grep -qx -- "$2" <<<"$1"; }
has_prefix() { grep -q -- "^$2" <<<"$1"; }
check_pulumi() { [[ "$(out_of "$1" version)" == "v$PULUMI_VERSION" ]]; }
check_pulumi_compatible() { [[ "$(out_of "$1" version)" == "v${PULUMI_VERSION%.*}."* ]]; }
check_shim() { [[ "$(shim_text)" == "$(cat "$1" 2>/dev/null)" ]]; }
# The provider has no version flag: check the module version recorded in the binary's build info
# (-trimpath leaves -ldflags out of it, so the -X value is checked by the stamp go_build writes).
check_k8s_provider() {
	has_prefix "$(out_of go version -m "$1")" \
		"[[:space:]]*dep[[:space:]]*${KUBERNETES_PROVIDER_MODULE}[[:space:]]*${KUBERNETES_PROVIDER_MODVER}[[:space:]]" &&
		grep -qxF -- "-X $KUBERNETES_PROVIDER_VERSION_LDFLAG=$KUBERNETES_PROVIDER_VERSION" "$1.ldflags" 2>/dev/null
}
check_kube() { has_line "$(out_of "$1" --version)" "Kubernetes $KUBE_VERSION"; }
check_kube_compatible() { has_prefix "$(out_of "$1" --version)" "Kubernetes ${KUBE_VERSION%.*}\\."; }
check_kubectl() { has_line "$(out_of "$1" version --client)" "Client Version: $KUBE_VERSION"; }
check_kubectl_compatible() { has_prefix "$(out_of "$1" version --client)" "Client Version: ${KUBE_VERSION%.*}\\."; }
check_etcd() { has_line "$(out_of "$1" --version)" "etcd Version: ${ETCD_VERSION#v}"; }
check_kwok() { has_prefix "$(out_of "$1" --version)" "$(basename "$1") version $KWOK_VERSION "; }
# The release binary says 1.7.12 (and how it was installed), the build v1.7.12.
check_actionlint() { local v; v=$(out_of "$1" -version | head -n1); [[ "$v" == "$ACTIONLINT_VERSION" || "$v" == "${ACTIONLINT_VERSION#v}" ]]; }
# The upstream plugins built from source archives, and the plugin cache.
# shellcheck source=toolchain-plugins.sh
source "$ROOT/scripts/toolchain-plugins.sh"

# --- builders: BUILD_<fn> OUT ------------------------------------------------------------------
build_pulumi() {
	go_build pulumi "$1" "$PULUMI_PKG" "-s -w -X $PULUMI_VERSION_LDFLAG=v$PULUMI_VERSION" "$PULUMI_TAGS"
}
# Dynamic providers: the engine runs pulumi-resource-pulumi-nodejs, which upstream ships as a
# two-line script that starts @pulumi/pulumi/cmd/dynamic-provider.
shim_text() {
	cat <<'EOF'
#!/bin/sh
# pulumi-resource-pulumi-nodejs: Pulumi dynamic providers (upstream ships this as a script too).
# Runs @pulumi/pulumi/cmd/dynamic-provider as resolved from the program's directory.
script=$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))') || exit 1
exec node "$script" "$@"
EOF
}
build_shim() {
	shim_text >"$1.partial.$$"
	chmod +x "$1.partial.$$"
	mv -f "$1.partial.$$" "$1"
}
build_k8s_provider() {
	local src dst=$ROOT/tools/kubernetes/pulumi-resource-kubernetes
	src=$(moddir "$KUBERNETES_PROVIDER_MODULE@$KUBERNETES_PROVIDER_MODVER" kubernetes)
	[[ -f "$src/cmd/pulumi-resource-kubernetes/schema.json" ]] || die "no schema.json in $src"
	# What upstream's `go generate` does: schema.json with the version set, both files compacted.
	node -e '
		const fs = require("fs");
		const [src, dst, ver] = process.argv.slice(1);
		const schema = JSON.parse(fs.readFileSync(`${src}/schema.json`, "utf8"));
		schema.version = ver;
		fs.writeFileSync(`${dst}/schema-embed.json`, JSON.stringify(schema));
		const mapping = JSON.parse(fs.readFileSync(`${src}/terraform-mapping.json`, "utf8"));
		fs.writeFileSync(`${dst}/terraform-mapping-embed.json`, JSON.stringify(mapping));
	' "$src/cmd/pulumi-resource-kubernetes" "$dst" "$KUBERNETES_PROVIDER_VERSION"
	go_build kubernetes "$1" ./pulumi-resource-kubernetes \
		"-s -w -X $KUBERNETES_PROVIDER_VERSION_LDFLAG=$KUBERNETES_PROVIDER_VERSION"
}
kube_ldflags() {
	local minor=${KUBE_VERSION#v1.} date flags="-s -w" p
	minor=${minor%%.*}
	# The release's commit time, from the module proxy, as the reproducible build date.
	date=$(cd "$ROOT/tools/kube" && go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' "$KUBE_MODULE")
	for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		flags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
		flags+=" -X $p.gitTreeState=clean -X $p.buildDate=$date"
	done
	printf '%s' "$flags"
}
build_kube() { go_build kube "$1" "$KUBE_MODULE/cmd/$(basename "$1")" "$(kube_ldflags)"; }
build_etcd() { go_build etcd "$1" "$ETCD_MODULE" "-s -w"; }
build_kwok() {
	go_build kwok "$1" "$KWOK_MODULE/cmd/$(basename "$1")" \
		"-s -w -X $KWOK_MODULE/pkg/consts.Version=${KWOK_VERSION#v} -X $KWOK_MODULE/pkg/consts.KubeVersion=${KUBE_VERSION#v}"
}
build_actionlint() {
	go_build actionlint "$1" "$ACTIONLINT_MODULE/cmd/actionlint" \
		"-s -w -X $ACTIONLINT_MODULE.version=$ACTIONLINT_VERSION"
}

# tool NAME CACHEDIR BINARY BUILD CHECK [COMPATIBLE_CHECK]: link NAME from a compatible binary on
# PATH, else from the cache, else fetch it: the pinned release download (sha256-verified), else
# the build from Go modules (scripts/toolchain-download.sh, scripts/toolchain-progress.sh).
# CHECK_compatible, when defined, is the COMPATIBLE_CHECK by default.
# shellcheck disable=SC2154 # tc_from, tc_why: set by tc_download (toolchain-download.sh)
tool() {
	local name=$1 dir=$CACHE/$2 binary=$3 build=$4 check=$5 compatible=${6:-}
	local out=$dir/$binary found start
	if [[ -n "$only" && "$only" != *",$name,"* ]]; then return 0; fi
	if $list && ! $plan; then log "$name -> $out"; return 0; fi
	if [[ -z "$compatible" ]] && declare -F "${check}_compatible" >/dev/null; then compatible=${check}_compatible; fi
	if [[ -n "$compatible" ]] && ! $force && found=$(on_path "$binary") && "$compatible" "$found"; then
		$plan && return 0
		link "$found" "$binary"
		log "$name: using $found (on PATH)"
		return 0
	fi
	if ! $force && [[ -x "$out" ]] && "$check" "$out"; then
		$plan && return 0
		link "$out" "$binary"
		log "$name: cached"
		return 0
	fi
	if $plan; then printf '%s\n' "$name"; return 0; fi
	tc_announce
	start=$SECONDS
	if tc_download "$name" "$out" "$binary" "$check"; then
		link "$out" "$binary"
		log "$name: downloaded in $((SECONDS - start)) s, sha256 verified ($tc_from)"
		return 0
	fi
	require_go "$name"
	start=$SECONDS
	tc_build "$name" "$build" "$out" "$tc_why" || die "$name: build failed (see above)"
	"$check" "$out" || die "$name: built $out but it does not report the expected version"
	link "$out" "$binary"
	log "$name: built in $((SECONDS - start)) s ($out)"
}

total=$SECONDS
# The Pulumi set. The language host lives next to the CLI: the engine prefers a language plugin
# that sits beside the running `pulumi` and warns about one found elsewhere on PATH.
pulumi_dir=pulumi-$PULUMI_VERSION
if ! $force && [[ -z "$only" || "$only" == *",pulumi,"* ]] && ! $list &&
	found=$(on_path pulumi) && check_pulumi_compatible "$found"; then
	link "$found" pulumi
	log "pulumi: using $found (on PATH, $("$found" version))"
	if lh="$(dirname "$(readlink -f "$found")")/pulumi-language-nodejs" && [[ -x "$lh" ]]; then
		link "$lh" pulumi-language-nodejs
		log "pulumi-language-nodejs: using $lh (next to $found)"
	else
		langhost=true
	fi
else
	tool pulumi "$pulumi_dir" pulumi build_pulumi check_pulumi
	langhost=true
fi
if ${langhost:-false}; then
	tool pulumi-language-nodejs "$pulumi_dir" pulumi-language-nodejs build_langhost check_langhost
	if [[ -z "$only" || "$only" == *",pulumi-language-nodejs,"* ]] && ! $list; then
		plugin_origin LANGHOST "$CACHE/$pulumi_dir/pulumi-language-nodejs"
	fi
fi
tool pulumi-resource-pulumi-nodejs "$pulumi_dir" pulumi-resource-pulumi-nodejs build_shim check_shim
# Resource plugins go to the plugin cache at the version the npm SDK requests (not on PATH).
TOOL_LINK=false tool pulumi-resource-kubernetes "pulumi-resource-kubernetes-$KUBERNETES_PROVIDER_VERSION" \
	pulumi-resource-kubernetes build_k8s_provider check_k8s_provider
if [[ -z "$only" || "$only" == *",pulumi-resource-kubernetes,"* ]] && ! $list; then
	cache_plugin kubernetes "$KUBERNETES_PROVIDER_VERSION" @pulumi/kubernetes \
		"$CACHE/pulumi-resource-kubernetes-$KUBERNETES_PROVIDER_VERSION/pulumi-resource-kubernetes"
fi
provider_plugin COMMAND command @pulumi/command
# random before tls: tls reuses most of random's build (both are on the Terraform bridge).
provider_plugin RANDOM random @pulumi/random
provider_plugin TLS tls @pulumi/tls

if $want_kube || [[ -n "$only" ]]; then
	for b in kube-apiserver kube-controller-manager kube-scheduler; do
		tool "$b" "$b-$KUBE_VERSION" "$b" build_kube check_kube check_kube_compatible
	done
	tool kubectl "kubectl-$KUBE_VERSION" kubectl build_kube check_kubectl check_kubectl_compatible
	tool etcd "etcd-$ETCD_VERSION" etcd build_etcd check_etcd
	tool kwok "kwok-$KWOK_VERSION" kwok build_kwok check_kwok
	tool kwokctl "kwok-$KWOK_VERSION" kwokctl build_kwok check_kwok
fi
if $want_all || [[ -n "$only" ]]; then
	tool actionlint "actionlint-$ACTIONLINT_VERSION" actionlint build_actionlint check_actionlint
fi
# Extra sets, each a file scripts/toolchain-set-<name>.sh defining toolchain_set_<name> (dashes
# as underscores) that calls `tool` for its binaries. --real and --all add the sets listed in
# TOOLCHAIN_REAL_SETS / TOOLCHAIN_ALL_SETS (tools/versions.env); --only runs every set (its tools
# are filtered by name like the rest).
[[ "$sets" != *" real"* ]] || sets+=" ${TOOLCHAIN_REAL_SETS:-}"
! $want_all || sets+=" ${TOOLCHAIN_ALL_SETS:-}"
if [[ -n "$only" ]]; then
	for f in "$ROOT"/scripts/toolchain-set-*.sh; do
		[[ -e "$f" ]] || continue
		f=${f##*/toolchain-set-}
		sets+=" ${f%.sh}"
	done
fi
done_sets=" "
for s in $sets; do
	[[ "$done_sets" != *" $s "* ]] || continue
	done_sets+="$s "
	[[ -f "$ROOT/scripts/toolchain-set-$s.sh" ]] || die "no set $s: scripts/toolchain-set-$s.sh does not exist (listed in tools/versions.env?)"
	# shellcheck disable=SC1090 # the set's file, named at run time
	source "$ROOT/scripts/toolchain-set-$s.sh"
	"toolchain_set_${s//-/_}"
done
$list || log "toolchain: ready in $((SECONDS - total))s; binaries in $BIN (eval \"\$(scripts/toolchain-env.sh)\")"
