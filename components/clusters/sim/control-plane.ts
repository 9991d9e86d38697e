/** Host ports of one simulated control plane: six consecutive ports from `api`. */
export interface SimPorts {
    /** kube-apiserver (HTTPS on 127.0.0.1). */
    api: number;
    etcd: number;
    etcdPeer: number;
    controllerManager: number;
    scheduler: number;
    /** kwok's controller (the simulated kubelets). */
    kwokController: number;
}

/** Ports a sim cluster takes, starting at its API port. */
export const PORTS_PER_CLUSTER = 6;

/** The six ports of a cluster whose API listens on `api`. */
export function simPorts(api: number): SimPorts {
    return {
        api,
        etcd: api + 1,
        etcdPeer: api + 2,
        controllerManager: api + 3,
        scheduler: api + 4,
        kwokController: api + 5,
    };
}

/** Parameters of one simulated control plane, as `scripts/sim-cluster.sh` reads them on stdin. */
export interface ControlPlaneParams {
    /** kwok cluster name (the spec's cluster name). */
    cluster: string;
    /** Absolute directory kwokctl keeps the cluster in (KWOK_WORKDIR). */
    stateDir: string;
    /** Host ports of every component (kwokctl would otherwise pick the same "free" ports for clusters created at once).
     * */
    ports: SimPorts;
    /** Service CIDR (kube-apiserver and kube-controller-manager `--service-cluster-ip-range`). */
    serviceCidr: string;
    /** Pod CIDR (kwok hands pod IPs out of it). */
    podCidr: string;
    /** Kubernetes version the binaries must report, e.g. v1.36.3; empty: whatever they are. */
    kubernetesVersion: string;
    /** Seconds to wait for the API to answer. */
    readySeconds: number;
}

/** First port of the range sim clusters are given when the spec leaves the API port at 6443. */
export const SIM_PORT_BASE = 20000;
/** Sim clusters per stack that get ports automatically. */
export const SIM_CLUSTERS_PER_STACK = 10;
/** Ports reserved per stack (so stacks on one machine get disjoint ranges). */
export const SIM_PORTS_PER_STACK = SIM_CLUSTERS_PER_STACK * PORTS_PER_CLUSTER;
/** Number of stack slots in the range (20000–31999: below Linux's ephemeral ports). */
export const SIM_STACK_SLOTS = 200;

/**
 * The API port of the index-th sim cluster of a stack when the spec does not choose one: a
 * per-stack slot of 60 ports (FNV-1a of the stack name), six per cluster, so the lab, the sim
 * test and the benches can run side by side and a second `up` picks the same ports again.
 */
export function simApiPort(stack: string, index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= SIM_CLUSTERS_PER_STACK) {
        throw new Error(
            `sim cluster #${index + 1} of stack '${stack}': a stack gets ` +
                `automatic ports for ${SIM_CLUSTERS_PER_STACK} sim clusters — set apiEndpoint.port ` +
                `on the extra clusters (each takes that port and the next ${PORTS_PER_CLUSTER - 1})`,
        );
    }
    return SIM_PORT_BASE + (fnv1a(stack) % SIM_STACK_SLOTS) * SIM_PORTS_PER_STACK + index * PORTS_PER_CLUSTER;
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
        ["API_PORT", String(p.ports.api)],
        ["ETCD_PORT", String(p.ports.etcd)],
        ["ETCD_PEER_PORT", String(p.ports.etcdPeer)],
        ["CONTROLLER_MANAGER_PORT", String(p.ports.controllerManager)],
        ["SCHEDULER_PORT", String(p.ports.scheduler)],
        ["KWOK_CONTROLLER_PORT", String(p.ports.kwokController)],
        ["SERVICE_CIDR", p.serviceCidr],
        ["POD_CIDR", p.podCidr],
        ["KUBE_VERSION", p.kubernetesVersion],
        ["READY_SECONDS", String(p.readySeconds)],
    ];
    for (const [key, value] of entries) {
        if (/[\r\n\0]/.test(value))
            throw new Error(`sim cluster '${p.cluster}': ${key} contains a line break — use a value on one line`);
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.cluster)) {
        throw new Error(`sim cluster '${p.cluster}': the name must be a lowercase DNS label — rename the cluster`);
    }
    if (!p.stateDir.startsWith("/")) {
        throw new Error(
            `sim cluster '${p.cluster}': state directory '${p.stateDir}' is not absolute — pass an absolute path`,
        );
    }
    for (const [what, port] of Object.entries(p.ports)) {
        if (!Number.isInteger(port) || port < 1024 || port > 65535) {
            throw new Error(
                `sim cluster '${p.cluster}': ${what} port ${port} is not ` +
                    "an unprivileged port — give the cluster an API port in " +
                    `1024–${65535 - PORTS_PER_CLUSTER + 1} ` +
                    `(it takes the next ${PORTS_PER_CLUSTER - 1} too)`,
            );
        }
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
