import type * as pulumi from "@pulumi/pulumi";
import { CLUSTER_LABEL, TIER_LABEL, type Cluster } from "../clusters/cluster";
import { hostConnection } from "../hosts/connection";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import { checkEdgeSubnet, EDGE_POD_SUBNET } from "../edge/edge-node-config";
import { KubeEdge, type KubeEdgeArgs } from "../edge/kubeedge";
import { tableFor } from "../artifact-pins";

/**
 * The edge step: spec → `KubeEdge` args. Edge nodes join over SSH unless the cloud cluster is
 * simulated (the sim substrate provides them; only the KubeEdge objects are rendered then).
 * `after`: what CloudCore waits for (the cloud cluster's Cilium).
 */
export function kubeEdgeFromSpec(
    spec: ContinuumSpec,
    clusters: Record<string, Cluster>,
    parent: pulumi.Resource,
    after: pulumi.Resource[] = [],
): KubeEdge | undefined {
    const ke = spec.kubeedge;
    if (!ke) return undefined;
    const cloud = clusters[ke.cloudCluster];
    const cloudSpec = spec.clusters.find((c) => c.name === ke.cloudCluster);
    if (!cloud || !cloudSpec) {
        throw new Error(
            `kubeedge.cloudCluster: no cluster is named '${ke.cloudCluster}' ` +
                `— name the cloud cluster that hosts CloudCore`,
        );
    }
    const overSsh = cloud.substrate !== "sim";
    if (overSsh && ke.nodes.length > 0) {
        const taken = spec.clusters.flatMap((c) => [
            { what: `cluster '${c.name}' podCidr`, cidr: c.network.podCidr },
            { what: `cluster '${c.name}' serviceCidr`, cidr: c.network.serviceCidr },
        ]);
        const problems = checkEdgeSubnet(EDGE_POD_SUBNET, taken);
        if (problems.length > 0) throw new Error(problems.join("\n"));
    }
    return new KubeEdge(
        "kubeedge",
        { ...kubeEdgeArgsFromSpec(spec, cloudSpec), cloudCluster: cloud, after },
        { parent },
    );
}

/**
 * `KubeEdge`'s args from the spec, but for the cloud cluster's handle and what CloudCore waits for:
 * the edge nodes (labels with the tier and cluster labels, `hostConnection(spec.ssh, node)` when they
 * join over SSH), ports, charts, the stack's table (`tableFor(spec)`) and `airgap.artifactDir`.
 */
export function kubeEdgeArgsFromSpec(
    spec: ContinuumSpec,
    cloudSpec: ClusterSpec,
): Omit<KubeEdgeArgs, "cloudCluster" | "after"> {
    const ke = spec.kubeedge;
    if (!ke) throw new Error("the spec has no kubeedge block — add kubeedge: to describe the edge nodes");
    const overSsh = cloudSpec.substrate !== "sim";
    return {
        advertiseAddress: ke.advertiseAddress,
        serviceType: ke.serviceType,
        cloudHubPort: ke.ports.cloudHub,
        certsPort: ke.ports.certs,
        streamPort: ke.ports.stream,
        tunnelPort: ke.ports.tunnel,
        edgeMesh: ke.edgeMesh,
        joinOverSsh: overSsh,
        nodes: ke.nodes.map((n) => ({
            name: n.name,
            arch: n.arch,
            labels: { ...n.labels, [TIER_LABEL]: "edge", [CLUSTER_LABEL]: cloudSpec.name },
            connection: overSsh ? hostConnection(spec.ssh, n) : undefined,
            runtimes: [...n.runtimes],
            capabilities: [...n.capabilities],
        })),
        deviceModels: ke.deviceModels,
        devices: ke.devices,
        fleet: ke.fleet,
        cloudCiliumManaged: cloudSpec.cilium !== undefined,
        cloudKubeProxyReplacement: cloudSpec.cilium?.kubeProxyReplacement ?? false,
        version: spec.versions.kubeedge,
        chartPath: spec.airgap.charts.cloudcore,
        edgeMeshChartPath: spec.airgap.charts.edgemesh,
        artifactDir: spec.airgap.artifactDir,
        table: tableFor(spec),
        airgapImages: spec.airgap.images,
        systemContainer: ke.hostSystem.systemContainer,
        evictionHard: ke.hostSystem.evictionHard,
    };
}
