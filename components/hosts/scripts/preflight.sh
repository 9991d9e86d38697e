#!/usr/bin/env bash
# Preflight: read-only facts about this host, one `key=value` per line on stdout.
# components/hosts/preflight.ts interprets them (memory minimums, arch, ports, ...):
# this script changes nothing and decides nothing.
#
# Params (stdin env file): PORTS — comma-separated TCP ports to report as free/used.
# Uninstall: nothing to undo (read-only).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init preflight

fact() { printf '%s=%s\n' "$1" "$2"; }

# OS and init system.
os_id=unknown
os_version=unknown
if [[ -r /etc/os-release ]]; then
    os_id="$(. /etc/os-release && printf '%s' "${ID:-unknown}")"
    os_version="$(. /etc/os-release && printf '%s' "${VERSION_ID:-unknown}")"
fi
fact os_id "$os_id"
fact os_version "$os_version"
fact init "$(cat /proc/1/comm 2>/dev/null || echo unknown)"
if [[ -d /run/systemd/system ]]; then fact systemd_running yes; else fact systemd_running no; fi
fact kernel "$(uname -r)"
fact machine "$(uname -m)"

# Memory and swap (KiB).
fact mem_total_kib "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
fact swap_total_kib "$(awk '/^SwapTotal:/ {print $2}' /proc/meminfo)"
fact swaps_active "$(($(wc -l </proc/swaps) - 1))"

# Kernel modules: loaded, built in, or loadable.
module_state() {
    local mod="$1" builtin
    builtin="/lib/modules/$(uname -r)/modules.builtin"
    if [[ -d "/sys/module/$mod" ]]; then echo loaded
    elif [[ -r "$builtin" ]] && grep -q "/$mod.ko" "$builtin"; then echo builtin
    elif modinfo "$mod" >/dev/null 2>&1; then echo loadable
    else echo missing
    fi
}
fact module_overlay "$(module_state overlay)"
fact module_br_netfilter "$(module_state br_netfilter)"

# cgroups.
fact cgroup_fs "$(stat -fc %T /sys/fs/cgroup 2>/dev/null || echo unknown)"
if [[ -r /sys/fs/cgroup/cgroup.controllers ]]; then
    fact cgroup_controllers "$(tr ' ' ',' </sys/fs/cgroup/cgroup.controllers)"
else
    fact cgroup_controllers ""
fi

# Listening TCP ports among the ones asked about.
listening=""
if command -v ss >/dev/null 2>&1; then
    listening="$(ss -Hltn 2>/dev/null | awk '{print $4}' | sed -E 's/.*[:.]([0-9]+)$/\1/' | sort -un | tr '\n' ',')"
    fact port_probe ss
else
    fact port_probe none
fi
IFS=',' read -r -a ports <<<"${PORTS:-}"
for p in "${ports[@]}"; do
    [[ -n "$p" ]] || continue
    if [[ ",$listening" == *",$p,"* ]]; then fact "port_$p" used; else fact "port_$p" free; fi
done

# Devices and tools.
if [[ -c /dev/kvm ]]; then fact kvm present; else fact kvm absent; fi
for tool in sha256sum systemctl tar iptables ip mount nsenter runc; do
    if command -v "$tool" >/dev/null 2>&1; then fact "tool_$tool" present; else fact "tool_$tool" absent; fi
done

# What continuum already installed here (its own services own their ports).
fact installed "$(cat /etc/continuum/installed 2>/dev/null || echo none)"
