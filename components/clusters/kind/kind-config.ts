/**
 * The kind `kind.x-k8s.io/v1alpha4` Cluster config of a cluster (pure). kind has no published
 * JSON schema; the shape follows its Go types (pkg/apis/config/v1alpha4/types.go).
 */
import { stringify } from "yaml";
import * as ipaddr from "ipaddr.js";
import { VERSION_TABLE } from "../../version-table";
import { nodeArch } from "../local/arch";
import { localNodeLabels, runtimeNames } from "../local/node-labels";
import type { TaintArgs } from "../../core/taint";
import { KubeadmRole } from "../../distributions/kubeadm";
import { DEFAULT_CLUSTER_DOMAIN, Tier } from "../../spec/cluster";
import { SHIM_DIR_IN_NODE, SHIM_DIR_PLACEHOLDER, STATE_DIR_PLACEHOLDER } from "../local/paths";
import { CERTS_STATE_SUBDIR, KIND_CERTS_DIR_IN_NODE, hostsTomlFiles, kindRegistryPatch } from "../local/registries";
import { kindRuntimePatch, needsShims } from "../local/runtimes";
import type { KindClusterArgs, KindNodeArgs } from "./args";

export const KIND_API_VERSION = "kind.x-k8s.io/v1alpha4";

/** A bind mount into a node container. */
export interface KindMount {
    hostPath: string;
    containerPath: string;
    readOnly?: boolean;
}

/** A host port published from a node container. */
export interface KindPortMapping {
    containerPort: number;
    hostPort: number;
    listenAddress: string;
    protocol: string;
}

/** One node of the kind config. */
export interface KindNodeConfig {
    role: string;
    image: string;
    labels: Record<string, string>;
    extraMounts?: KindMount[];
    extraPortMappings?: KindPortMapping[];
    kubeadmConfigPatches?: string[];
}

/** The kind Cluster config. */
export interface KindConfig {
    kind: "Cluster";
    apiVersion: typeof KIND_API_VERSION;
    name: string;
    networking: {
        apiServerAddress: string;
        podSubnet: string;
        serviceSubnet: string;
        disableDefaultCNI?: boolean;
        kubeProxyMode?: string;
    };
    nodes: KindNodeConfig[];
    kubeadmConfigPatches?: string[];
    containerdConfigPatches?: string[];
}

const ROLES: readonly string[] = Object.values(KubeadmRole);

/**
 * Kubernetes node names kind gives the nodes, in order: `<c>-control-plane`, `<c>-control-plane2`,
 * `<c>-worker`, …
 */
export function kindNodeNames(clusterName: string, nodes: readonly Pick<KindNodeArgs, "role">[]): string[] {
    const count: Record<string, number> = {};
    return nodes.map((n) => {
        count[n.role] = (count[n.role] ?? 0) + 1;
        return `${clusterName}-${n.role}${count[n.role] > 1 ? count[n.role] : ""}`;
    });
}

/** Where the nodes reach the API server: the control plane's container, or kind's load balancer with several. */
export function kindApiHost(clusterName: string, nodes: readonly Pick<KindNodeArgs, "role">[]): string {
    const controlPlanes = nodes.filter((n) => n.role === KubeadmRole.ControlPlane).length;
    return controlPlanes > 1 ? `${clusterName}-external-load-balancer` : `${clusterName}-control-plane`;
}

/** The port the API server listens on inside the kind network. */
export const KIND_API_PORT = 6443;

function checkArgs(a: KindClusterArgs): void {
    const where = `kind cluster '${a.clusterName}'`;
    for (const n of a.nodes) {
        if (!ROLES.includes(n.role)) {
            throw new Error(
                `${where}: node '${n.name}' has role '${n.role}' — kind nodes are 'control-plane' or 'worker'`,
            );
        }
    }
    nodeArch(a.nodes, where);
    if (!a.nodes.some((n) => n.role === KubeadmRole.ControlPlane)) {
        throw new Error(`${where} has no control-plane node — give one node the role control-plane`);
    }
    if (a.kubeProxyReplacement && !a.ciliumCni) {
        throw new Error(
            `${where}: kube-proxy replacement needs Cilium as the CNI — ` +
                `set cilium on the cluster or drop kubeProxyReplacement`,
        );
    }
    const address = a.apiServerAddress ?? "127.0.0.1";
    if (!ipaddr.isValid(address)) {
        throw new Error(
            `${where}: kind publishes the API on an IP address, not '${address}' ` +
                `— set apiEndpoint.host to an IP (0.0.0.0 for every interface) or leave it unset`,
        );
    }
    for (const p of a.hostPorts ?? []) {
        if (!Number.isInteger(p) || p < 1 || p > 65535)
            throw new Error(`${where}: host port ${p} is not a port number (1–65535)`);
    }
}

function taintPatch(kind: string, taints: readonly TaintArgs[]): string {
    return stringify({
        kind,
        nodeRegistration: {
            taints: taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })),
        },
    });
}

/** Render the kind config of a cluster. Throws, naming the cluster and node, on what kind would refuse. */
export function renderKindConfig(a: KindClusterArgs): KindConfig {
    checkArgs(a);
    const image = a.image ?? VERSION_TABLE.images.kindNode;
    const mirrors = a.registryMirrors ?? {};
    const hasMirrors = Object.keys(mirrors).length > 0;
    if (hasMirrors) hostsTomlFiles(mirrors, a.clusterName); // validates the registry names early
    const bootstrap = a.nodes.findIndex((n) => n.role === KubeadmRole.ControlPlane);

    const nodes = a.nodes.map((n, i): KindNodeConfig => {
        const runtimes = runtimeNames(n.runtimes ?? [], `node '${n.name}'`);
        const node: KindNodeConfig = {
            role: n.role,
            image,
            labels: localNodeLabels({
                clusterName: a.clusterName,
                tier: a.tier ?? Tier.Cloud,
                clusterLabels: a.nodeLabels ?? {},
                specName: n.name,
                labels: n.labels ?? {},
                runtimes,
            }),
        };
        const mounts: KindMount[] = [];
        if (needsShims(runtimes))
            mounts.push({ hostPath: SHIM_DIR_PLACEHOLDER, containerPath: SHIM_DIR_IN_NODE, readOnly: true });
        if (hasMirrors)
            mounts.push({
                hostPath: `${STATE_DIR_PLACEHOLDER}/${CERTS_STATE_SUBDIR}`,
                containerPath: KIND_CERTS_DIR_IN_NODE,
                readOnly: true,
            });
        if (mounts.length > 0) node.extraMounts = mounts;
        if (i === bootstrap && (a.hostPorts ?? []).length > 0) {
            node.extraPortMappings = (a.hostPorts ?? []).map((p) => ({
                containerPort: p,
                hostPort: p,
                listenAddress: "0.0.0.0",
                protocol: "TCP",
            }));
        }
        if ((n.taints ?? []).length > 0) {
            node.kubeadmConfigPatches = [
                taintPatch(i === bootstrap ? "InitConfiguration" : "JoinConfiguration", n.taints ?? []),
            ];
        }
        return node;
    });

    const config: KindConfig = {
        kind: "Cluster",
        apiVersion: KIND_API_VERSION,
        name: a.clusterName,
        networking: {
            apiServerAddress: a.apiServerAddress ?? "127.0.0.1",
            podSubnet: a.podCidr,
            serviceSubnet: a.serviceCidr,
            ...(a.ciliumCni ? { disableDefaultCNI: true } : {}),
            ...(a.ciliumCni && a.kubeProxyReplacement ? { kubeProxyMode: "none" } : {}),
        },
        nodes,
    };
    const domain = a.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    if (domain !== DEFAULT_CLUSTER_DOMAIN) {
        // kubeadm derives the kubelets' clusterDomain from it
        config.kubeadmConfigPatches = [stringify({ kind: "ClusterConfiguration", networking: { dnsDomain: domain } })];
    }
    const patches: string[] = [];
    if (hasMirrors) patches.push(kindRegistryPatch());
    const runtimePatch = kindRuntimePatch(
        runtimeNames(
            a.nodes.flatMap((n) => n.runtimes ?? []),
            `kind cluster '${a.clusterName}'`,
        ),
    );
    if (runtimePatch) patches.push(runtimePatch);
    if (patches.length > 0) config.containerdConfigPatches = patches;
    return config;
}

/** The config as the YAML file kind reads. */
export function kindConfigYaml(config: KindConfig): string {
    return stringify(config, { lineWidth: 0 });
}

/** Files written under the cluster's state directory next to the config (registry hosts.toml). */
export function kindStateFiles(a: KindClusterArgs): Record<string, string> {
    return hostsTomlFiles(a.registryMirrors ?? {}, a.clusterName);
}
