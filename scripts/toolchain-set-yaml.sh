# shellcheck shell=bash
# shellcheck disable=SC2154 # ROOT and die: set by scripts/toolchain.sh
# scripts/toolchain-set-yaml.sh — the yaml set (`npm run toolchain -- --all`, or
# `--only pulumi-language-yaml`), sourced by scripts/toolchain.sh: the Pulumi YAML language host
# (pulumi-language-yaml), which runs Pulumi YAML programs such as the ones that use continuum's
# component package (examples/yaml, test/engine/component-package*.test.ts).
#
# Built from its Go module github.com/pulumi/pulumi-yaml (YAML_MODULE@YAML_VERSION in
# tools/versions.env; the module has no replace directives) through the wrapper module tools/yaml
# (go.mod + go.sum committed; `go get -tool` of the pinned version writes them). The binary has no
# version flag: a cached one counts when its build info (`go version -m`) names the pinned module
# version and its .ldflags stamp has the version the engine is told (YAML_VERSION_LDFLAG).
# It goes on PATH (.tools/bin): the CLI finds language plugins there and in its own directory.

# check_yaml BINARY: the pinned module version, and the pinned -X version stamp.
check_yaml() {
	local info
	info=$(go version -m "$1" 2>/dev/null) || return 1
	grep -qE "^[[:space:]]*mod[[:space:]]+${YAML_MODULE}[[:space:]]+v${YAML_VERSION}[[:space:]]" <<<"$info" &&
		grep -qxF -- "-X $YAML_VERSION_LDFLAG=v$YAML_VERSION" "$1.ldflags" 2>/dev/null
}

# build_yaml OUT: build the language host from the wrapper module (go_build: scripts/toolchain.sh).
build_yaml() {
	grep -qE "^[[:space:]]*${YAML_MODULE} v${YAML_VERSION}( |$)" "$ROOT/tools/yaml/go.mod" ||
		die "tools/yaml/go.mod does not require $YAML_MODULE v$YAML_VERSION: run (cd tools/yaml && GOTOOLCHAIN=local go get -tool $YAML_MODULE/cmd/pulumi-language-yaml@v$YAML_VERSION) and commit go.mod and go.sum"
	go_build yaml "$1" "$YAML_MODULE/cmd/pulumi-language-yaml" "-s -w -X $YAML_VERSION_LDFLAG=v$YAML_VERSION"
}

# The set: one tool, cached by version in $CACHE/pulumi-language-yaml-<version>/.
toolchain_set_yaml() {
	tool pulumi-language-yaml "pulumi-language-yaml-$YAML_VERSION" pulumi-language-yaml build_yaml check_yaml
}
