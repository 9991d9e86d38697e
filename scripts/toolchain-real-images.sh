# shellcheck shell=bash
# scripts/toolchain-real-images.sh — the second half of the real set (scripts/toolchain-set-real.sh):
# assembles $CACHE/real-<KUBE_VERSION>/ from the built binaries:
#   bin/        hard links (copies across file systems) of every binary, cni/<plugin> too
#   artifacts/  release-shaped archives for a stack's `artifacts:` pins (containerd, CNI, crictl)
#   images/     one docker-archive tar per node image, tagged as kubeadm names it (+ SHA256SUMS)
#   manifest.json  every file above with its version and sha256 (scripts/toolchain-real.ts reads it)
# Images are assembled with the built crane against a registry it serves on 127.0.0.1 for the
# run: one layer of files onto an empty base, then the config (entrypoint, env, user, platform
# linux/amd64). An image is rebuilt only when what goes into it changed (a stamp of input digests).
# shellcheck disable=SC2154 # CACHE, KUBE_*, ...: scripts/toolchain.sh and tools/versions.env

REAL_PATH_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
REAL_MTIME=@0 # file times in archives and layers: reproducible bytes

# real_tar OUT DIR MEMBER...: a reproducible tar of DIR's MEMBERs (gzip -n when OUT ends in gz).
real_tar() {
	local out=$1 dir=$2
	shift 2
	local tmp="$out.partial.$$"
	if [[ "$out" == *gz ]]; then
		tar -C "$dir" --sort=name --owner=0 --group=0 --numeric-owner --mtime="$REAL_MTIME" -cf - "$@" | gzip -n >"$tmp"
	else
		tar -C "$dir" --sort=name --owner=0 --group=0 --numeric-owner --mtime="$REAL_MTIME" -cf "$tmp" "$@"
	fi
	mv -f "$tmp" "$out"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# real_debs DIR PACKAGE...: Debian packages downloaded with apt-get (cached in $CACHE/debs) and
# unpacked into DIR; records "package version" lines in $real_work/debs.
real_debs() {
	local dir=$1 p deb
	shift
	mkdir -p "$CACHE/debs" "$dir"
	for p in "$@"; do
		deb=$(find "$CACHE/debs" -maxdepth 1 -name "${p}_*_amd64.deb" -print -quit)
		if [[ -z "$deb" ]]; then
			(cd "$CACHE/debs" && apt-get download "$p" >/dev/null 2>&1) ||
				die "apt-get download $p failed: the real set takes $p from Debian (run apt-get update first)"
			deb=$(find "$CACHE/debs" -maxdepth 1 -name "${p}_*_amd64.deb" -print -quit)
		fi
		dpkg-deb -x "$deb" "$dir"
		printf '%s %s\n' "$p" "$(dpkg-deb -f "$deb" Version)" >>"$real_work/debs"
	done
}

# real_registry: start `crane registry serve` on 127.0.0.1 (once a run); sets real_reg HOST:PORT.
real_registry() {
	[[ -n "${real_reg:-}" ]] && return 0
	local port i
	"$BIN_CRANE" registry serve --address 127.0.0.1:0 2>"$real_work/registry.log" &
	real_reg_pid=$!
	for ((i = 0; i < 50; i++)); do
		port=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$real_work/registry.log")
		[[ -n "$port" ]] && break
		sleep 0.1
	done
	[[ -n "$port" ]] || die "crane registry serve did not start: $(cat "$real_work/registry.log")"
	real_reg=127.0.0.1:$port
}
real_registry_stop() {
	if [[ -n "${real_reg_pid:-}" ]]; then
		kill "$real_reg_pid" 2>/dev/null || true
		wait "$real_reg_pid" 2>/dev/null || true
	fi
	real_reg_pid=""
	real_reg=""
}

# real_image REF ROOTDIR [crane mutate flags...]: images/<file>.tar of ROOTDIR's tree as one
# layer with that config, unless the stamp says the same inputs built it already.
real_image() {
	local ref=$1 root=$2
	shift 2
	local file out stamp inputs layer
	# The name the toolkit looks for in airgap.images.dir (components/hosts/images.ts).
	file=$(sed 's#[/:@]#_#g' <<<"$ref")-amd64.tar
	out=$real_dir/images/$file
	layer=$real_work/$file.layer
	real_tar "$layer" "$root" .
	inputs="$(sha256_of "$layer") $* --set-platform linux/amd64 $CRANE_VERSION"
	stamp=$out.inputs
	if ! $force && [[ -f "$out" && "$(cat "$stamp" 2>/dev/null)" == "$inputs" ]]; then
		log "image $ref: cached"
		printf '%s\t%s\n' "$ref" "images/$file" >>"$real_work/images"
		return 0
	fi
	real_registry
	local start=$SECONDS tmp_ref
	tmp_ref="$real_reg/continuum/$(tr '/:.' '___' <<<"$ref"):build"
	"$BIN_CRANE" append --new_layer "$layer" --new_tag "$tmp_ref" >/dev/null 2>>"$real_work/crane.log" ||
		die "crane append for $ref failed: $(tail -n3 "$real_work/crane.log")"
	"$BIN_CRANE" mutate "$tmp_ref" "$@" --set-platform linux/amd64 --tag "$ref" --output "$out.partial.$$" \
		>/dev/null 2>>"$real_work/crane.log" || die "crane mutate for $ref failed: $(tail -n3 "$real_work/crane.log")"
	mv -f "$out.partial.$$" "$out"
	printf '%s\n' "$inputs" >"$stamp"
	log "image $ref: built in $((SECONDS - start)) s"
	printf '%s\t%s\n' "$ref" "images/$file" >>"$real_work/images"
}

# real_root NAME: a fresh directory for one image's files, with /tmp and /etc/passwd.
real_root() {
	local r=$real_work/roots/$1
	rm -rf "$r"
	mkdir -p "$r/tmp" "$r/etc"
	chmod 1777 "$r/tmp"
	printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$r/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
	printf '%s' "$r"
}

real_images() {
	local b r k8s=registry.k8s.io
	for b in kube-apiserver kube-controller-manager kube-scheduler; do
		r=$(real_root "$b")
		install -D -m0755 "$real_dir/bin/$b" "$r/usr/local/bin/$b"
		real_image "$k8s/$b:$KUBE_VERSION" "$r" --env "$REAL_PATH_ENV" --entrypoint "/usr/local/bin/$b"
	done
	# kube-proxy runs iptables (iptables mode) or nft (nftables mode): Debian's, with the libraries
	# they load; `iptables` is the nf_tables variant (iptables-legacy is there too).
	r=$(real_root kube-proxy)
	# shellcheck disable=SC2086 # a list of package names
	real_debs "$r" $KUBE_PROXY_DEBS
	rm -rf "${r:?}/usr/share"
	for b in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
		ln -sfn xtables-nft-multi "$r/usr/sbin/$b"
	done
	install -D -m0755 "$real_dir/bin/kube-proxy" "$r/usr/local/bin/kube-proxy"
	chroot "$r" /usr/sbin/iptables --version >/dev/null 2>&1 && chroot "$r" /usr/sbin/nft --version >/dev/null 2>&1 ||
		die "kube-proxy image: iptables or nft does not run in its root ($r): a library is missing from KUBE_PROXY_DEBS"
	real_image "$k8s/kube-proxy:$KUBE_VERSION" "$r" --env "$REAL_PATH_ENV" --entrypoint /usr/local/bin/kube-proxy
	r=$(real_root etcd)
	install -D -m0755 "$real_dir/bin/etcd" "$r/usr/local/bin/etcd"
	mkdir -p "$r/var/lib/etcd"
	real_image "$k8s/etcd:$KUBE_ETCD_IMAGE_TAG" "$r" --env "$REAL_PATH_ENV" --entrypoint /usr/local/bin/etcd
	# CoreDNS runs as root here (upstream: nonroot with a file capability); kubeadm's Deployment
	# adds NET_BIND_SERVICE and drops the rest, so it binds :53 either way.
	r=$(real_root coredns)
	install -D -m0755 "$real_dir/bin/coredns" "$r/coredns"
	real_image "$k8s/coredns/coredns:$COREDNS_VERSION" "$r" --env "$REAL_PATH_ENV" --entrypoint /coredns
	r=$(real_root pause)
	install -D -m0755 "$real_dir/bin/pause" "$r/pause"
	real_image "$k8s/pause:$KUBE_PAUSE_VERSION" "$r" --entrypoint /pause --user 65535:65535
	r=$(real_root busybox)
	# shellcheck disable=SC2086 # a list of package names
	real_debs "$r" $BUSYBOX_DEBS
	rm -rf "${r:?}/usr/share"
	for b in $("$r/bin/busybox" --list); do
		[[ -e "$r/bin/$b" ]] || ln -s busybox "$r/bin/$b"
	done
	real_image "$BUSYBOX_IMAGE" "$r" --env "$REAL_PATH_ENV" --cmd sh
}

# real_link NAME VERSION SOURCE: bin/NAME, a hard link of SOURCE (a copy across file systems).
real_link() {
	[[ -x "$3" ]] || die "real: $3 is not built: run npm run toolchain -- --real (without --only)"
	mkdir -p "$(dirname "$real_dir/bin/$1")"
	ln -f "$3" "$real_dir/bin/$1" 2>/dev/null || cp -f "$3" "$real_dir/bin/$1"
	printf '%s\t%s\t%s\n' "$1" "$2" "bin/$1" >>"$real_work/binaries"
}

# real_sources: "NAME VERSION SOURCE" for every binary bin/ gets, from the per-tool cache.
real_sources() {
	local t=$CACHE k=$KUBE_VERSION b p
	for b in kubeadm kubelet kubectl kube-proxy kube-apiserver kube-controller-manager kube-scheduler; do
		echo "$b $k $t/$b-$k/$b"
	done
	for b in containerd containerd-shim-runc-v2 ctr; do echo "$b $CONTAINERD_VERSION $t/containerd-$CONTAINERD_VERSION/$b"; done
	echo "runc $RUNC_VERSION $t/runc-$RUNC_VERSION/runc"
	echo "crun $CRUN_VERSION $t/crun-$CRUN_VERSION/crun"
	echo "crictl $CRICTL_VERSION $t/crictl-$CRICTL_VERSION/crictl"
	echo "crane $CRANE_VERSION $t/crane-$CRANE_VERSION/crane"
	echo "coredns $COREDNS_VERSION $t/coredns-$COREDNS_VERSION/coredns"
	echo "etcd $ETCD_VERSION $t/etcd-$ETCD_VERSION/etcd"
	echo "pause $KUBE_PAUSE_VERSION $t/pause-$KUBE_PAUSE_VERSION/pause"
	for p in $CNI_PLUGINS; do echo "cni/${p#*/} $CNI_PLUGINS_VERSION $t/cni-plugins-$CNI_PLUGINS_VERSION/${p#*/}"; done
}

# real_inputs: what the directory is made of (each source's inode, size and time, the pins, this
# script): the directory is assembled again only when this changes.
real_inputs() {
	local name version src
	while read -r name version src; do
		printf '%s %s %s\n' "$name" "$version" "$(stat -Lc '%i %s %Y' "$src" 2>/dev/null || echo missing)"
	done < <(real_sources)
	printf '%s\n' "$KUBE_PROXY_DEBS" "$BUSYBOX_DEBS" "$BUSYBOX_IMAGE" "$KUBE_ETCD_IMAGE_TAG" "$CRANE_VERSION"
	sha256sum <"$ROOT/scripts/toolchain-real-images.sh"
}

real_assemble() {
	local start=$SECONDS k=$KUBE_VERSION b p a name version src inputs
	real_dir=$CACHE/real-$KUBE_VERSION
	real_work=$CACHE/real-$KUBE_VERSION.work
	BIN_CRANE=$CACHE/crane-$CRANE_VERSION/crane
	inputs=$(real_inputs)
	if ! $force && [[ -f "$real_dir/manifest.json" && "$(cat "$real_dir/.inputs" 2>/dev/null)" == "$inputs" ]]; then
		log "real: $real_dir cached"
		return 0
	fi
	rm -rf "$real_work"
	mkdir -p "$real_dir/bin" "$real_dir/artifacts" "$real_dir/images" "$real_work"
	trap real_registry_stop EXIT
	while read -r name version src; do real_link "$name" "$version" "$src"; done < <(real_sources)
	# airgap.artifactDir for a stack: the version table's file names (components/version-table.ts),
	# archives with upstream's member layout; a stack pins them by the manifest's sha256.
	a=$real_dir/artifacts
	rm -f "$a"/*
	for b in kubeadm kubelet kubectl; do
		ln -f "$real_dir/bin/$b" "$a/$b-$k-linux-amd64" 2>/dev/null || cp -f "$real_dir/bin/$b" "$a/$b-$k-linux-amd64"
		printf '%s\t%s\t%s\n' "$b" "$k" "artifacts/$b-$k-linux-amd64" >>"$real_work/archives"
	done
	real_tar "$a/containerd-${CONTAINERD_VERSION#v}-linux-amd64.tar.gz" "$real_dir" \
		bin/containerd bin/containerd-shim-runc-v2 bin/ctr
	local members=()
	for p in $CNI_PLUGINS; do members+=("./${p#*/}"); done
	real_tar "$a/cni-plugins-linux-amd64-$CNI_PLUGINS_VERSION.tgz" "$real_dir/bin/cni" "${members[@]}"
	real_tar "$a/crictl-$CRICTL_VERSION-linux-amd64.tar.gz" "$real_dir/bin" crictl
	printf '%s\t%s\t%s\n' containerd "$CONTAINERD_VERSION" "artifacts/containerd-${CONTAINERD_VERSION#v}-linux-amd64.tar.gz" \
		cniPlugins "$CNI_PLUGINS_VERSION" "artifacts/cni-plugins-linux-amd64-$CNI_PLUGINS_VERSION.tgz" \
		crictl "$CRICTL_VERSION" "artifacts/crictl-$CRICTL_VERSION-linux-amd64.tar.gz" >>"$real_work/archives"
	: >"$real_work/debs"
	: >"$real_work/images"
	real_images
	real_registry_stop
	trap - EXIT
	real_manifest
	printf '%s\n' "$inputs" >"$real_dir/.inputs"
	rm -rf "$real_work"
	log "real: $real_dir ready in $((SECONDS - start)) s (manifest.json lists every file with its sha256)"
}

# real_manifest: manifest.json from the lists the steps wrote (node: JSON without hand-quoting).
real_manifest() {
	node - "$real_dir" "$real_work" "$KUBE_VERSION" <<'EOF'
const fs = require("fs");
const crypto = require("crypto");
const path = require("path");
const [dir, work, kubernetesVersion] = process.argv.slice(2);
const rows = (f) => fs.readFileSync(path.join(work, f), "utf8").split("\n").filter(Boolean).map((l) => l.split(/\t| /));
const sha256 = (rel) => crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, rel))).digest("hex");
const manifest = {
    kubernetesVersion,
    arch: "amd64",
    binaries: rows("binaries").map(([name, version, file]) => ({ name, version, path: file, sha256: sha256(file) })),
    archives: rows("archives").map(([name, version, file]) => ({ name, version, path: file, sha256: sha256(file) })),
    images: rows("images").map(([ref, file]) => ({ ref, path: file, sha256: sha256(file) })),
    debianPackages: [...new Map(rows("debs").map(([name, version]) => [name, { name, version }])).values()],
};
// SHA256SUMS beside the files (airgap.images.dir's default checksumFile; sha256sum -c reads both).
for (const [sub, list] of [["images", manifest.images], ["artifacts", manifest.archives]]) {
    const sums = list.map((f) => `${f.sha256}  ${path.basename(f.path)}\n`).join("");
    fs.writeFileSync(path.join(dir, sub, "SHA256SUMS"), sums);
}
fs.writeFileSync(path.join(dir, "manifest.json.partial"), JSON.stringify(manifest, null, 2) + "\n");
fs.renameSync(path.join(dir, "manifest.json.partial"), path.join(dir, "manifest.json"));
EOF
}
