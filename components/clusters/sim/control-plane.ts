/** Parameters of one simulated control plane, as `scripts/sim-cluster.sh` reads them on stdin. */
export interface ControlPlaneParams {
    /** kwok cluster name (the spec's cluster name). */
    cluster: string;
    /** Absolute directory kwokctl keeps the cluster in (KWOK_WORKDIR). */
    stateDir: string;
    /** Host port of kube-apiserver (HTTPS on 127.0.0.1). */
    apiPort: number;
    /** Service CIDR (kube-apiserver and kube-controller-manager `--service-cluster-ip-range`). */
    serviceCidr: string;
    /** Pod CIDR (kwok hands out pod IPs from it). */
    podCidr: string;
    /** Kubernetes version the binaries must report, e.g. v1.36.3; empty: whatever they are. */
    kubernetesVersion: string;
    /** Seconds to wait for the API to answer. */
    readySeconds: number;
}

/** First port of the range sim API servers are given when the spec leaves the port at 6443. */
export const SIM_PORT_BASE = 20000;
/** Ports reserved per stack (so stacks on one machine get disjoint ranges). */
export const SIM_PORTS_PER_STACK = 30;
/** Number of stack slots in the range (20000–31999: below Linux's ephemeral ports). */
export const SIM_STACK_SLOTS = 400;

/**
 * The API port of the index-th sim cluster of a stack when the spec does not choose one:
 * a per-stack slot of 30 ports (FNV-1a of the stack name), so the lab, the sim test and the
 * bench can run side by side and a second `up` picks the same port again.
 */
export function simApiPort(stack: string, index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= SIM_PORTS_PER_STACK) {
        throw new Error(`sim cluster #${index + 1} of stack '${stack}': a stack gets ${SIM_PORTS_PER_STACK} automatic API ports — set apiEndpoint.port on the extra clusters`);
    }
    return SIM_PORT_BASE + (fnv1a(stack) % SIM_STACK_SLOTS) * SIM_PORTS_PER_STACK + index;
}

/** The port a sim cluster's API listens on: the spec's, unless it is the 6443 default. */
export function chooseApiPort(specPort: number, stack: string, simIndex: number): number {
    return specPort !== 6443 ? specPort : simApiPort(stack, simIndex);
}

/** `KEY=VALUE` lines for the script's stdin (values are data: the script never evaluates them). */
export function controlPlaneStdin(p: ControlPlaneParams): string {
    const entries: [string, string][] = [
        ["CLUSTER", p.cluster],
        ["STATE_DIR", p.stateDir],
        ["API_PORT", String(p.apiPort)],
        ["SERVICE_CIDR", p.serviceCidr],
        ["POD_CIDR", p.podCidr],
        ["KUBE_VERSION", p.kubernetesVersion],
        ["READY_SECONDS", String(p.readySeconds)],
    ];
    for (const [key, value] of entries) {
        if (/[\r\n\0]/.test(value)) throw new Error(`sim cluster '${p.cluster}': ${key} contains a line break — use a value on one line`);
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.cluster)) {
        throw new Error(`sim cluster '${p.cluster}': the name must be a lowercase DNS label — rename the cluster`);
    }
    if (!p.stateDir.startsWith("/")) {
        throw new Error(`sim cluster '${p.cluster}': state directory '${p.stateDir}' is not absolute — pass an absolute path`);
    }
    if (!Number.isInteger(p.apiPort) || p.apiPort < 1024 || p.apiPort > 65535) {
        throw new Error(`sim cluster '${p.cluster}': API port ${p.apiPort} is not an unprivileged port — use 1024–65535`);
    }
    return entries.map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
}

/** Kubernetes version with a leading `v` (kwokctl and `kube-apiserver --version` spell it so). */
export function withV(version: string): string {
    return version === "" || version.startsWith("v") ? version : `v${version}`;
}

function fnv1a(text: string): number {
    let h = 0x811c9dc5;
    for (const byte of Buffer.from(text, "utf8")) {
        h ^= byte;
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
}
