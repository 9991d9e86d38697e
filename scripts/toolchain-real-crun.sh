# shellcheck shell=bash
# scripts/toolchain-real-crun.sh — crun for the real set (sourced by scripts/toolchain-set-real.sh).
# Debian bookworm's crun 1.8.1 accepts only OCI spec 1.0.x and containerd 2.2 writes 1.2.x
# ("unknown version specified"); upstream's static release is a GitHub download. So crun is built
# here from Debian's source package of a newer suite (CRUN_DEB_SUITE): the ordinary apt client
# with a private source list, lists and cache under the toolchain cache (the machine's apt
# configuration is not touched), the orig tarball checked against CRUN_ORIG_SHA256, then
# upstream's ./configure and `make crun`. It links Debian bookworm's libsystemd, libseccomp,
# libcap and libyajl (present on the test hosts).
# shellcheck disable=SC2154 # CACHE, CRUN_*: scripts/toolchain.sh and tools/versions.env

check_crun() { has_line "$(out_of "$1" --version)" "crun version $CRUN_VERSION"; }

# crun_source DIR: the orig tarball in DIR, downloaded with apt-get source when it is not there.
crun_source() {
	local src=$1 mirror opts orig=$1/crun_${CRUN_VERSION}.orig.tar.gz
	if [[ ! -f "$orig" ]]; then
		# The machine's Debian mirror (its bookworm sources), another suite.
		mirror=${CONTINUUM_DEBIAN_MIRROR:-$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)}
		mirror=${mirror:-http://deb.debian.org/debian}
		mkdir -p "$src/lists/partial" "$src/cache/archives/partial"
		printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$CRUN_DEB_SUITE" >"$src/sources.list"
		opts=(-o "Dir::Etc::SourceList=$src/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
			-o "Dir::State::Lists=$src/lists" -o "Dir::Cache=$src/cache")
		apt-get "${opts[@]}" update >"$src/apt.log" 2>&1 ||
			die "crun: apt-get update of $mirror $CRUN_DEB_SUITE (deb-src) failed: see $src/apt.log"
		# Only the orig tarball is needed (the mirror here serves it but not the .dsc/.debian.tar.xz,
		# so apt-get's exit status says nothing about it): checked below by its pinned sha256.
		(cd "$src" && apt-get "${opts[@]}" source --download-only "crun=$CRUN_DEB_VERSION") >>"$src/apt.log" 2>&1 || true
		[[ -f "$orig" ]] || die "crun: apt-get source crun=$CRUN_DEB_VERSION ($CRUN_DEB_SUITE) did not fetch $(basename "$orig"): see $src/apt.log"
	fi
	[[ "$(sha256sum <"$orig" | cut -d' ' -f1)" == "$CRUN_ORIG_SHA256" ]] ||
		die "crun: $orig does not have the pinned sha256 $CRUN_ORIG_SHA256 (tools/versions.env): remove it to download it again"
}

build_crun() {
	local out=$1 src=$CACHE/crun-src-$CRUN_VERSION h work
	command -v gcc >/dev/null && command -v make >/dev/null || die "crun needs gcc and make: apt-get install -y gcc make"
	for h in yajl/yajl_tree.h sys/capability.h systemd/sd-bus.h seccomp.h; do
		[[ -f /usr/include/$h ]] ||
			die "crun needs /usr/include/$h: apt-get install -y libyajl-dev libcap-dev libsystemd-dev libseccomp-dev"
	done
	mkdir -p "$src" "$(dirname "$out")"
	crun_source "$src"
	work=$(mktemp -d "$src/build.XXXXXX")
	tar -xzf "$src/crun_${CRUN_VERSION}.orig.tar.gz" -C "$work" --strip-components=1
	# The orig tarball has neither .git nor .tarball-git-version.h: say where the version came from.
	printf '#define GIT_VERSION "unknown (Debian orig tarball %s)"\n' "$CRUN_VERSION" >"$work/git-version.h"
	if ! (cd "$work" && ./configure --disable-shared --enable-static --disable-criu --without-python-bindings &&
		make -j2 crun) >"$src/build.log" 2>&1; then
		tail -n 20 "$src/build.log" >&2
		rm -rf "$work"
		return 1
	fi
	install -m0755 "$work/crun" "$out.partial.$$"
	mv -f "$out.partial.$$" "$out"
	rm -rf "$work"
}
