# shellcheck shell=bash
# continuum local-substrate library: sourced (never executed) by the kind, k3d and existing
# scripts that run on the machine running Pulumi (local.Command).
#
# Parameters arrive on stdin as an env file, the same format as the host scripts use
# (components/hosts): nothing in a value is expanded or executed.
#
#   # continuum-params v1
#   KEY=value            a single-line value, taken literally
#   KEY:b64=base64text   a value that may span lines (config files, kubeconfigs), base64-encoded
#
# By hand:  bash kind-create.sh < params.env

# shellcheck source-path=SCRIPTDIR source=../../../hosts/scripts/continuum-lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../../hosts/scripts/continuum-lib.sh"

# Stop with an error that names the problem and the fix.
local_die() {
    local what="$1" fix="${2:-}"
    if [[ -n "$fix" ]]; then
        printf 'continuum[%s]: %s — %s\n' "${LOCAL_SCRIPT:-local}" "$what" "$fix" >&2
    else
        printf 'continuum[%s]: %s\n' "${LOCAL_SCRIPT:-local}" "$what" >&2
    fi
    exit 1
}

local_log() {
    printf 'continuum[%s]: %s\n' "${LOCAL_SCRIPT:-local}" "$*" >&2
}

# Name the script in messages and read its parameters: call first in every script.
local_init() {
    LOCAL_SCRIPT="$1"
    local_read_params
}

# Read the env-file parameters from stdin into (exported) shell variables: the host library's
# reader (components/hosts/scripts/continuum-lib.sh), so both read one format the same way.
local_read_params() {
    CONTINUUM_SCRIPT="${LOCAL_SCRIPT:-local}" continuum_read_params
}

# Fail unless every named parameter is set and non-empty.
local_require() {
    local name
    for name in "$@"; do
        [[ -n "${!name:-}" ]] || local_die "parameter $name is missing" "pass $name=<value> in the env file on stdin"
    done
}

# Create a directory (relative to the working directory: the Pulumi project) and print its absolute path.
local_abs_dir() {
    mkdir -p "$1"
    (cd "$1" && pwd -P)
}

# Write a file only when its content differs (idempotent), mode 0600 unless given.
local_write_file() {
    local path="$1" content="$2" mode="${3:-0600}" tmp
    mkdir -p "$(dirname "$path")"
    if [[ -f "$path" ]] && [[ "$(cat "$path")" == "$content" ]]; then
        return 0
    fi
    tmp="$(mktemp "$(dirname "$path")/.continuum.XXXXXX")"
    printf '%s\n' "$content" >"$tmp"
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$path"
}

# Write the extra files FILE_<n>_PATH / FILE_<n>_CONTENT (n = 0..FILE_COUNT-1) under a directory.
# Paths are relative and may not leave it.
local_write_files() {
    local root="$1" count="${FILE_COUNT:-0}" i path_var content_var rel
    [[ "$count" =~ ^[0-9]+$ ]] || local_die "FILE_COUNT is not a number: '$count'" "re-render the parameters (a bug in the caller)"
    for ((i = 0; i < count; i++)); do
        path_var="FILE_${i}_PATH"
        content_var="FILE_${i}_CONTENT"
        rel="${!path_var:-}"
        [[ -n "$rel" && "$rel" != /* && "/$rel/" != */../* ]] || local_die "file path '$rel' must be relative and stay inside $root" "re-render the parameters (a bug in the caller)"
        local_write_file "$root/$rel" "${!content_var:-}" 0644
    done
}

# The first steps of kind-create.sh and k3d-create.sh: read and check the parameters, check the
# tools and the engine, write the extra files and the config (<tool>-config.yaml) under the state
# directory. Sets LOCAL_STATE (the state directory, absolute) and LOCAL_CONFIG (the config's path).
local_stage_config() {
    local tool="$1" shims
    local_init "$tool-create"
    local_require CLUSTER_NAME STATE_DIR SHIM_DIR DOCKER_NETWORK CONFIG
    local_preflight "$tool"
    LOCAL_STATE="$(local_abs_dir "$STATE_DIR")"
    shims="$(local_abs_dir "$SHIM_DIR")"
    local_write_files "$LOCAL_STATE"
    LOCAL_CONFIG="$LOCAL_STATE/$tool-config.yaml"
    local_write_file "$LOCAL_CONFIG" "$(local_expand_paths "$CONFIG" "$LOCAL_STATE" "$shims")"
}

# Replace the placeholders the TypeScript renderer leaves for machine-specific absolute paths.
local_expand_paths() {
    local text="$1" state="$2" shims="$3"
    text="${text//@CONTINUUM_STATE_DIR@/$state}"
    text="${text//@CONTINUUM_SHIM_DIR@/$shims}"
    printf '%s' "$text"
}

# The nodes are containers: they run on the Docker engine's architecture, which must be the spec's.
local_check_arch() {
    local want="$1" have
    [[ -n "$want" ]] || return 0
    have="$(docker info --format '{{.Architecture}}' 2>/dev/null || true)"
    case "$have" in
        x86_64 | amd64) have=amd64 ;;
        aarch64 | arm64) have=arm64 ;;
        armv7l | armhf | arm) have=arm ;;
    esac
    [[ -z "$have" || "$have" == "$want" ]] && return 0
    local_die "the spec says the nodes of cluster ${CLUSTER_NAME:-?} are $want, but the Docker engine runs $have containers (nothing was created)" \
        "set arch: $have on the cluster's nodes, or use a Docker engine on a $want machine"
}

# Before anything is written or created: docker and the cluster tool (and KVM when NEEDS_KVM is
# "true"), the node architecture (ARCH), and the pinned shims the nodes mount, verified — so a
# missing tool or a bad shim fails here, before any cluster exists.
local_preflight() {
    local tool="$1" dir
    dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    local checks=(docker "$tool")
    [[ "${NEEDS_KVM:-false}" == "true" ]] && checks=(--kvm "${checks[@]}")
    bash "$dir/check-tools.sh" "${checks[@]}"
    local_check_arch "${ARCH:-}"
    bash "$dir/stage-shims.sh" </dev/null
}

# The Docker network every local cluster joins, so meshed clusters reach each other's nodes.
local_ensure_network() {
    local net="$1"
    docker network inspect "$net" >/dev/null 2>&1 && return 0
    docker network create "$net" >/dev/null 2>&1 && return 0
    # created concurrently by another cluster's script
    docker network inspect "$net" >/dev/null 2>&1 && return 0
    local_die "cannot create the Docker network '$net'" "check \`docker network create $net\` works for this user"
}

# Remove the shared network when no container is attached any more (best effort).
local_release_network() {
    local net="$1" attached
    attached="$(docker network inspect -f '{{len .Containers}}' "$net" 2>/dev/null || echo missing)"
    if [[ "$attached" == "0" ]]; then
        docker network rm "$net" >/dev/null 2>&1 || true
    fi
}

# Remove what a create script wrote under the state directory (never anything else).
local_clean_state() {
    local state="$1"
    shift
    [[ -d "$state" ]] || return 0
    local f
    for f in "$@"; do
        rm -rf "${state:?}/$f"
    done
    rmdir "$state" 2>/dev/null || true
}
