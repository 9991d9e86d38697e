/**
 * Cilium Helm values derived from the spec — pure functions, no Pulumi.
 * Every value that would collide across clusters when left at the chart default
 * (cluster name/id, the IPAM pool, the clustermesh NodePort, the CA) is set explicitly.
 * Keys follow the pinned chart (install/kubernetes/cilium/values.yaml at charts.cilium).
 */
import { cidrFamily } from "../core/cidr";
import { distribution, type Distribution } from "../distributions/distribution";

/** The label KubeEdge puts on its edge nodes; cloud DaemonSets stay off them. */
export const EDGE_ROLE_LABEL = "node-role.kubernetes.io/edge";

/** A mesh peer as `clustermesh.config.clusters` lists it. */
export interface MeshPeerEntry {
    /** The peer's `cluster.name`. */
    name: string;
    /** Port of the peer's clustermesh-apiserver (its NodePort, or 2379 behind a LoadBalancer). */
    port: number;
    /** IPs the peer's clustermesh-apiserver answers on (the agent maps `<name>.mesh.cilium.io` to them). */
    ips?: string[];
    /** DNS name of the peer's clustermesh-apiserver (when its nodes are reached by name). */
    address?: string;
}

/** ClusterMesh membership of one cluster. */
export interface MeshValuesInput {
    /** How clustermesh-apiserver is exposed. */
    serviceType: "NodePort" | "LoadBalancer";
    /** Its NodePort (distinct per cluster). */
    nodePort: number;
    /** Identical on every member. */
    maxConnectedClusters: number;
    /** Every other member. */
    peers: MeshPeerEntry[];
    /** DNS names peers use for this cluster's clustermesh-apiserver (added to its server certificate). */
    serverDnsNames: string[];
    /** IPs peers use for it (added to its server certificate). */
    serverIps: string[];
}

/** What the values depend on. */
export interface CiliumValuesInput {
    /** Cluster name (Cilium `cluster.name`). */
    clusterName: string;
    /** Cilium `cluster.id`: the mesh id, 0 when not meshed. */
    clusterId: number;
    /** The cluster's pod CIDR: Cilium's cluster-pool IPAM hands out addresses from it only. */
    podCidr: string;
    /** kubeadm | k3s | existing: where `k8sServiceHost` points under kube-proxy replacement. */
    distribution: Distribution;
    /** API host as nodes reach it. */
    apiHost: string;
    /** API port as nodes reach it. */
    apiPort: number;
    /** Replace kube-proxy (`kubeProxyReplacement: true`, never the legacy `strict`). */
    kubeProxyReplacement: boolean;
    /** tunnel | native. */
    routingMode: "tunnel" | "native";
    /** Native routing: the range not masqueraded (this cluster's and its peers' pod CIDRs). */
    nativeRoutingCidr?: string;
    /** The cluster has Kata nodes: socket LB only in the host namespace. */
    hasKataNodes: boolean;
    /** Mesh membership. */
    mesh?: MeshValuesInput;
}

/** Where the agent reaches the API server without kube-proxy. */
export function k8sServiceEndpoint(
    d: Distribution,
    apiHost: string,
    apiPort: number,
    clusterName: string,
): { host: string; port: number } {
    // K3s runs a client-side load balancer for the API on every node (127.0.0.1:6444).
    const local = distribution(d).nodeLocalApi;
    if (local) return { ...local };
    if (!apiHost) {
        throw new Error(
            `cluster '${clusterName}': kube-proxy replacement needs the ` +
                `API host nodes reach — set clusters[].apiEndpoint.host`,
        );
    }
    return { host: apiHost, port: apiPort };
}

/** A required node affinity that keeps a workload off KubeEdge edge nodes (plus extra match expressions). */
export function offEdgeNodeAffinity(extra: Record<string, unknown>[] = []): Record<string, unknown> {
    return {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: EDGE_ROLE_LABEL, operator: "DoesNotExist" }, ...extra] }],
        },
    };
}

/** Per-node mask Cilium's cluster-pool IPAM carves from the pool. */
function nodeMaskSize(podCidr: string, family: "ipv4" | "ipv6", clusterName: string): number {
    const prefix = Number(podCidr.split("/")[1]);
    const mask = family === "ipv4" ? 24 : 120;
    if (prefix >= mask) {
        throw new Error(
            `cluster '${clusterName}': pod CIDR ${podCidr} is too small ` +
                `for Cilium's cluster-pool IPAM, which gives each node a /${mask} — use a ` +
                `/${mask - 4} or wider range`,
        );
    }
    return mask;
}

/** The Cilium chart values of one cluster (without the mesh CA: see `withMeshCa`). */
export function ciliumValues(input: CiliumValuesInput): Record<string, unknown> {
    const family = cidrFamily(input.podCidr, `cluster '${input.clusterName}' podCidr`);
    const v4 = family === "ipv4";
    const values: Record<string, unknown> = {
        cluster: { name: input.clusterName, id: input.clusterId },
        ipam: {
            mode: "cluster-pool",
            operator: v4
                ? {
                      clusterPoolIPv4PodCIDRList: [input.podCidr],
                      clusterPoolIPv4MaskSize: nodeMaskSize(input.podCidr, family, input.clusterName),
                  }
                : {
                      clusterPoolIPv6PodCIDRList: [input.podCidr],
                      clusterPoolIPv6MaskSize: nodeMaskSize(input.podCidr, family, input.clusterName),
                  },
        },
        ipv4: { enabled: v4 },
        ipv6: { enabled: !v4 },
        kubeProxyReplacement: input.kubeProxyReplacement,
        routingMode: input.routingMode,
        // Agent, Envoy, operator: never on KubeEdge edge nodes (they have no kubelet networking of ours).
        affinity: { nodeAffinity: offEdgeNodeAffinity() },
        envoy: {
            affinity: {
                nodeAffinity: offEdgeNodeAffinity([
                    { key: "cilium.io/no-schedule", operator: "NotIn", values: ["true"] },
                ]),
            },
        },
        operator: { affinity: { nodeAffinity: offEdgeNodeAffinity() } },
    };
    if (input.kubeProxyReplacement) {
        const ep = k8sServiceEndpoint(input.distribution, input.apiHost, input.apiPort, input.clusterName);
        values.k8sServiceHost = ep.host;
        values.k8sServicePort = ep.port;
    }
    if (input.routingMode === "tunnel") {
        values.tunnelProtocol = "vxlan";
    } else {
        values.autoDirectNodeRoutes = true;
        values[v4 ? "ipv4NativeRoutingCIDR" : "ipv6NativeRoutingCIDR"] = input.nativeRoutingCidr ?? input.podCidr;
    }
    if (input.hasKataNodes) {
        // Kata guests cannot use socket-level load balancing from inside the VM.
        values.socketLB = { hostNamespaceOnly: true };
    }
    if (input.mesh) values.clustermesh = clustermeshValues(input.mesh);
    return values;
}

function clustermeshValues(mesh: MeshValuesInput): Record<string, unknown> {
    const service: Record<string, unknown> = { type: mesh.serviceType };
    if (mesh.serviceType === "NodePort") service.nodePort = mesh.nodePort;
    return {
        useAPIServer: true,
        maxConnectedClusters: mesh.maxConnectedClusters,
        config: {
            enabled: true,
            clusters: mesh.peers.map((p) => ({ ...p })),
        },
        apiserver: {
            service,
            affinity: { nodeAffinity: offEdgeNodeAffinity() },
            tls: { server: { extraDnsNames: [...mesh.serverDnsNames], extraIpAddresses: [...mesh.serverIps] } },
        },
    };
}

/**
 * Add the mesh CA (`tls.ca.cert`/`tls.ca.key`, base64 of the PEM as the chart expects).
 * Generic over the value type so the component can pass secret Outputs.
 */
export function withMeshCa<T>(values: Record<string, unknown>, caCertB64: T, caKeyB64: T): Record<string, unknown> {
    return { ...values, tls: { ca: { cert: caCertB64, key: caKeyB64 } } };
}
