/**
 * K3s configuration rendered from the spec: pure functions, no Pulumi.
 * `/etc/rancher/k3s/config.yaml` (the CLI flags as YAML keys) and `registries.yaml`.
 * The join token is never in these files: it goes to a 0600 token file (`token-file:`).
 */
import { stringify } from "yaml";
import type { ClusterSpec } from "../../spec/cluster";
import type { ClusterNodeSpec, Taint } from "../../spec/node";
import { taintString } from "../../core/taint";
import { K3sRole } from "../../distributions/k3s";
import type { SshClusterPlan } from "../ssh/ssh-topology";

/** Where K3s reads its config, token and registry mirrors. */
export const K3S_PATHS = {
    config: "/etc/rancher/k3s/config.yaml",
    token: "/etc/rancher/k3s/continuum-token",
    registries: "/etc/rancher/k3s/registries.yaml",
} as const;

/** What one node's config.yaml is rendered from. */
export interface K3sNodeConfigInput {
    /** `server` or `agent`. */
    role: K3sRole;
    /** Kubernetes node name. */
    nodeName: string;
    /** First server of an HA cluster: start embedded etcd (`cluster-init`). */
    clusterInit: boolean;
    /** Supervisor URL to join (every node but the first server). */
    serverUrl?: string;
    /** Cluster-wide settings (servers only; agents inherit them). */
    podCidr: string;
    serviceCidr: string;
    clusterDomain: string;
    /** API server certificate SANs (servers only). */
    tlsSans: string[];
    /** Registration taints. */
    taints: Taint[];
    /** Cilium is the CNI (flannel and the network-policy controller off). */
    cilium: boolean;
    /** Cilium replaces kube-proxy. */
    kubeProxyReplacement: boolean;
}

/** The config.yaml of one K3s node. Keys are sorted so the text is stable. */
export function renderK3sConfig(input: K3sNodeConfigInput): string {
    const server = input.role === K3sRole.Server;
    if (!server && input.role !== K3sRole.Agent) {
        throw new Error(`K3s role '${input.role}' is not server or agent`);
    }
    if (!server && !input.serverUrl) {
        throw new Error(`K3s agent '${input.nodeName}' needs the server URL to join`);
    }
    if (input.clusterInit && input.serverUrl) {
        throw new Error(
            `K3s server '${input.nodeName}' cannot both start the cluster (cluster-init) and join ${input.serverUrl}`,
        );
    }
    const cfg: Record<string, unknown> = {
        "node-name": input.nodeName,
        "token-file": K3S_PATHS.token,
    };
    if (input.serverUrl) cfg.server = input.serverUrl;
    if (input.taints.length > 0)
        cfg["node-taint"] = input.taints.map((t) => taintString(t, `K3s node '${input.nodeName}'`));
    if (server) {
        if (input.clusterInit) cfg["cluster-init"] = true;
        cfg["cluster-cidr"] = input.podCidr;
        cfg["service-cidr"] = input.serviceCidr;
        cfg["cluster-domain"] = input.clusterDomain;
        cfg["tls-san"] = [...new Set(input.tlsSans)];
        cfg["write-kubeconfig-mode"] = "0600";
        if (input.cilium) {
            cfg["flannel-backend"] = "none";
            cfg["disable-network-policy"] = true;
            if (input.kubeProxyReplacement) cfg["disable-kube-proxy"] = true;
        }
    }
    const sorted = Object.fromEntries(
        Object.keys(cfg)
            .sort()
            .map((k) => [k, cfg[k]]),
    );
    return stringify(sorted, { lineWidth: 0 });
}

/** K3s `registries.yaml` from the spec's registry mirrors; empty string when there are none. */
/**
 * The config of one node of an SSH K3s cluster, from the spec and the cluster's plan: the first
 * server initialises the cluster (embedded etcd when there are several servers), the other
 * servers join the first, agents join through the API endpoint.
 */
export function k3sNodeConfig(cluster: ClusterSpec, plan: SshClusterPlan, node: ClusterNodeSpec): string {
    const server = node.roles.includes(K3sRole.Server);
    return renderK3sConfig({
        role: server ? K3sRole.Server : K3sRole.Agent,
        nodeName: node.name,
        clusterInit: server && plan.controls.length > 1 && node === plan.first,
        serverUrl: node === plan.first ? undefined : server ? plan.firstUrl : plan.apiEndpoint,
        podCidr: cluster.network.podCidr,
        serviceCidr: cluster.network.serviceCidr,
        clusterDomain: cluster.network.clusterDomain,
        tlsSans: plan.tlsSans,
        taints: node.taints,
        cilium: cluster.cilium !== undefined,
        kubeProxyReplacement: cluster.cilium?.kubeProxyReplacement ?? false,
    });
}

export function renderK3sRegistries(mirrors: Record<string, string[]>): string {
    const names = Object.keys(mirrors).sort();
    if (names.length === 0) return "";
    for (const name of names) {
        if (mirrors[name].length === 0) {
            throw new Error(`registry mirror '${name}' lists no endpoint — add at least one URL or remove the entry`);
        }
    }
    const doc = { mirrors: Object.fromEntries(names.map((n) => [n, { endpoint: [...mirrors[n]] }])) };
    return stringify(doc, { lineWidth: 0 });
}
