# shellcheck shell=bash
# shellcheck disable=SC2154 # only, list, force (and ROOT, CACHE, BIN): set by scripts/toolchain.sh
# scripts/toolchain-plugins.sh — sourced by scripts/toolchain.sh: the upstream Pulumi plugins whose
# Go modules the proxy refuses (pulumi-language-nodejs, pulumi-resource-command, -tls, -random),
# and the plugin cache of .tools/pulumi-home.
#
# Each plugin is built from upstream's source archive <P>_ARCHIVE (tools/versions.env) in the
# plugin-source directory (--plugin-sources DIR or CONTINUUM_PLUGIN_SOURCES). The archive's
# sha256 is checked against <P>_SHA256 before it is unpacked; the archive's own `build.sh OUTDIR`
# builds it in a scratch directory; the binary is cached by version like every other tool, with
# <binary>.source beside it recording the archive's sha256 and path. A cached binary counts when
# its main module (`go version -m`) is upstream's <P>_MODULE, its stamp has the pinned sha256,
# and (except the command provider, which has no version flag) `-version` reports <P>_VERSION.
# Resource plugins go into the plugin cache at the version the npm SDK requests, never on PATH:
# the engine warns about every resource plugin it takes from PATH.

# The plugin-source directory, absolute (--plugin-sources sets CONTINUUM_PLUGIN_SOURCES).
PLUGIN_SOURCES=""
if [[ -n "${CONTINUUM_PLUGIN_SOURCES:-}" ]]; then
	[[ -d "$CONTINUUM_PLUGIN_SOURCES" ]] ||
		die "plugin sources $CONTINUUM_PLUGIN_SOURCES (--plugin-sources / CONTINUUM_PLUGIN_SOURCES) is not a directory"
	PLUGIN_SOURCES=$(cd "$CONTINUUM_PLUGIN_SOURCES" && pwd)
fi

# pin P FIELD: the value of <P>_<FIELD> in tools/versions.env; BINARY is the plugin's file name.
pin() {
	case "$1_$2" in
	LANGHOST_BINARY) printf 'pulumi-language-nodejs' ;;
	*_BINARY) printf 'pulumi-resource-%s' "${1,,}" ;;
	*)
		local v="$1_$2"
		printf '%s' "${!v:?tools/versions.env has no $v}"
		;;
	esac
}

# plugin_archive P: sets PLUGIN_ARCHIVE to the verified source archive of plugin P, or dies
# saying what to set. Runs in the script's own shell, so `die` ends the toolchain.
plugin_archive() {
	local name want got
	name=$(pin "$1" ARCHIVE)
	want=$(pin "$1" SHA256)
	[[ -n "$PLUGIN_SOURCES" ]] ||
		die "$(pin "$1" BINARY) $(pin "$1" VERSION) is not built yet and no plugin sources are given: set CONTINUUM_PLUGIN_SOURCES=DIR or pass --plugin-sources DIR, where DIR holds $name (upstream's source, sha256 $want; see docs/toolchain.md)"
	PLUGIN_ARCHIVE=$PLUGIN_SOURCES/$name
	[[ -f "$PLUGIN_ARCHIVE" ]] ||
		die "plugin sources $PLUGIN_SOURCES have no $name: point --plugin-sources / CONTINUUM_PLUGIN_SOURCES at the directory holding it (sha256 $want)"
	got=$(sha256sum "$PLUGIN_ARCHIVE")
	got=${got%% *}
	[[ "$got" == "$want" ]] ||
		die "$PLUGIN_ARCHIVE has sha256 $got, but tools/versions.env pins $1_SHA256=$want: not unpacked; use upstream's archive (see docs/toolchain.md) or change the pin on purpose"
}

# build_plugin P OUT: unpack the verified archive into a scratch directory in the cache, run its
# build.sh, move the binary to OUT, then write OUT.source (so an interrupted build never counts).
build_plugin() {
	local p=$1 out=$2 binary tmp top
	binary=$(pin "$p" BINARY)
	plugin_archive "$p"
	top=$(pin "$p" ARCHIVE)
	top=${top%.tar.gz}
	mkdir -p "$(dirname "$out")"
	tmp=$(mktemp -d "$CACHE/.plugin-src.XXXXXX")
	log "$binary: building from $PLUGIN_ARCHIVE (sha256 verified)"
	if ! tar -xzf "$PLUGIN_ARCHIVE" -C "$tmp" || ! bash "$tmp/$top/build.sh" "$tmp/out"; then
		rm -rf "$tmp"
		return 1
	fi
	mv -f "$tmp/out/$binary" "$out"
	rm -rf "$tmp"
	printf 'sha256=%s\nfrom=%s\n' "$(pin "$p" SHA256)" "$PLUGIN_ARCHIVE" >"$out.source"
}

# check_plugin P BINARY: upstream's main module, the pinned source, the upstream version (the
# language host prints it with a leading v, the bridged providers without).
check_plugin() {
	local info version
	info=$(out_of go version -m "$2")
	grep -q "^[[:space:]]*mod[[:space:]]*$(pin "$1" MODULE)[[:space:]]" <<<"$info" || return 1
	grep -qxF "sha256=$(pin "$1" SHA256)" "$2.source" 2>/dev/null || return 1
	[[ "$1" != COMMAND ]] || return 0
	version=$(out_of "$2" -version)
	[[ "${version#v}" == "$(pin "$1" VERSION)" ]]
}

# plugin_origin P BINARY: where a plugin binary came from, for the toolchain's output.
plugin_origin() {
	local from
	from=$(sed -n 's/^from=//p' "$2.source" 2>/dev/null)
	log "$(pin "$1" BINARY): upstream $(pin "$1" MODULE) $(pin "$1" VERSION), built from ${from:-?} (sha256 $(pin "$1" SHA256))"
}

build_langhost() { build_plugin LANGHOST "$1"; }
check_langhost() { check_plugin LANGHOST "$1"; }
build_command() { build_plugin COMMAND "$1"; }
check_command() { check_plugin COMMAND "$1"; }
build_tls() { build_plugin TLS "$1"; }
check_tls() { check_plugin TLS "$1"; }
build_random() { build_plugin RANDOM "$1"; }
check_random() { check_plugin RANDOM "$1"; }

# sdk_plugin_version NPM_PACKAGE: the plugin version the installed npm SDK requests (its
# package.json `pulumi.version`), or nothing before `npm ci`. One node run reads all four.
declare -A SDK_PLUGIN_VERSIONS=()
sdk_plugin_version() {
	if [[ ${#SDK_PLUGIN_VERSIONS[@]} -eq 0 ]]; then
		local pkg version
		while read -r pkg version; do
			SDK_PLUGIN_VERSIONS[$pkg]=$version
		done < <(cd "$ROOT" && node -e '
			for (const name of process.argv.slice(1)) {
				try {
					const p = require(`./node_modules/${name}/package.json`);
					console.log(name, (p.pulumi && p.pulumi.version) || p.version);
				} catch { console.log(name, "-"); }
			}' @pulumi/kubernetes @pulumi/command @pulumi/tls @pulumi/random)
	fi
	local v=${SDK_PLUGIN_VERSIONS[$1]:--}
	[[ "$v" == - ]] || printf '%s' "$v"
}

# install_plugin NAME VERSION BINARY: put a resource plugin into the plugin cache of
# .tools/pulumi-home at exactly VERSION. A note in the plugin's directory records which file
# (path, size, mtime) it was installed from, so a warm run need not compare the binaries.
install_plugin() {
	local dest="$ROOT/.tools/pulumi-home/plugins/resource-$1-v$2" from out
	from=$(stat -L -c '%n %s %Y' "$3")
	if [[ -x "$dest/pulumi-resource-$1" && "$(cat "$dest/.continuum-installed-from" 2>/dev/null)" == "$from" ]]; then
		return 0
	fi
	out=$(PULUMI_HOME="$ROOT/.tools/pulumi-home" PULUMI_SKIP_UPDATE_CHECK=true \
		"$BIN/pulumi" plugin install resource "$1" "$2" --file "$3" --reinstall 2>&1) ||
		die "could not install $3 as resource plugin $1 v$2: $out"
	printf '%s\n' "$from" >"$dest/.continuum-installed-from"
	log "pulumi-resource-$1: installed as plugin v$2 in .tools/pulumi-home"
}

# cache_plugin NAME VERSION NPM_PACKAGE BINARY: install BINARY as plugin NAME at VERSION, after
# checking that VERSION is what the npm SDK requests (otherwise the engine would not find it).
cache_plugin() {
	local requested
	requested=$(sdk_plugin_version "$3")
	[[ -z "$requested" || "$requested" == "$2" ]] ||
		die "node_modules/$3 requests plugin $1 v$requested, but the toolchain builds v$2 (tools/versions.env): pin $3 to $2 in package.json, or change the pin in tools/versions.env"
	install_plugin "$1" "$2" "$4"
}

# user_plugin NAME VERSION: the plugin in the plugin cache of the user's own Pulumi install
# (${PULUMI_HOME:-~/.pulumi}, not ours), e.g. after `pulumi plugin install resource NAME VERSION`.
user_plugin() {
	local home=${PULUMI_HOME:-$HOME/.pulumi} p
	[[ "$(readlink -f "$home")" != "$(readlink -f "$ROOT/.tools/pulumi-home")" ]] || return 1
	p="$home/plugins/resource-$1-v$2/pulumi-resource-$1"
	[[ -x "$p" ]] && printf '%s\n' "$p"
}

# provider_plugin P NAME NPM_PACKAGE: pulumi-resource-NAME built (or cached) from upstream's
# source and installed into the plugin cache; without plugin sources and without a cached build,
# the same version from the user's own Pulumi plugin cache will do.
provider_plugin() {
	local p=$1 name=$2 version dir found
	version=$(pin "$p" VERSION)
	dir="pulumi-resource-$name-$version"
	if [[ -n "$only" && "$only" != *",pulumi-resource-$name,"* ]]; then return 0; fi
	if ! $list && ! $force && [[ -z "$PLUGIN_SOURCES" ]] && ! check_plugin "$p" "$CACHE/$dir/pulumi-resource-$name" &&
		found=$(user_plugin "$name" "$version"); then
		cache_plugin "$name" "$version" "$3" "$found"
		log "pulumi-resource-$name: using $found (the plugin cache of your Pulumi install)"
		return 0
	fi
	TOOL_LINK=false tool "pulumi-resource-$name" "$dir" "pulumi-resource-$name" "build_$name" "check_$name"
	$list && return 0
	cache_plugin "$name" "$version" "$3" "$CACHE/$dir/pulumi-resource-$name"
	plugin_origin "$p" "$CACHE/$dir/pulumi-resource-$name"
}
