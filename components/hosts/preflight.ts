/**
 * What preflight checks, as data: the requirements of a role on a host and the tables the rules
 * are made from. `scripts/preflight.sh` only reads facts; the rules (preflight-rules.ts) decide
 * and `scripts/preflight-gate.sh`, a node converge's first step, enforces them.
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
