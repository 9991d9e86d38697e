# shellcheck shell=bash
# scripts/toolchain-set-real.sh — the real set (`npm run toolchain -- --real`), sourced by
# scripts/toolchain.sh: every binary and image a real kubeadm node runs, built here from the Go
# module proxy, Debian packages and the C source in the kubernetes module; cached by version like
# the rest. Then the directory the real tier takes (docs/toolchain.md "The real set"):
#   $CACHE/real-<KUBE_VERSION>/{bin,artifacts,images,manifest.json}
# Uses tool/go_build/log/die/$CACHE/$ROOT from scripts/toolchain.sh; pins in tools/versions.env.

# shellcheck source=toolchain-real-images.sh
source "$ROOT/scripts/toolchain-real-images.sh"
# shellcheck source=toolchain-real-crun.sh
source "$ROOT/scripts/toolchain-real-crun.sh"

# mod_commit MODULE@VERSION FAMILY: the commit the proxy's .info names (Origin.Hash), or nothing.
mod_commit() {
	(cd "$ROOT/tools/$2" && go mod download -json "$1") |
		sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]\{40\}\)",\{0,1\}$/\1/p' | head -n1
}

# --- version checks ---------------------------------------------------------------------------
check_kube_exact() { has_line "$(out_of "$1" --version)" "Kubernetes $KUBE_VERSION"; }
check_kubeadm() { [[ "$(out_of "$1" version -o short)" == "$KUBE_VERSION" ]]; }
check_containerd() { has_prefix "$(out_of "$1" --version)" "$(basename "$1") $CONTAINERD_MODULE $CONTAINERD_VERSION\\b"; }
check_runc_shim() { grep -q "^[[:space:]]*Version:[[:space:]]*$CONTAINERD_VERSION$" <<<"$(out_of "$1" -v)"; }
check_runc() {
	local v
	v=$(out_of "$1" --version)
	has_line "$v" "runc version ${RUNC_VERSION#v}" && has_prefix "$v" "libseccomp: "
}
# Every plugin of the set is there and reports the pinned version (a CNI plugin run without
# CNI_COMMAND prints "CNI <name> plugin <version>" on stderr).
check_cni() {
	local p dir out
	dir=$(dirname "$1")
	for p in $CNI_PLUGINS; do
		out=$("$dir/${p#*/}" 2>&1 </dev/null) || true
		has_prefix "$out" "CNI ${p#*/} plugin $CNI_PLUGINS_VERSION" || return 1
	done
}
check_crictl() { has_line "$(out_of "$1" --version)" "crictl version $CRICTL_VERSION"; }
check_crane() { [[ "$(out_of "$1" version)" == "$CRANE_VERSION" ]]; }
check_coredns() { has_line "$(out_of "$1" -version)" "CoreDNS-${COREDNS_VERSION#v}"; }
check_pause() { [[ "$(out_of "$1" -v)" == "pause.c v$KUBE_PAUSE_VERSION" ]]; }

# --- builders: build_* OUT --------------------------------------------------------------------
build_containerd() {
	local v=$CONTAINERD_MODULE/version rev name
	name=$(basename "$1")
	rev=$(mod_commit "$CONTAINERD_MODULE@$CONTAINERD_VERSION" containerd)
	go_build containerd "$1" "$CONTAINERD_MODULE/cmd/$name" \
		"-s -w -X $v.Version=$CONTAINERD_VERSION -X $v.Revision=$rev -X $v.Package=$CONTAINERD_MODULE" \
		"$CONTAINERD_TAGS"
}
build_runc() {
	[[ -f /usr/include/seccomp.h ]] || die "runc needs libseccomp's headers and static library: apt-get install -y libseccomp-dev"
	command -v gcc >/dev/null || die "runc needs a C compiler: apt-get install -y gcc"
	GO_CGO=1 go_build runc "$1" "$RUNC_MODULE" \
		"-s -w -X main.version=${RUNC_VERSION#v} -X main.gitCommit=$(mod_commit "$RUNC_MODULE@$RUNC_VERSION" runc) -extldflags -static" \
		"$RUNC_TAGS"
}
build_cni() {
	local p dir
	dir=$(dirname "$1")
	for p in $CNI_PLUGINS; do
		go_build cni "$dir/${p#*/}" "$CNI_PLUGINS_MODULE/plugins/$p" \
			"-s -w -X $CNI_PLUGINS_MODULE/pkg/utils/buildversion.BuildVersion=$CNI_PLUGINS_VERSION"
	done
}
build_crictl() {
	go_build crictl "$1" "$CRICTL_MODULE/cmd/crictl" "-s -w -X $CRICTL_MODULE/pkg/version.Version=$CRICTL_VERSION"
}
build_crane() {
	go_build crane "$1" "$CRANE_MODULE/cmd/crane" "-s -w -X $CRANE_MODULE/cmd/crane/cmd.Version=$CRANE_VERSION"
}
build_coredns() {
	go_build coredns "$1" "$COREDNS_MODULE" \
		"-s -w -X $COREDNS_MODULE/coremain.GitCommit=$(mod_commit "$COREDNS_MODULE@$COREDNS_VERSION" coredns)"
}
# The pause container: upstream's build/pause/linux/pause.c, compiled as its Makefile does.
build_pause() {
	local src
	command -v gcc >/dev/null || die "pause needs a C compiler: apt-get install -y gcc"
	src=$(moddir "$KUBE_MODULE@$KUBE_VERSION" kube 2>/dev/null) || true
	[[ -n "$src" ]] || die "pause: cannot get $KUBE_MODULE@$KUBE_VERSION from the Go module proxy (its build/pause/linux/pause.c is the source)"
	src+=/build/pause/linux/pause.c
	[[ -f "$src" ]] || die "pause: no $src in $KUBE_MODULE@$KUBE_VERSION"
	mkdir -p "$(dirname "$1")"
	gcc -Os -Wall -Werror -static -DVERSION="v$KUBE_PAUSE_VERSION" -o "$1.partial.$$" "$src" || { rm -f "$1.partial.$$"; return 1; }
	mv -f "$1.partial.$$" "$1"
}

toolchain_set_real() {
	tool kubelet "kubelet-$KUBE_VERSION" kubelet build_kube check_kube_exact
	tool kubeadm "kubeadm-$KUBE_VERSION" kubeadm build_kube check_kubeadm
	tool kube-proxy "kube-proxy-$KUBE_VERSION" kube-proxy build_kube check_kube_exact
	# Node-side binaries stay out of .tools/bin (TOOL_LINK=false): only the clients are linked.
	TOOL_LINK=false tool containerd "containerd-$CONTAINERD_VERSION" containerd build_containerd check_containerd
	TOOL_LINK=false tool containerd-shim-runc-v2 "containerd-$CONTAINERD_VERSION" containerd-shim-runc-v2 \
		build_containerd check_runc_shim
	tool ctr "containerd-$CONTAINERD_VERSION" ctr build_containerd check_containerd
	TOOL_LINK=false tool runc "runc-$RUNC_VERSION" runc build_runc check_runc
	TOOL_LINK=false tool crun "crun-$CRUN_VERSION" crun build_crun check_crun
	TOOL_LINK=false tool cni-plugins "cni-plugins-$CNI_PLUGINS_VERSION" bridge build_cni check_cni
	tool crictl "crictl-$CRICTL_VERSION" crictl build_crictl check_crictl
	tool crane "crane-$CRANE_VERSION" crane build_crane check_crane
	TOOL_LINK=false tool coredns "coredns-$COREDNS_VERSION" coredns build_coredns check_coredns
	TOOL_LINK=false tool pause "pause-$KUBE_PAUSE_VERSION" pause build_pause check_pause
	# The directory is assembled by --real (with --only: when the list names `real`).
	# shellcheck disable=SC2154 # list: set by scripts/toolchain.sh
	$list && return 0
	[[ -z "$only" || "$only" == *",real,"* ]] || return 0
	real_assemble
}
