#!/usr/bin/env bash
# Install extra container runtimes (crun, WasmEdge shim, Kata static release) on a node and
# give containerd their handlers, in the form the node's distribution reads. Idempotent: a
# second run with the same parameters changes nothing and restarts nothing.
#
# Params (stdin env file, see components/runtimes/install-params.ts):
#   RUNTIMES              space-separated subset of: crun wasmedge kata
#   HANDLERS              space-separated containerd handler names to verify after the restart
#   CONFIG_MODE           k3s (K3s template, K3s detects crun/wasmedge itself) | dropin (containerd conf.d)
#   CRUN_SOURCE           binary (ARTIFACT_CRUN) | package (CRUN_PACKAGE from the distribution)
#   CRUN_PATH             where the crun binary is (binary: installed there)
#   CRUN_PACKAGE          distribution package name when CRUN_SOURCE=package (default crun)
#   ARTIFACT_CRUN, ARTIFACT_WASMEDGE_SHIM, ARTIFACT_KATA (+ _SHA256): pinned files, verified first
#   WASMEDGE_SHIM_DIR     directory for containerd-shim-wasmedge-v1
#   K3S_TEMPLATE_PATH, K3S_TEMPLATE (optional: absent when K3s renders every handler itself)
#   CONTAINERD_DROPIN_PATH, CONTAINERD_DROPIN
# Uninstall: runtimes-uninstall.sh (reads what this script recorded in /etc/continuum/runtimes).
set -euo pipefail
# shellcheck source=../../hosts/scripts/continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init runtimes-install
continuum_require RUNTIMES HANDLERS CONFIG_MODE

STATE_DIR=/etc/continuum/runtimes
mkdir -p "$STATE_DIR"
changed=0
# Which service reads the config, for an uninstall that gets no parameters (a dropped step).
[[ "$(cat "$STATE_DIR/config-mode" 2>/dev/null)" == "$CONFIG_MODE" ]] || printf '%s\n' "$CONFIG_MODE" >"$STATE_DIR/config-mode"

has_runtime() { [[ " $RUNTIMES " == *" $1 "* ]]; }

# Remember a path this script owns, for the uninstall.
own() {
    # Create the record once: touching it on every run would change its mtime, so a second run
    # with the same parameters would not leave the host as it was.
    [[ -f "$STATE_DIR/owned" ]] || : >"$STATE_DIR/owned"
    grep -qxF "$1" "$STATE_DIR/owned" || printf '%s\n' "$1" >>"$STATE_DIR/owned"
}

note() { [[ -z "$1" ]] || changed=1; }

install_crun() {
    continuum_require CRUN_SOURCE CRUN_PATH
    case "$CRUN_SOURCE" in
        binary)
            continuum_require ARTIFACT_CRUN
            note "$(continuum_install_binary "$ARTIFACT_CRUN" "$CRUN_PATH")"
            own "$CRUN_PATH"
            ;;
        package)
            local pkg="${CRUN_PACKAGE:-crun}"
            if [[ ! -x "$CRUN_PATH" ]]; then
                if command -v apt-get >/dev/null; then
                    # Record every package this install adds (crun and its dependencies), so the
                    # uninstall removes exactly those and leaves the host as it found it.
                    local before
                    before="$(dpkg-query -W -f='${Package}\n' | sort)"
                    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg" >&2
                    comm -13 <(printf '%s\n' "$before") <(dpkg-query -W -f='${Package}\n' | sort) >"$STATE_DIR/package"
                elif command -v dnf >/dev/null; then
                    dnf install -y "$pkg" >&2
                    printf '%s\n' "$pkg" >"$STATE_DIR/package"
                else
                    continuum_die "no static crun for this architecture and no apt-get or dnf to install the $pkg package" "install $pkg on this host by hand, or drop crun from its runtimes"
                fi
                changed=1
            fi
            ;;
        *) continuum_die "CRUN_SOURCE '$CRUN_SOURCE' is not binary or package" "re-render the parameters (a bug in the caller)" ;;
    esac
    "$CRUN_PATH" --version >/dev/null 2>&1 || continuum_die "$CRUN_PATH does not run" "check the architecture of the binary against this host (uname -m)"
}

install_wasmedge_shim() {
    continuum_require ARTIFACT_WASMEDGE_SHIM WASMEDGE_SHIM_DIR
    local tmp
    tmp="$(mktemp -d)"
    tar -xzf "$ARTIFACT_WASMEDGE_SHIM" -C "$tmp" containerd-shim-wasmedge-v1 ||
        continuum_die "$(basename "$ARTIFACT_WASMEDGE_SHIM") has no containerd-shim-wasmedge-v1" "check the wasmedgeShim pin (the stack's artifacts.wasmedgeShim, else continuum's version table): it must be the runwasi containerd-shim-wasmedge release archive"
    note "$(continuum_install_binary "$tmp/containerd-shim-wasmedge-v1" "$WASMEDGE_SHIM_DIR/containerd-shim-wasmedge-v1")"
    rm -rf "$tmp"
    own "$WASMEDGE_SHIM_DIR/containerd-shim-wasmedge-v1"
}

install_kata() {
    continuum_require ARTIFACT_KATA ARTIFACT_KATA_SHA256
    [[ -c /dev/kvm ]] || continuum_die "/dev/kvm is missing, Kata cannot start micro-VMs" \
        "enable hardware virtualization (VT-x/AMD-V; nested virtualization for a VM) or drop kata and the kvm capability from this node"
    if [[ "$(cat /opt/kata/.continuum-sha256 2>/dev/null || true)" != "$ARTIFACT_KATA_SHA256" ]]; then
        rm -rf /opt/kata
        tar -xJf "$ARTIFACT_KATA" -C / ./opt/kata 2>/dev/null || tar -xJf "$ARTIFACT_KATA" -C / opt/kata
        printf '%s\n' "$ARTIFACT_KATA_SHA256" >/opt/kata/.continuum-sha256
        changed=1
    fi
    [[ -x /opt/kata/bin/containerd-shim-kata-v2 ]] || continuum_die "the Kata release has no /opt/kata/bin/containerd-shim-kata-v2" "check the kata pin (the stack's artifacts.kata, else continuum's version table): it must be the kata-static release archive"
    own /opt/kata
}

has_runtime crun && install_crun
has_runtime wasmedge && [[ -n "${ARTIFACT_WASMEDGE_SHIM:-}" ]] && install_wasmedge_shim
has_runtime kata && install_kata

# containerd config.
case "$CONFIG_MODE" in
    k3s)
        continuum_require K3S_TEMPLATE_PATH
        if [[ -n "${K3S_TEMPLATE:-}" ]]; then
            if [[ -f "$K3S_TEMPLATE_PATH" ]] && ! grep -qxF "$K3S_TEMPLATE_PATH" "$STATE_DIR/owned" 2>/dev/null; then
                continuum_die "$K3S_TEMPLATE_PATH exists and was not written by continuum" \
                    "merge its content with the runtime handlers (components/runtimes/containerd-config.ts renders them) or move it away"
            fi
            note "$(continuum_write_file "$K3S_TEMPLATE_PATH" 0644 "$K3S_TEMPLATE")"
            own "$K3S_TEMPLATE_PATH"
        elif grep -qxF "$K3S_TEMPLATE_PATH" "$STATE_DIR/owned" 2>/dev/null; then
            rm -f "$K3S_TEMPLATE_PATH"
            changed=1
        fi
        service=k3s
        systemctl is-active --quiet k3s || service=k3s-agent
        ;;
    dropin)
        continuum_require CONTAINERD_DROPIN_PATH CONTAINERD_DROPIN
        main=/etc/containerd/config.toml
        dropin_dir="$(dirname "$CONTAINERD_DROPIN_PATH")"
        if [[ -f "$main" ]] && ! grep -Eq "^[[:space:]]*imports[[:space:]]*=.*${dropin_dir}" "$main"; then
            continuum_die "$main does not import $dropin_dir/*.toml, so the runtime handlers would be ignored" \
                "add imports = [\"$dropin_dir/*.toml\"] at the top of $main (the containerd step owns that file)"
        fi
        note "$(continuum_write_file "$CONTAINERD_DROPIN_PATH" 0644 "$CONTAINERD_DROPIN")"
        own "$CONTAINERD_DROPIN_PATH"
        service=containerd
        ;;
    *) continuum_die "CONFIG_MODE '$CONFIG_MODE' is not k3s or dropin" "re-render the parameters (a bug in the caller)" ;;
esac

if [[ "$changed" -eq 1 ]]; then
    continuum_log "restarting $service so containerd loads the runtime handlers"
    systemctl restart "$service"
    continuum_wait 180 "$service to become active" systemctl is-active --quiet "$service"
fi

# Verify containerd knows every handler.
handler_known() {
    local h="$1"
    if [[ "$CONFIG_MODE" == k3s ]]; then
        # K3s writes the config it renders from its templates next to them (config*.toml).
        cat /var/lib/rancher/k3s/agent/etc/containerd/config*.toml 2>/dev/null | grep -Eq "runtimes\.['\"]?${h}['\"]?\]"
    else
        containerd config dump 2>/dev/null | grep -Eq "runtimes\.['\"]?${h}['\"]?\]"
    fi
}
for h in $HANDLERS; do
    continuum_wait 120 "containerd to load the '$h' handler" handler_known "$h"
done
printf 'runtimes=%s\nchanged=%s\n' "$RUNTIMES" "$changed"
