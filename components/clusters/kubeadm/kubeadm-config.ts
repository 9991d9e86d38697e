/**
 * kubeadm configuration rendered from the spec: pure functions, no Pulumi.
 * kubeadm.k8s.io/v1beta4 (Kubernetes ≥ 1.31) and kubelet.config.k8s.io/v1beta1. The bootstrap
 * token and the certificate key are inputs: callers pass secret values only inside an apply,
 * so the rendered text is a secret Output.
 */
import { stringify } from "yaml";
import ipaddr from "ipaddr.js";
import type { Taint } from "../../spec/node";
import type { HostSystemSpec } from "../../spec/host-system";
import { urlHost } from "../ssh/ssh-topology";

export const KUBEADM_API = "kubeadm.k8s.io/v1beta4";
export const KUBELET_API = "kubelet.config.k8s.io/v1beta1";
export const KUBE_PROXY_API = "kubeproxy.config.k8s.io/v1alpha1";
/** containerd's CRI socket. */
export const CRI_SOCKET = "unix:///run/containerd/containerd.sock";
/** kubelet and containerd both use systemd cgroups (containerd: SystemdCgroup = true). */
export const CGROUP_DRIVER = "systemd";

/** Cluster-wide settings (the first control-plane node's init and every upgrade). */
export interface KubeadmClusterInput {
    clusterName: string;
    /** `v1.35.1`. */
    kubernetesVersion: string;
    /** `host:port` every node and client uses. */
    controlPlaneEndpoint: string;
    podSubnet: string;
    serviceSubnet: string;
    dnsDomain: string;
    certSans: string[];
    /** Cilium replaces kube-proxy: skip the kube-proxy addon. */
    kubeProxyReplacement: boolean;
    /** The cluster's `hostSystem` (spec/host-system.ts). @default neither option */
    hostSystem?: HostSystemSpec;
}

/** One node's registration. */
export interface KubeadmNodeInput {
    nodeName: string;
    /** The node's address; used as the API advertise address when it is an IP. */
    host: string;
    /** Registration taints; `undefined` keeps kubeadm's default (control-plane taint on control planes). */
    taints?: Taint[];
    /** kubeadm preflight errors to ignore on this node (see `ignoredPreflightErrors`). @default none */
    ignorePreflightErrors?: string[];
}

/**
 * kubeadm preflight errors a cluster's `hostSystem` accepts: `SystemVerification` (which refuses
 * cgroup v1) when `allowCgroupV1`; nothing else, ever.
 */
export function ignoredPreflightErrors(hostSystem: HostSystemSpec | undefined): string[] {
    return hostSystem?.allowCgroupV1 ? ["SystemVerification"] : [];
}

/** `host:port` with IPv6 literals in brackets. */
export function hostPort(host: string, port: number): string {
    return `${urlHost(host)}:${port}`;
}

function nodeRegistration(n: KubeadmNodeInput): Record<string, unknown> {
    const reg: Record<string, unknown> = { name: n.nodeName, criSocket: CRI_SOCKET };
    if (n.ignorePreflightErrors && n.ignorePreflightErrors.length > 0)
        reg.ignorePreflightErrors = [...n.ignorePreflightErrors];
    if (n.taints !== undefined) {
        reg.taints = n.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
    }
    return reg;
}

function localEndpoint(n: KubeadmNodeInput, port: number): Record<string, unknown> {
    return ipaddr.isValid(n.host) ? { advertiseAddress: n.host, bindPort: port } : { bindPort: port };
}

function clusterConfiguration(c: KubeadmClusterInput): Record<string, unknown> {
    return {
        apiVersion: KUBEADM_API,
        kind: "ClusterConfiguration",
        clusterName: c.clusterName,
        kubernetesVersion: c.kubernetesVersion,
        controlPlaneEndpoint: c.controlPlaneEndpoint,
        networking: { podSubnet: c.podSubnet, serviceSubnet: c.serviceSubnet, dnsDomain: c.dnsDomain },
        apiServer: { certSANs: [...new Set(c.certSans)] },
    };
}

/**
 * The cluster's KubeletConfiguration (kubeadm stores the init one in the kubelet-config ConfigMap
 * that every joining kubelet reads). `failCgroupV1: false` only when `hostSystem.allowCgroupV1`;
 * `evictionHard` only when `hostSystem.evictionHard` is given.
 */
function kubeletConfiguration(hostSystem?: HostSystemSpec): Record<string, unknown> {
    return {
        apiVersion: KUBELET_API,
        kind: "KubeletConfiguration",
        cgroupDriver: CGROUP_DRIVER,
        ...(hostSystem?.allowCgroupV1 ? { failCgroupV1: false } : {}),
        ...(hostSystem?.evictionHard ? { evictionHard: { ...hostSystem.evictionHard } } : {}),
    };
}

/**
 * kube-proxy's configuration, only where it differs from kubeadm's default: on system containers
 * (`hostSystem.systemContainer`) it leaves the machine-wide conntrack table size alone
 * (`conntrack.maxPerCore: 0`), which a container cannot set.
 */
function kubeProxyConfiguration(c: KubeadmClusterInput): Record<string, unknown>[] {
    if (c.kubeProxyReplacement || !c.hostSystem?.systemContainer) return [];
    return [{ apiVersion: KUBE_PROXY_API, kind: "KubeProxyConfiguration", conntrack: { maxPerCore: 0 } }];
}

const docs = (...d: Record<string, unknown>[]): string =>
    d.map((x) => stringify(x, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");

/** The first control-plane node's `kubeadm init --config`. */
export function renderInitConfig(
    c: KubeadmClusterInput,
    n: KubeadmNodeInput,
    apiPort: number,
    bootstrapToken: string,
    certificateKey: string,
): string {
    checkToken(bootstrapToken);
    checkCertificateKey(certificateKey);
    const init: Record<string, unknown> = {
        apiVersion: KUBEADM_API,
        kind: "InitConfiguration",
        bootstrapTokens: [bootstrapTokenEntry(bootstrapToken)],
        certificateKey,
        nodeRegistration: nodeRegistration(n),
        localAPIEndpoint: localEndpoint(n, apiPort),
    };
    if (c.kubeProxyReplacement) init.skipPhases = ["addon/kube-proxy"];
    return docs(init, clusterConfiguration(c), kubeletConfiguration(c.hostSystem), ...kubeProxyConfiguration(c));
}

/** `kubeadm join --config` for a control-plane node (with certificateKey) or a worker (without). */
export function renderJoinConfig(
    n: KubeadmNodeInput,
    apiServerEndpoint: string,
    bootstrapToken: string,
    caCertHash: string,
    controlPlane: { apiPort: number; certificateKey: string } | undefined,
): string {
    checkToken(bootstrapToken);
    if (!/^sha256:[0-9a-f]{64}$/.test(caCertHash)) {
        throw new Error(
            `node '${n.nodeName}': CA certificate hash '${caCertHash}' is ` +
                `not sha256:<64 hex> — the first control plane's kubeconfig did not carry its CA`,
        );
    }
    const join: Record<string, unknown> = {
        apiVersion: KUBEADM_API,
        kind: "JoinConfiguration",
        discovery: { bootstrapToken: { apiServerEndpoint, token: bootstrapToken, caCertHashes: [caCertHash] } },
        nodeRegistration: nodeRegistration(n),
    };
    if (controlPlane) {
        checkCertificateKey(controlPlane.certificateKey);
        join.controlPlane = {
            localAPIEndpoint: localEndpoint(n, controlPlane.apiPort),
            certificateKey: controlPlane.certificateKey,
        };
    }
    return docs(join, kubeletConfiguration());
}

/** The bootstrap token as the first control plane's init configuration lists it. */
function bootstrapTokenEntry(bootstrapToken: string): Record<string, unknown> {
    return {
        token: bootstrapToken,
        ttl: "2h0m0s",
        usages: ["signing", "authentication"],
        groups: ["system:bootstrappers:kubeadm:default-node-token"],
    };
}

/**
 * The configuration `kubeadm token create --config` and `kubeadm init phase upload-certs --config`
 * read on the first control plane before a node joins (kubeadm-prepare-join.sh): the bootstrap
 * token again (it expires after 2h) and, for a control-plane joiner, the certificate key. In a
 * file (0600 on the host) instead of kubeadm's argv, where `ps` shows it.
 */
export function renderJoinPreparationConfig(
    kubernetesVersion: string,
    bootstrapToken: string,
    certificateKey: string | undefined,
): string {
    checkToken(bootstrapToken);
    const init: Record<string, unknown> = {
        apiVersion: KUBEADM_API,
        kind: "InitConfiguration",
        bootstrapTokens: [bootstrapTokenEntry(bootstrapToken)],
        nodeRegistration: { criSocket: CRI_SOCKET },
    };
    if (certificateKey !== undefined) {
        checkCertificateKey(certificateKey);
        init.certificateKey = certificateKey;
    }
    return docs(init, { apiVersion: KUBEADM_API, kind: "ClusterConfiguration", kubernetesVersion });
}

/** `kubeadm upgrade apply|node --config` (skips the kube-proxy addon with Cilium kube-proxy replacement). */
export function renderUpgradeConfig(c: KubeadmClusterInput): string {
    const skip = c.kubeProxyReplacement ? ["addon/kube-proxy"] : [];
    return docs({
        apiVersion: KUBEADM_API,
        kind: "UpgradeConfiguration",
        apply: { kubernetesVersion: c.kubernetesVersion, ...(skip.length > 0 ? { skipPhases: skip } : {}) },
        node: skip.length > 0 ? { skipPhases: skip } : {},
    });
}

function checkToken(t: string): void {
    if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(t))
        throw new Error("the kubeadm bootstrap token must look like [a-z0-9]{6}.[a-z0-9]{16}");
}

function checkCertificateKey(k: string): void {
    if (!/^[0-9a-f]{64}$/.test(k)) throw new Error("the kubeadm certificate key must be 32 bytes as 64 hex characters");
}
