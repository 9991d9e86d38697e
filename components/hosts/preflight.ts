/**
 * Preflight interpretation: pure functions over the facts `scripts/preflight.sh` prints.
 * The script only reads; this decides. Every failure names the check, what was found and the fix.
 */

/** Minimum memory per role, MiB (upstream documented minimums). */
export const MIN_MEMORY_MIB = {
    /** K3s server: 512 MiB (docs.k3s.io/installation/requirements). */
    k3sServer: 512,
    /** K3s agent: 256 MiB. */
    k3sAgent: 256,
    /** kubeadm control plane: 2 GiB (kubernetes.io kubeadm install "2 GB or more of RAM"). */
    kubeadmControlPlane: 2048,
    /** kubeadm worker: 1 GiB (a kubelet, containerd and kube-proxy with room for pods). */
    kubeadmWorker: 1024,
    /** KubeEdge edge node: 256 MiB. */
    kubeEdge: 256,
} as const;

/** What a host must offer for the role it is about to get. */
export interface PreflightRequirements {
    /** Spec architecture (amd64, arm64, arm). */
    arch: string;
    /** Minimum memory, MiB. */
    minMemoryMiB: number;
    /** Role wording for messages (e.g. "K3s server"). */
    role: string;
    /** Refuse active swap (kubeadm's kubelet fails with swap on by default). */
    swapOff: boolean;
    /** Kernel modules that must be loaded or loadable. */
    modules: string[];
    /** Require the unified cgroup v2 hierarchy. */
    cgroupV2: boolean;
    /** TCP ports that must be free (skipped where continuum already installed this role). */
    ports: number[];
    /** `/dev/kvm` must exist (Kata requested). */
    kvm: boolean;
    /** Commands that must be on PATH. */
    tools: string[];
    /** The `installed` marker value under which port checks are skipped (our own service owns them). */
    installedMarker: string;
}

/** One failed check. */
export interface PreflightFailure {
    /** Short check id, e.g. `memory`. */
    check: string;
    /** What was found. */
    found: string;
    /** What to do. */
    fix: string;
}

/** `uname -m` → spec arch. */
export const MACHINE_ARCH: Record<string, string> = {
    x86_64: "amd64",
    amd64: "amd64",
    aarch64: "arm64",
    arm64: "arm64",
    armv7l: "arm",
    armv6l: "arm",
    armhf: "arm",
};

/** Distributions the scripts are written for (systemd, apt-family paths). */
export const SUPPORTED_OS = ["debian", "ubuntu", "raspbian"];

/** The Debian package of each tool preflight looks for. */
export const TOOL_PACKAGES: Record<string, string> = {
    iptables: "iptables",
    ip: "iproute2",
    mount: "mount",
    nsenter: "util-linux",
    runc: "runc",
    tar: "tar",
    sha256sum: "coreutils",
    systemctl: "systemd",
};

/** Every failed check for one host, in a fixed order. */
export function interpretPreflight(facts: Record<string, string>, req: PreflightRequirements): PreflightFailure[] {
    const out: PreflightFailure[] = [];
    const fail = (check: string, found: string, fix: string) => out.push({ check, found, fix });

    const os = facts.os_id ?? "unknown";
    if (!SUPPORTED_OS.includes(os)) {
        fail("os", `${os} ${facts.os_version ?? ""}`.trim(), `use Debian or Ubuntu (RHEL-family and Alpine are not supported yet, see docs/ssh.md)`);
    }
    if (facts.init !== "systemd" || facts.systemd_running !== "yes") {
        fail("init", `PID 1 is '${facts.init ?? "unknown"}'${facts.systemd_running === "yes" ? "" : ", systemd not running"}`, "boot the host with systemd as init (OpenRC is not supported yet)");
    }

    const arch = MACHINE_ARCH[facts.machine ?? ""];
    if (arch === undefined) {
        fail("arch", `machine '${facts.machine ?? "unknown"}'`, "use an amd64, arm64 or armv7 host");
    } else if (arch !== req.arch) {
        fail("arch", `${arch} (${facts.machine})`, `set arch: ${arch} on this node in the spec, or point it at a ${req.arch} machine`);
    }

    const memKiB = Number(facts.mem_total_kib);
    if (!Number.isFinite(memKiB) || facts.mem_total_kib === undefined || facts.mem_total_kib === "") {
        fail("memory", "unreadable /proc/meminfo", "check the host exposes /proc/meminfo");
    } else if (memKiB < req.minMemoryMiB * 1024) {
        fail("memory", `${Math.floor(memKiB / 1024)} MiB`, `a ${req.role} needs at least ${req.minMemoryMiB} MiB: give the machine more memory or another role`);
    }

    if (req.swapOff && Number(facts.swaps_active ?? "0") > 0) {
        fail("swap", `${facts.swaps_active} active swap device(s), ${Math.floor(Number(facts.swap_total_kib ?? 0) / 1024)} MiB`, "turn swap off (swapoff -a) and remove it from /etc/fstab — the kubelet refuses to start with swap on");
    }

    for (const mod of req.modules) {
        const state = facts[`module_${mod}`] ?? "missing";
        if (state !== "loaded" && state !== "builtin" && state !== "loadable") {
            fail(`module:${mod}`, `kernel module ${mod} ${state}`, `install the kernel's modules package and load it (modprobe ${mod}; echo ${mod} > /etc/modules-load.d/${mod}.conf); in a container load it on the host`);
        }
    }

    if (req.cgroupV2) {
        if (facts.cgroup_fs !== "cgroup2fs") {
            fail("cgroups", `/sys/fs/cgroup is ${facts.cgroup_fs ?? "unknown"} (not the unified v2 hierarchy)`, "boot with systemd.unified_cgroup_hierarchy=1 (the default since Debian 11 and Ubuntu 21.10)");
        } else {
            const have = new Set((facts.cgroup_controllers ?? "").split(",").filter(Boolean));
            const missing = ["cpu", "memory", "pids"].filter((c) => !have.has(c));
            if (missing.length > 0) {
                fail("cgroups", `controllers ${missing.join(", ")} not enabled`, `enable them (on Raspberry Pi add cgroup_enable=memory cgroup_memory=1 to cmdline.txt; in a container delegate them)`);
            }
        }
    }

    if ((facts.installed ?? "none") !== req.installedMarker) {
        if (req.ports.length > 0 && facts.port_probe === "none") {
            fail("ports", "cannot list listening ports (no `ss`)", "install iproute2");
        }
        const used = req.ports.filter((p) => facts[`port_${p}`] === "used");
        if (used.length > 0) {
            fail("ports", `TCP ${used.join(", ")} already in use`, `stop what listens there (ss -ltnp 'sport = :${used[0]}') — a ${req.role} needs ${req.ports.join(", ")}`);
        }
    }

    if (req.kvm && facts.kvm !== "present") {
        fail("kvm", "/dev/kvm is absent", "enable virtualization (VT-x/AMD-V, nested virtualization on a VM) or remove kata from this node's runtimes");
    }

    const missingTools = req.tools.filter((t) => facts[`tool_${t}`] !== "present");
    if (missingTools.length > 0) {
        const pkgs = [...new Set(missingTools.map((t) => TOOL_PACKAGES[t] ?? t))];
        fail("tools", `${missingTools.join(", ")} not on PATH`, `apt-get install -y ${pkgs.join(" ")}`);
    }
    return out;
}

/** One error text for a host: names the host, each check and its fix. */
export function formatPreflight(nodeName: string, address: string, failures: PreflightFailure[]): string {
    const lines = failures.map((f) => `  - ${f.check}: ${f.found} — ${f.fix}`);
    return `preflight failed on node '${nodeName}' (${address}); nothing was installed there:\n${lines.join("\n")}`;
}
