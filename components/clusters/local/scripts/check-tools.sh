#!/usr/bin/env bash
# Preflight of the local substrates, run at `pulumi up` before anything is created:
# the tools a cluster needs are installed and the Docker engine answers.
# Read-only. Exit 0 when all is there; exit 1 listing every problem, each with how to fix it.
#
# Usage: check-tools.sh [--kvm] TOOL...   TOOL: docker | kind | k3d | kubectl
#   docker   the docker CLI, and a Docker engine that answers `docker info`
#   --kvm    /dev/kvm exists (Kata Containers micro-VMs), checked when the engine is local
# Nothing to undo: the check changes nothing.
set -euo pipefail

need_kvm=0
tools=()
for arg in "$@"; do
    case "$arg" in
        --kvm) need_kvm=1 ;;
        docker | kind | k3d | kubectl) tools+=("$arg") ;;
        *)
            printf 'check-tools.sh: unknown argument %s (expected --kvm, docker, kind, k3d or kubectl)\n' "$arg" >&2
            exit 2
            ;;
    esac
done

install_hint() {
    case "$1" in
        docker) echo "install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, then run pulumi up again" ;;
        kind) echo "install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), then run pulumi up again" ;;
        k3d) echo "install k3d (https://k3d.io/#installation), then run pulumi up again" ;;
        kubectl) echo "install kubectl (https://kubernetes.io/docs/tasks/tools/#kubectl), then run pulumi up again" ;;
    esac
}

problems=()
for tool in "${tools[@]}"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        problems+=("$tool is not installed (not found on PATH) — $(install_hint "$tool")")
    fi
done

docker_info() {
    if command -v timeout >/dev/null 2>&1; then
        timeout 30 docker info --format '{{.ServerVersion}}'
    else
        docker info --format '{{.ServerVersion}}'
    fi
}

for tool in "${tools[@]}"; do
    [[ "$tool" == docker ]] || continue
    command -v docker >/dev/null 2>&1 || break
    if ! out="$(docker_info 2>&1)"; then
        reason="$(printf '%s\n' "$out" | grep -v '^[[:space:]]*$' | tail -n 1)"
        problems+=("the Docker engine is not running or not reachable (docker info: ${reason:-no answer}) — start it (sudo systemctl start docker, or open Docker Desktop) and make sure \`docker info\` works for this user (docker group, or DOCKER_HOST)")
    fi
done

if [[ "$need_kvm" -eq 1 && -z "${DOCKER_HOST:-}" && ! -e /dev/kvm ]]; then
    problems+=("/dev/kvm does not exist: a node asks for kata, whose micro-VMs need hardware virtualisation — enable KVM on this machine, or remove kata from that node's runtimes")
fi

if [[ "${#problems[@]}" -gt 0 ]]; then
    {
        echo "continuum: the local substrate cannot run on this machine (nothing was changed):"
        for p in "${problems[@]}"; do
            echo "  - $p"
        done
    } >&2
    exit 1
fi
