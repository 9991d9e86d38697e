# shellcheck shell=bash
# scripts/toolchain-set-kubeedge.sh — the KubeEdge set (`npm run toolchain -- --kubeedge`, and part
# of `--real` through TOOLCHAIN_REAL_SETS), sourced by scripts/toolchain.sh: cloudcore, edgecore,
# keadm and iptables-manager built from github.com/kubeedge/kubeedge at KUBEEDGE_VERSION (wrapper
# module tools/kubeedge: docs/toolchain.md "The KubeEdge set"), then what a KubeEdge node and the
# CloudCore chart need offline, in $CACHE/kubeedge-<KUBEEDGE_VERSION>/:
#   cloudcore edgecore keadm iptables-manager   the binaries (version ldflags as upstream's Makefile)
#   artifacts/keadm-<v>-linux-amd64.tar.gz      upstream's release layout (keadm-<v>-linux-amd64/keadm/keadm),
#                                               for a stack's `artifacts.keadm` pin
#   images/   docker.io/kubeedge/cloudcore:<v>          the chart's CloudCore image (ENTRYPOINT cloudcore)
#             docker.io/kubeedge/iptables-manager:<v>   the chart's iptables-manager (Debian's iptables, legacy,
#                                                       as upstream's Dockerfile sets it)
#             docker.io/kubeedge/installation-package:<v>  what `keadm join` pulls and copies edgecore out of
#                                                       (edgecore, keadm, and busybox for the sh/cp/sleep keadm runs)
#   charts/cloudcore-<v>.tgz  the CloudCore chart of the same module, for airgap.charts.cloudcore
#   manifest.json  every file above with its version and sha256
# Images are assembled with crane like the real set's (scripts/toolchain-real-images.sh).
# shellcheck disable=SC2154 # CACHE, KUBEEDGE_*, CRANE_VERSION, force, list: toolchain.sh, tools/versions.env

if ! declare -F real_image >/dev/null; then
	# shellcheck source=toolchain-set-real.sh
	source "$ROOT/scripts/toolchain-set-real.sh"
fi

# kubeedge_pkg NAME: the main package of a binary in the module.
kubeedge_pkg() {
	case "$1" in
	cloudcore) echo cloud/cmd/cloudcore ;;
	edgecore) echo edge/cmd/edgecore ;;
	keadm) echo keadm/cmd/keadm ;;
	iptables-manager) echo cloud/cmd/iptablesmanager ;;
	*) die "no KubeEdge binary $1" ;;
	esac
}

# kubeedge_ldflags: upstream's version ldflags (hack/lib/golang.sh kubeedge::version::ldflags), the
# commit and date from the module proxy's .info (Origin.Hash, Time) for a reproducible build.
kubeedge_ldflags() {
	local p=$KUBEEDGE_MODULE/pkg/version v=${KUBEEDGE_VERSION#v} commit date
	commit=$(mod_commit "$KUBEEDGE_MODULE@$KUBEEDGE_VERSION" kubeedge)
	[[ -n "$commit" ]] || die "the module proxy's .info for $KUBEEDGE_MODULE@$KUBEEDGE_VERSION names no commit"
	date=$(cd "$ROOT/tools/kubeedge" && go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' "$KUBEEDGE_MODULE")
	printf '%s' "-s -w -X $p.gitVersion=$KUBEEDGE_VERSION -X $p.gitMajor=${v%%.*} -X $p.gitMinor=$(cut -d. -f2 <<<"$v")"
	printf '%s' " -X $p.gitCommit=$commit -X $p.gitTreeState=clean -X $p.buildDate=$date"
}

# build_kubeedge OUT: edgecore and keadm need cgo (edgecore links mattn/go-sqlite3; keadm as
# upstream builds it), cloudcore and iptables-manager are built without (as upstream's images).
build_kubeedge() {
	local name cgo=0
	name=$(basename "$1")
	case "$name" in edgecore | keadm) cgo=1 ;; esac
	if [[ "$cgo" == 1 ]]; then command -v gcc >/dev/null || die "$name needs a C compiler (cgo): apt-get install -y gcc"; fi
	GO_CGO=$cgo go_build kubeedge "$1" "$KUBEEDGE_MODULE/$(kubeedge_pkg "$name")" "$(kubeedge_ldflags)"
}

# check_kubeedge BINARY: built from the pinned module with the version ldflags (edgecore and
# cloudcore print their version only in their start-up log; keadm's `version` is checked too).
check_kubeedge() {
	has_prefix "$(out_of go version -m "$1")" "[[:space:]]*mod[[:space:]]*${KUBEEDGE_MODULE}[[:space:]]*${KUBEEDGE_VERSION}[[:space:]]" &&
		grep -qxF -- "-X $KUBEEDGE_MODULE/pkg/version.gitVersion=$KUBEEDGE_VERSION" "$1.ldflags" 2>/dev/null || return 1
	[[ "$(basename "$1")" != keadm ]] || grep -qF "GitVersion:\"$KUBEEDGE_VERSION\"" <<<"$(out_of "$1" version)"
}

# kubeedge_busybox ROOT: Debian's busybox-static as /bin/busybox with /bin/sh, cp, sleep, ... links.
kubeedge_busybox() {
	local r=$1 b
	# shellcheck disable=SC2086 # a list of package names
	real_debs "$r" $BUSYBOX_DEBS
	rm -rf "${r:?}/usr/share"
	for b in $("$r/bin/busybox" --list); do
		[[ -e "$r/bin/$b" ]] || ln -s busybox "$r/bin/$b"
	done
}

kubeedge_images() {
	local v=$KUBEEDGE_VERSION d=$real_dir r b
	r=$(real_root cloudcore)
	install -D -m0755 "$d/cloudcore" "$r/usr/local/bin/cloudcore"
	mkdir -p "$r/etc/kubeedge" "$r/var/lib/kubeedge"
	real_image "docker.io/kubeedge/cloudcore:$v" "$r" --env "$REAL_PATH_ENV" --entrypoint cloudcore
	# upstream: FROM debian:12, apt-get install iptables, update-alternatives … iptables-legacy.
	r=$(real_root iptables-manager)
	# shellcheck disable=SC2086 # a list of package names
	real_debs "$r" $KUBEEDGE_IPTABLES_DEBS
	rm -rf "${r:?}/usr/share"
	for b in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
		ln -sfn xtables-legacy-multi "$r/usr/sbin/$b"
	done
	install -D -m0755 "$d/iptables-manager" "$r/usr/local/bin/iptables-manager"
	chroot "$r" /usr/sbin/iptables --version >/dev/null 2>&1 ||
		die "iptables-manager image: iptables does not run in its root ($r): a library is missing from KUBEEDGE_IPTABLES_DEBS"
	real_image "docker.io/kubeedge/iptables-manager:$v" "$r" --env "$REAL_PATH_ENV" --entrypoint iptables-manager
	# keadm join runs `/bin/sh -c "sleep infinity"` in it and execs `cp /usr/local/bin/edgecore …`.
	r=$(real_root installation-package)
	kubeedge_busybox "$r"
	install -D -m0755 "$d/edgecore" "$r/usr/local/bin/edgecore"
	install -D -m0755 "$d/keadm" "$r/usr/local/bin/keadm"
	mkdir -p "$r/etc/kubeedge"
	real_image "docker.io/kubeedge/installation-package:$v" "$r" --env "$REAL_PATH_ENV" --workdir /etc/kubeedge
}

# kubeedge_current DIR: the manifest lists every binary with the sha256 it has now, and every file
# it names exists (what the assembly made from these binaries is still there).
kubeedge_current() {
	[[ -f "$1/manifest.json" ]] || return 1
	node - "$1" <<'EOF' >/dev/null 2>&1
const fs = require("fs");
const crypto = require("crypto");
const path = require("path");
const dir = process.argv[2];
const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
const sha256 = (rel) => crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, rel))).digest("hex");
const ok = m.binaries.every((b) => sha256(b.path) === b.sha256) &&
    [...m.archives, ...m.charts, ...m.images].every((f) => fs.existsSync(path.join(dir, f.path)));
process.exit(ok ? 0 : 1);
EOF
}

# kubeedge_assemble: artifacts/, images/ and manifest.json beside the binaries.
kubeedge_assemble() {
	local start=$SECONDS v=$KUBEEDGE_VERSION stage
	real_dir=$CACHE/kubeedge-$v
	if ! $force && kubeedge_current "$real_dir"; then
		log "kubeedge: $real_dir cached (images, keadm archive and chart built from these binaries)"
		return 0
	fi
	real_work=$CACHE/kubeedge-$v.work
	BIN_CRANE=$CACHE/crane-$CRANE_VERSION/crane
	[[ -x "$BIN_CRANE" ]] || die "the KubeEdge set assembles its images with crane $CRANE_VERSION: run npm run toolchain -- --real (or --only crane) first"
	rm -rf "$real_work"
	mkdir -p "$real_dir/artifacts" "$real_dir/images" "$real_dir/charts" "$real_work"
	trap real_registry_stop EXIT
	: >"$real_work/debs"
	: >"$real_work/images"
	# keadm as upstream's release archive holds it.
	stage=$real_work/keadm
	install -D -m0755 "$real_dir/keadm" "$stage/keadm-$v-linux-amd64/keadm/keadm"
	real_tar "$real_dir/artifacts/keadm-$v-linux-amd64.tar.gz" "$stage" "keadm-$v-linux-amd64"
	# The CloudCore chart from the same module (manifests/charts/cloudcore), for airgap.charts.cloudcore.
	real_tar "$real_dir/charts/cloudcore-${v#v}.tgz" "$(moddir "$KUBEEDGE_MODULE@$v" kubeedge)/manifests/charts" cloudcore
	kubeedge_images
	real_registry_stop
	trap - EXIT
	node - "$real_dir" "$real_work" "$v" <<'EOF'
const fs = require("fs");
const crypto = require("crypto");
const path = require("path");
const [dir, work, kubeedgeVersion] = process.argv.slice(2);
const rows = (f) => fs.readFileSync(path.join(work, f), "utf8").split("\n").filter(Boolean).map((l) => l.split(/\t| /));
const sha256 = (rel) => crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, rel))).digest("hex");
const sha512 = (rel) => crypto.createHash("sha512").update(fs.readFileSync(path.join(dir, rel))).digest("hex");
const keadm = `artifacts/keadm-${kubeedgeVersion}-linux-amd64.tar.gz`;
const manifest = {
    kubeedgeVersion,
    arch: "amd64",
    binaries: ["cloudcore", "edgecore", "keadm", "iptables-manager"].map((name) => ({ name, version: kubeedgeVersion, path: name, sha256: sha256(name) })),
    archives: [{ name: "keadm", version: kubeedgeVersion, path: keadm, sha256: sha256(keadm), sha512: sha512(keadm) }],
    charts: [{ name: "cloudcore", version: kubeedgeVersion.replace(/^v/, ""), path: `charts/cloudcore-${kubeedgeVersion.replace(/^v/, "")}.tgz` }].map((c) => ({ ...c, sha256: sha256(c.path) })),
    images: rows("images").map(([ref, file]) => ({ ref, path: file, sha256: sha256(file) })),
    debianPackages: [...new Map(rows("debs").map(([name, version]) => [name, { name, version }])).values()],
};
fs.writeFileSync(path.join(dir, "manifest.json.partial"), JSON.stringify(manifest, null, 2) + "\n");
fs.renameSync(path.join(dir, "manifest.json.partial"), path.join(dir, "manifest.json"));
EOF
	rm -rf "$real_work"
	log "kubeedge: $real_dir ready in $((SECONDS - start)) s (manifest.json lists every file with its sha256)"
}

toolchain_set_kubeedge() {
	local b dir=kubeedge-$KUBEEDGE_VERSION
	# Node-side binaries stay out of .tools/bin: they run on the hosts, from the images and archives.
	for b in cloudcore edgecore keadm iptables-manager; do
		TOOL_LINK=false tool "$b" "$dir" "$b" build_kubeedge check_kubeedge
	done
	$list && return 0
	if [[ -n "$only" && "$only" != *",kubeedge,"* ]]; then return 0; fi
	kubeedge_assemble
}
