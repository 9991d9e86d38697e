/**
 * The k3d `k3d.io/v1alpha5` Simple config of a cluster (pure). Tests validate it against k3d's
 * published JSON schema (pkg/config/v1alpha5/schema.json: draft-07, unknown keys rejected).
 */
import { stringify } from "yaml";
import * as ipaddr from "ipaddr.js";
import { VERSION_TABLE } from "../../version-table";
import { K3S_TEMPLATE_PATH } from "../../runtimes/containerd-config";
import { nodeArch } from "../local/arch";
import { localNodeLabels, runtimeNames } from "../local/node-labels";
import { taintString } from "../../core/taint";
import { K3S, K3sRole } from "../../distributions/k3s";
import { DEFAULT_CLUSTER_DOMAIN, Tier } from "../../spec/cluster";
import { SHIM_DIR_IN_NODE, SHIM_DIR_PLACEHOLDER } from "../local/paths";
import { k3sRegistriesYaml } from "../local/registries";
import { k3dRuntimeTemplate, needsShims } from "../local/runtimes";
import type { K3dClusterArgs } from "./args";

export const K3D_API_VERSION = "k3d.io/v1alpha5";

/** The k3d Simple config (the subset continuum writes). */
export interface K3dConfig {
    apiVersion: typeof K3D_API_VERSION;
    kind: "Simple";
    metadata: { name: string };
    servers: number;
    agents: number;
    image: string;
    network: string;
    kubeAPI: { hostIP?: string; host?: string };
    volumes?: { volume: string; nodeFilters: string[] }[];
    files?: { description: string; source: string; destination: string; nodeFilters: string[] }[];
    registries?: { config: string };
    options: {
        k3d: { wait: boolean; timeout: string };
        k3s: {
            extraArgs: { arg: string; nodeFilters: string[] }[];
            nodeLabels?: { label: string; nodeFilters: string[] }[];
        };
        kubeconfig: { updateDefaultKubeconfig: boolean; switchCurrentContext: boolean };
    };
}

const ROLES: readonly string[] = Object.values(K3sRole);

/** k3d node filter of each node, in order: `server:0`, `server:1`, `agent:0`, … */
export function k3dNodeFilters(nodes: readonly { role: string }[]): string[] {
    const count: Record<string, number> = {};
    return nodes.map((n) => {
        const i = count[n.role] ?? 0;
        count[n.role] = i + 1;
        return `${n.role}:${i}`;
    });
}

/**
 * Kubernetes node names k3d gives the nodes (the containers' host names): `k3d-<c>-server-0`,
 * `k3d-<c>-agent-0`, …
 */
export function k3dNodeNames(clusterName: string, nodes: readonly { role: string }[]): string[] {
    return k3dNodeFilters(nodes).map((f) => `k3d-${clusterName}-${f.replace(":", "-")}`);
}

/** Every K3s on k3d nodes reaches its API on 127.0.0.1:6444 (servers: the apiserver; agents: K3s's load balancer). */
export const K3S_LOCAL_API = K3S.nodeLocalApi;

/** Group values by text, collecting the filters of every node that has them (stable order). */
function grouped<T extends string>(pairs: [T, string][]): [T, string[]][] {
    const out = new Map<T, string[]>();
    for (const [value, filter] of pairs) out.set(value, [...(out.get(value) ?? []), filter]);
    return [...out];
}

function checkArgs(a: K3dClusterArgs): void {
    const where = `k3d cluster '${a.clusterName}'`;
    for (const n of a.nodes) {
        if (!ROLES.includes(n.role))
            throw new Error(`${where}: node '${n.name}' has role '${n.role}' — k3d nodes are 'server' or 'agent'`);
    }
    if (!a.nodes.some((n) => n.role === K3sRole.Server))
        throw new Error(`${where} has no server node — give one node the role server`);
    if (a.kubeProxyReplacement && !a.ciliumCni) {
        throw new Error(
            `${where}: kube-proxy replacement needs Cilium as the CNI — ` +
                `set cilium on the cluster or drop kubeProxyReplacement`,
        );
    }
    nodeArch(a.nodes, where);
}

function kubeApi(host: string | undefined): { hostIP?: string; host?: string } {
    const h = host ?? "127.0.0.1";
    return ipaddr.IPv4.isValidFourPartDecimal(h) ? { hostIP: h } : { host: h };
}

/** Render the k3d config of a cluster. Throws, naming the cluster and node, on what k3d or K3s would refuse. */
export function renderK3dConfig(a: K3dClusterArgs, dockerNetwork: string): K3dConfig {
    checkArgs(a);
    const filters = k3dNodeFilters(a.nodes);
    const servers = a.nodes.filter((n) => n.role === K3sRole.Server).length;
    const agents = a.nodes.length - servers;
    const runtimes = a.nodes.map((n) => runtimeNames(n.runtimes ?? [], `node '${n.name}'`));

    const serverArgs = [
        `--cluster-cidr=${a.podCidr}`,
        `--service-cidr=${a.serviceCidr}`,
        `--cluster-domain=${a.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN}`,
        ...(a.ciliumCni ? ["--flannel-backend=none", "--disable-network-policy"] : []),
        ...(a.ciliumCni && a.kubeProxyReplacement ? ["--disable-kube-proxy"] : []),
    ];
    const taints = grouped(
        a.nodes.flatMap((n, i) =>
            (n.taints ?? []).map((t): [string, string] => [
                `--node-taint=${taintString(t, `node '${n.name}'`)}`,
                filters[i],
            ]),
        ),
    );
    const labels = grouped(
        a.nodes.flatMap((n, i) =>
            Object.entries(
                localNodeLabels({
                    clusterName: a.clusterName,
                    tier: a.tier ?? Tier.Edge,
                    clusterLabels: a.nodeLabels ?? {},
                    specName: n.name,
                    labels: n.labels ?? {},
                    runtimes: runtimes[i],
                }),
            ).map(([k, v]): [string, string] => [`${k}=${v}`, filters[i]]),
        ),
    );

    const config: K3dConfig = {
        apiVersion: K3D_API_VERSION,
        kind: "Simple",
        metadata: { name: a.clusterName },
        servers,
        agents,
        image: a.image ?? VERSION_TABLE.images.k3s,
        network: dockerNetwork,
        kubeAPI: kubeApi(a.apiHost),
        options: {
            k3d: { wait: true, timeout: "300s" },
            k3s: {
                extraArgs: [
                    ...serverArgs.map((arg) => ({ arg, nodeFilters: ["server:*"] })),
                    ...taints.map(([arg, nodeFilters]) => ({ arg, nodeFilters })),
                ],
                ...(labels.length > 0
                    ? { nodeLabels: labels.map(([label, nodeFilters]) => ({ label, nodeFilters })) }
                    : {}),
            },
            kubeconfig: { updateDefaultKubeconfig: false, switchCurrentContext: false },
        },
    };
    const shimNodes = filters.filter((_, i) => needsShims(runtimes[i]));
    if (shimNodes.length > 0)
        config.volumes = [{ volume: `${SHIM_DIR_PLACEHOLDER}:${SHIM_DIR_IN_NODE}:ro`, nodeFilters: shimNodes }];
    const templates = grouped(
        filters.flatMap((f, i): [string, string][] => {
            const t = k3dRuntimeTemplate(runtimes[i]);
            return t ? [[t, f]] : [];
        }),
    );
    if (templates.length > 0) {
        config.files = templates.map(([source, nodeFilters]) => ({
            description: "containerd runtimes from the mounted shim directory (continuum)",
            source,
            destination: K3S_TEMPLATE_PATH.v3,
            nodeFilters,
        }));
    }
    if (Object.keys(a.registryMirrors ?? {}).length > 0) {
        config.registries = { config: k3sRegistriesYaml(a.registryMirrors ?? {}, a.clusterName) };
    }
    return config;
}

/** The config as the YAML file k3d reads. */
export function k3dConfigYaml(config: K3dConfig): string {
    return stringify(config, { lineWidth: 0 });
}
