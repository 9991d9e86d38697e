# shellcheck shell=bash
# scripts/toolchain-set-etcd-client.sh — etcd's clients (`npm run toolchain -- --etcd-client`, and
# part of `--real` through TOOLCHAIN_REAL_SETS), sourced by scripts/toolchain.sh: etcdctl and
# etcdutl at ETCD_VERSION (the etcd kubeadm runs) from go.etcd.io/etcd/etcdctl/v3 and
# go.etcd.io/etcd/etcdutl/v3 (wrapper module tools/etcd-client), linked like the etcd build
# (-s -w; the version is api/v3/version's constant; upstream's GitSHA ldflag is set when the module
# proxy's .info names the commit, which it does not for v3.6.8). The registry.k8s.io/etcd
# image of the real set holds only `etcd`, so kubeadm's snapshots and restores (docs/day2.md) take
# these as a host artifact:
#   $CACHE/etcd-client-<ETCD_VERSION>/etcdctl, etcdutl
#   $CACHE/etcd-client-<ETCD_VERSION>/etcd-<ETCD_VERSION>-linux-amd64.tar.gz   upstream's release
#       layout (etcd-<v>-linux-amd64/{etcdctl,etcdutl}; the server is not needed), for a stack's
#       `artifacts.etcd` pin, with its SHA256SUMS beside it; with --real also linked into the real
#       set's artifacts/ as archive `etcd` of its manifest.json (scripts/toolchain-real.ts reads it).
# shellcheck disable=SC2154 # CACHE, ETCD_*, force, list, only: scripts/toolchain.sh, tools/versions.env

ETCD_CLIENT_MODULES="go.etcd.io/etcd/etcdctl/v3 go.etcd.io/etcd/etcdutl/v3"

# etcd_client_commit: the commit of etcdctl's module version (Origin.Hash of the proxy's .info).
etcd_client_commit() {
	(cd "$ROOT/tools/etcd-client" && go mod download -json "go.etcd.io/etcd/etcdctl/v3@$ETCD_VERSION") |
		sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]\{40\}\)",\{0,1\}$/\1/p' | head -n1
}

# build_etcd_client OUT: etcdctl or etcdutl (by OUT's name).
build_etcd_client() {
	local name commit flags="-s -w"
	name=$(basename "$1")
	commit=$(etcd_client_commit)
	[[ -z "$commit" ]] || flags+=" -X go.etcd.io/etcd/api/v3/version.GitSHA=${commit:0:9}"
	go_build etcd-client "$1" "go.etcd.io/etcd/$name/v3" "$flags"
}

# check_etcd_client BINARY: `etcdctl version` / `etcdutl version` name ETCD_VERSION.
check_etcd_client() {
	local name
	name=$(basename "$1")
	has_line "$(out_of "$1" version)" "$name version: ${ETCD_VERSION#v}"
}

# etcd_client_archive: the release-shaped archive, rebuilt only when a binary changed.
etcd_client_archive() {
	local dir=$CACHE/etcd-client-$ETCD_VERSION top="etcd-$ETCD_VERSION-linux-amd64" stage inputs
	local out=$dir/$top.tar.gz
	inputs="$(sha256sum "$dir/etcdctl" "$dir/etcdutl")"
	if ! $force && [[ -f "$out" && "$(cat "$out.inputs" 2>/dev/null)" == "$inputs" ]]; then
		log "etcd-client archive: cached"
		return 0
	fi
	stage=$(mktemp -d "$dir/.stage.XXXXXX")
	mkdir -p "$stage/$top"
	cp "$dir/etcdctl" "$dir/etcdutl" "$stage/$top/"
	chmod 0755 "$stage/$top/etcdctl" "$stage/$top/etcdutl"
	tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - "$top" | gzip -n >"$out.partial.$$"
	rm -rf "$stage"
	mv -f "$out.partial.$$" "$out"
	(cd "$dir" && sha256sum "$top.tar.gz" >SHA256SUMS)
	printf '%s\n' "$inputs" >"$out.inputs"
	log "etcd-client archive: $out"
}

# etcd_client_into_real: the archive in the real set's artifacts/, its manifest.json and SHA256SUMS.
etcd_client_into_real() {
	local real_dir=$CACHE/real-$KUBE_VERSION name="etcd-$ETCD_VERSION-linux-amd64.tar.gz"
	ln -f "$CACHE/etcd-client-$ETCD_VERSION/$name" "$real_dir/artifacts/$name" 2>/dev/null ||
		cp -f "$CACHE/etcd-client-$ETCD_VERSION/$name" "$real_dir/artifacts/$name"
	node - "$real_dir" "$ETCD_VERSION" "artifacts/$name" <<'EOF'
const fs = require("fs");
const crypto = require("crypto");
const path = require("path");
const [dir, version, rel] = process.argv.slice(2);
const file = path.join(dir, "manifest.json");
const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
const sha256 = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, rel))).digest("hex");
manifest.archives = manifest.archives.filter((a) => a.name !== "etcd").concat([{ name: "etcd", version, path: rel, sha256 }]);
const sums = manifest.archives.map((f) => `${f.sha256}  ${path.basename(f.path)}\n`).join("");
fs.writeFileSync(path.join(dir, "artifacts", "SHA256SUMS"), sums);
fs.writeFileSync(`${file}.partial`, JSON.stringify(manifest, null, 2) + "\n");
fs.renameSync(`${file}.partial`, file);
EOF
	log "etcd-client: $name in $real_dir/artifacts (manifest.json, SHA256SUMS)"
}

toolchain_set_etcd_client() {
	local m
	for m in $ETCD_CLIENT_MODULES; do
		tool "$(basename "${m%/v3}")" "etcd-client-$ETCD_VERSION" "$(basename "${m%/v3}")" build_etcd_client check_etcd_client
	done
	$list && return 0
	[[ -z "$only" || "$only" == *",etcdctl,"* || "$only" == *",etcdutl,"* ]] || return 0
	etcd_client_archive
	# With --real (the set is assembled first); `--etcd-client` alone leaves an unassembled set alone.
	if [[ -f "$CACHE/real-$KUBE_VERSION/manifest.json" ]]; then etcd_client_into_real; fi
}
