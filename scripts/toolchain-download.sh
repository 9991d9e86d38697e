# shellcheck shell=bash
# shellcheck disable=SC2034 # tc_why, tc_from: read by tool() in toolchain.sh
# scripts/toolchain-download.sh — sourced by scripts/toolchain.sh: take a tool from its official
# release download before building it from Go modules.
#
# The pins are in tools/versions.env ("release downloads"): for tool NAME (upper-cased, - -> _)
# on linux/ARCH, DL_<NAME>_URL_LINUX_<ARCH> and DL_<NAME>_SHA256_LINUX_<ARCH> (the digest the
# project publishes), and DL_<NAME>_MEMBER, the binary's path inside a .tar.gz (unset: the file
# is the binary). A tool without both pins on this platform is built.
#
#   CONTINUUM_TOOLCHAIN_MIRROR=URL   fetch https://HOST/PATH as URL/HOST/PATH instead (an internal
#                                    mirror of the release files; the digests are checked the same)
#   CONTINUUM_TOOLCHAIN_DOWNLOAD=never   always build from Go modules (default: auto)
#   CONTINUUM_TOOLCHAIN_CONNECT_TIMEOUT=S   connect timeout of a download (default 5)
#
# An unreachable download (no route, DNS, refused, HTTP error, stalled) falls back to the build.
# A download whose sha256 differs from the pin is refused: nothing is installed and the run stops.

# Hosts that failed to connect in this run: their other downloads are not tried again.
tc_dead_hosts=" "
# Why the last tc_download did not install anything, or the URL it installed from.
tc_why=""
tc_from=""

# tc_platform: linux_amd64 / linux_arm64, or nothing when there are no release pins for this OS.
tc_platform() {
	[[ "$(uname -s)" == Linux ]] || return 0
	case "$(uname -m)" in
	x86_64 | amd64) printf 'linux_amd64' ;;
	aarch64 | arm64) printf 'linux_arm64' ;;
	esac
}

# tc_key NAME: the variable-name form of a tool name (kube-apiserver -> KUBE_APISERVER).
tc_key() { printf '%s' "$1" | tr '[:lower:]-' '[:upper:]_'; }

# tc_sha256 FILE: its sha256 in hex.
tc_sha256() {
	local sum
	if command -v sha256sum >/dev/null 2>&1; then
		sum=$(sha256sum "$1")
	else
		sum=$(shasum -a 256 "$1")
	fi
	printf '%s' "${sum%% *}"
}

# tc_release_pinned NAME: true when NAME has a URL and a digest for this platform.
tc_release_pinned() {
	local key plat url_var sha_var
	key=$(tc_key "$1")
	plat=$(tc_platform | tr '[:lower:]' '[:upper:]')
	[[ -n "$plat" ]] || return 1
	url_var="DL_${key}_URL_${plat}" sha_var="DL_${key}_SHA256_${plat}"
	[[ -n "${!url_var:-}" && -n "${!sha_var:-}" ]]
}

# tc_download NAME OUT BINARY CHECK: fetch NAME's release file, verify its pinned sha256, take
# BINARY out of it, run CHECK on it and only then move it to OUT. Returns 1 (reason in tc_why)
# when there is nothing to download or it cannot be reached; dies on a digest mismatch.
tc_download() {
	local name=$1 out=$2 binary=$3 check=$4
	local key plat url_var sha_var url sha member_var member host tmp err rc=0 got src
	tc_why="" tc_from=""
	case "${CONTINUUM_TOOLCHAIN_DOWNLOAD:-auto}" in
	auto) ;;
	never) tc_why="release downloads are off (CONTINUUM_TOOLCHAIN_DOWNLOAD=never)"; return 1 ;;
	*) die "CONTINUUM_TOOLCHAIN_DOWNLOAD is '${CONTINUUM_TOOLCHAIN_DOWNLOAD}': set it to auto or never" ;;
	esac
	plat=$(tc_platform)
	if ! tc_release_pinned "$name"; then
		plat=${plat/_//}
		tc_why="no release download pinned for ${plat:-$(uname -s)/$(uname -m)}"
		return 1
	fi
	key=$(tc_key "$name")
	plat=$(tc_platform | tr '[:lower:]' '[:upper:]')
	url_var="DL_${key}_URL_${plat}" sha_var="DL_${key}_SHA256_${plat}" member_var="DL_${key}_MEMBER"
	url=${!url_var} sha=${!sha_var} member=${!member_var:-}
	if [[ -n "${CONTINUUM_TOOLCHAIN_MIRROR:-}" ]]; then
		url="${CONTINUUM_TOOLCHAIN_MIRROR%/}/${url#*://}"
	fi
	host=${url#*://}
	host=${host%%/*}
	if [[ "$tc_dead_hosts" == *" $host "* ]]; then
		tc_why="release download unreachable ($host did not answer earlier in this run)"
		return 1
	fi
	command -v curl >/dev/null 2>&1 || { tc_why="no curl to download $url with"; return 1; }

	mkdir -p "$(dirname "$out")"
	tmp=$(mktemp -d "$(dirname "$out")/.download.XXXXXX")
	err=$(curl --fail --location --silent --show-error \
		--connect-timeout "${CONTINUUM_TOOLCHAIN_CONNECT_TIMEOUT:-5}" --speed-limit 1024 --speed-time 30 \
		--output "$tmp/download" -- "$url" 2>&1) || rc=$?
	if ((rc != 0)); then
		rm -rf "$tmp"
		case $rc in 6 | 7 | 28) tc_dead_hosts+="$host " ;; esac
		tc_why="release download unreachable: ${err##*$'\n'}"
		return 1
	fi
	got=$(tc_sha256 "$tmp/download")
	if [[ "$got" != "$sha" ]]; then
		rm -rf "$tmp"
		die "$name: refused the download of $url: its sha256 is $got, the pinned one is $sha" \
			"($sha_var in tools/versions.env); nothing was installed. Check the file the server" \
			"(or CONTINUUM_TOOLCHAIN_MIRROR) serves, or build from Go modules instead:" \
			"CONTINUUM_TOOLCHAIN_DOWNLOAD=never npm run toolchain"
	fi
	mkdir -p "$tmp/bin"
	if [[ -n "$member" ]]; then
		if ! tar -xzf "$tmp/download" -C "$tmp" -- "$member" 2>/dev/null || [[ ! -f "$tmp/$member" ]]; then
			rm -rf "$tmp"
			die "$name: $url (sha256 verified) has no $member in it: fix $member_var in tools/versions.env"
		fi
		src="$tmp/$member"
	else
		src="$tmp/download"
	fi
	mv -f "$src" "$tmp/bin/$binary"
	chmod 0755 "$tmp/bin/$binary"
	if ! "$check" "$tmp/bin/$binary"; then
		rm -rf "$tmp"
		tc_why="the release file $url (sha256 verified) does not report the expected version"
		return 1
	fi
	mv -f "$tmp/bin/$binary" "$out"
	rm -rf "$tmp"
	tc_from=$url
	return 0
}
