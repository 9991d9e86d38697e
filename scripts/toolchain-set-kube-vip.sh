# shellcheck shell=bash
# scripts/toolchain-set-kube-vip.sh — kube-vip for an API VIP (`npm run toolchain -- --kube-vip`, and
# part of `--real` through TOOLCHAIN_REAL_SETS), sourced by scripts/toolchain.sh: the kube-vip binary
# built from github.com/kube-vip/kube-vip at KUBE_VIP_VERSION (wrapper module tools/kube-vip; CGO off,
# upstream's Makefile ldflags main.Version/main.Build, the commit from the module proxy's .info),
# then its image as upstream's Dockerfile makes it (FROM scratch, /kube-vip, ENTRYPOINT /kube-vip;
# upstream also copies a CA bundle, which ARP mode does not use), assembled with crane like the real
# set's images (scripts/toolchain-real-images.sh):
#   $CACHE/kube-vip-<v>/kube-vip                                  the binary
#   $CACHE/kube-vip-<v>/images/ghcr.io_kube-vip_kube-vip_<v>-amd64.tar   an OCI image layout archive
#       (index.json names the image for `ctr images import`: by tag and by digest), so containerd
#       keeps the manifest as built and the image answers to <image>@<digest> (<file>.digest) — the
#       digest the version table pins (nodeImages.kubeVip.digests); a docker-archive would get a
#       manifest made on import, and only its tag as a name.
# The archive is then linked into the real set's images/ and listed in its manifest.json (with its
# digest) and SHA256SUMS — again after every assembly of the real set, which rewrites both.
# shellcheck disable=SC2154 # CACHE, KUBE_*, CRANE_VERSION, force, list, only: toolchain.sh, tools/versions.env

if ! declare -F real_image >/dev/null; then
	# shellcheck source=toolchain-set-real.sh
	source "$ROOT/scripts/toolchain-set-real.sh"
fi

build_kube_vip() {
	local commit
	commit=$(mod_commit "$KUBE_VIP_MODULE@$KUBE_VIP_VERSION" kube-vip)
	[[ -n "$commit" ]] || die "the module proxy's .info for $KUBE_VIP_MODULE@$KUBE_VIP_VERSION names no commit"
	go_build kube-vip "$1" "$KUBE_VIP_MODULE" "-s -w -X main.Version=$KUBE_VIP_VERSION -X main.Build=$commit"
}

# check_kube_vip BINARY: `kube-vip version` names KUBE_VIP_VERSION.
check_kube_vip() { grep -q "Version:[[:space:]]*$KUBE_VIP_VERSION\\b" <<<"$(out_of "$1" version)"; }

# kube_vip_image: the OCI archive of the image, rebuilt only when the binary or this script changed.
kube_vip_image() {
	local dir=$CACHE/kube-vip-$KUBE_VIP_VERSION ref=$KUBE_VIP_IMAGE:$KUBE_VIP_VERSION file out inputs
	local root reg_ref digest start=$SECONDS
	file=$(sed 's#[/:@]#_#g' <<<"$ref")-amd64.tar
	out=$dir/images/$file
	inputs="$(sha256_of "$dir/kube-vip") $CRANE_VERSION $(sha256sum <"$ROOT/scripts/toolchain-set-kube-vip.sh")"
	if ! $force && [[ -f "$out" && -s "$out.digest" && "$(cat "$out.inputs" 2>/dev/null)" == "$inputs" ]]; then
		log "image $ref: cached ($(cat "$out.digest"))"
		return 0
	fi
	BIN_CRANE=$CACHE/crane-$CRANE_VERSION/crane
	[[ -x "$BIN_CRANE" ]] || die "kube-vip image: crane is not built ($BIN_CRANE): run npm run toolchain -- --real"
	real_work=$dir/work
	rm -rf "$real_work"
	mkdir -p "$real_work/root" "$real_work/oci" "$dir/images"
	root=$real_work/root
	install -D -m0755 "$dir/kube-vip" "$root/kube-vip"
	real_tar "$real_work/layer.tar" "$root" .
	trap real_registry_stop EXIT
	real_registry
	reg_ref=$real_reg/kube-vip/kube-vip:$KUBE_VIP_VERSION
	"$BIN_CRANE" append --new_layer "$real_work/layer.tar" --new_tag "$real_reg/kube-vip/build:1" >/dev/null \
		2>>"$real_work/crane.log" || die "kube-vip image: crane append failed: $(tail -n3 "$real_work/crane.log")"
	"$BIN_CRANE" mutate "$real_reg/kube-vip/build:1" --entrypoint /kube-vip --set-platform linux/amd64 \
		--tag "$reg_ref" >/dev/null 2>>"$real_work/crane.log" ||
		die "kube-vip image: crane mutate failed: $(tail -n3 "$real_work/crane.log")"
	digest=$("$BIN_CRANE" digest "$reg_ref" 2>>"$real_work/crane.log") ||
		die "kube-vip image: crane digest failed: $(tail -n3 "$real_work/crane.log")"
	"$BIN_CRANE" pull --format oci "$reg_ref" "$real_work/oci" 2>>"$real_work/crane.log" ||
		die "kube-vip image: crane pull --format oci failed: $(tail -n3 "$real_work/crane.log")"
	real_registry_stop
	trap - EXIT
	# The name containerd gives the image on import (io.containerd.image.name), and the OCI tag.
	node - "$real_work/oci/index.json" "$ref" "$digest" <<'EOF'
const fs = require("fs");
const [file, ref, digest] = process.argv.slice(2);
const index = JSON.parse(fs.readFileSync(file, "utf8"));
if (index.manifests.length !== 1 || index.manifests[0].digest !== digest)
    throw new Error(`${file}: expected one manifest ${digest}, found ${JSON.stringify(index.manifests)}`);
const manifest = index.manifests[0];
// Two names for the one manifest: the tag, and the digest reference a pod's `image: <ref>@<digest>`
// resolves to (containerd's CRI looks a digest reference up by name; a pull records both).
index.manifests = [
    {
        ...manifest,
        annotations: { "io.containerd.image.name": ref, "org.opencontainers.image.ref.name": ref.split(":").pop() },
    },
    { ...manifest, annotations: { "io.containerd.image.name": `${ref.slice(0, ref.lastIndexOf(":"))}@${digest}` } },
];
fs.writeFileSync(file, JSON.stringify(index));
EOF
	real_tar "$out" "$real_work/oci" oci-layout index.json blobs
	printf '%s\n' "$digest" >"$out.digest"
	printf '%s\n' "$inputs" >"$out.inputs"
	rm -rf "$real_work"
	log "image $ref: built in $((SECONDS - start)) s ($digest)"
}

# kube_vip_into_real: the archive in the real set's images/, its manifest.json and SHA256SUMS.
kube_vip_into_real() {
	local real_dir=$CACHE/real-$KUBE_VERSION ref=$KUBE_VIP_IMAGE:$KUBE_VIP_VERSION file src
	file=$(sed 's#[/:@]#_#g' <<<"$ref")-amd64.tar
	src=$CACHE/kube-vip-$KUBE_VIP_VERSION/images/$file
	[[ -f "$real_dir/manifest.json" ]] ||
		die "kube-vip: the real set ($real_dir) is not assembled: run npm run toolchain -- --real"
	ln -f "$src" "$real_dir/images/$file" 2>/dev/null || cp -f "$src" "$real_dir/images/$file"
	node - "$real_dir" "$ref" "images/$file" "$(cat "$src.digest")" <<'EOF'
const fs = require("fs");
const crypto = require("crypto");
const path = require("path");
const [dir, ref, rel, digest] = process.argv.slice(2);
const file = path.join(dir, "manifest.json");
const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
const sha256 = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, rel))).digest("hex");
manifest.images = manifest.images.filter((i) => i.ref !== ref).concat([{ ref, path: rel, sha256, digest }]);
const sums = manifest.images.map((f) => `${f.sha256}  ${path.basename(f.path)}\n`).join("");
fs.writeFileSync(path.join(dir, "images", "SHA256SUMS"), sums);
fs.writeFileSync(`${file}.partial`, JSON.stringify(manifest, null, 2) + "\n");
fs.renameSync(`${file}.partial`, file);
EOF
	log "kube-vip: $ref in $real_dir/images (manifest.json, SHA256SUMS)"
}

toolchain_set_kube_vip() {
	TOOL_LINK=false tool kube-vip "kube-vip-$KUBE_VIP_VERSION" kube-vip build_kube_vip check_kube_vip
	$list && return 0
	[[ -z "$only" || "$only" == *",kube-vip,"* ]] || return 0
	kube_vip_image
	# With --real (the set is assembled first); `--kube-vip` alone leaves an unassembled set alone.
	if [[ -f "$CACHE/real-$KUBE_VERSION/manifest.json" ]]; then kube_vip_into_real; fi
}
