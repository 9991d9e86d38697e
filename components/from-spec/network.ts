import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../clusters/cluster";
import type { ContinuumSpec } from "../spec/continuum-spec";
import { Cilium } from "../network/cilium";
import { ClusterMesh, type MeshTopologyEntry } from "../network/cluster-mesh";

/** What the network step declared. */
export interface NetworkAddOns {
    /** The mesh, when at least one cluster is meshed. */
    mesh?: ClusterMesh;
    /** Cilium per cluster that runs it (meshed or not), by cluster name. */
    cilium: Record<string, Cilium>;
    /** Who sees whom in the mesh (empty without one). */
    meshTopology: MeshTopologyEntry[];
}

/**
 * The network step: spec → component args. Meshed clusters get their Cilium from the
 * ClusterMesh (one CA, every peer listed); the other Cilium clusters get a standalone Cilium.
 */
export function networkFromSpec(
    spec: ContinuumSpec,
    clusters: Record<string, Cluster>,
    parent: pulumi.Resource,
): NetworkAddOns {
    const handle = (name: string): Cluster => {
        const c = clusters[name];
        if (!c) throw new Error(`cluster '${name}' has no handle — the clusters step did not build it`);
        return c;
    };
    const chartPath = spec.airgap.charts.cilium;
    const version = spec.versions.cilium;
    const meshed = spec.clusters.filter((c) => c.mesh && c.cilium);
    const out: NetworkAddOns = { cilium: {}, meshTopology: [] };
    if (meshed.length > 0) {
        out.mesh = new ClusterMesh(
            "mesh",
            {
                maxConnectedClusters: spec.mesh.maxConnectedClusters,
                caRotation: spec.mesh.caRotation,
                version,
                members: meshed.map((c) => ({
                    cluster: handle(c.name),
                    id: c.mesh!.id,
                    serviceType: c.mesh!.serviceType,
                    nodePort: c.mesh!.nodePort,
                    kubeProxyReplacement: c.cilium!.kubeProxyReplacement,
                    routingMode: c.cilium!.routingMode,
                    chartPath,
                })),
            },
            { parent },
        );
        Object.assign(out.cilium, out.mesh.members);
        out.meshTopology = out.mesh.topology;
    }
    for (const c of spec.clusters) {
        if (!c.cilium || c.mesh) continue;
        out.cilium[c.name] = new Cilium(
            `cilium-${c.name}`,
            {
                cluster: handle(c.name),
                kubeProxyReplacement: c.cilium.kubeProxyReplacement,
                routingMode: c.cilium.routingMode,
                version,
                chartPath,
            },
            { parent },
        );
    }
    return out;
}
