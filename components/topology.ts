import type { ContinuumSpec } from "./spec/continuum-spec";

/** One cluster in the topology. */
export interface TopologyCluster {
    name: string;
    tier: string;
    substrate: string;
    /** Mesh peers this cluster connects to (ClusterMesh is full-mesh). */
    meshPeers: string[];
    /** KubeEdge edge nodes attached to this (cloud) cluster. */
    edgeNodes: string[];
}

/** Which cluster sees which: mesh peers and KubeEdge attachments. */
export interface Topology {
    clusters: TopologyCluster[];
}

/** The topology implied by a spec (pure). */
export function topologyOf(spec: ContinuumSpec): Topology {
    const meshed = spec.clusters.filter((c) => c.mesh).map((c) => c.name);
    return {
        clusters: spec.clusters.map((c) => ({
            name: c.name,
            tier: c.tier,
            substrate: c.substrate,
            meshPeers: c.mesh ? meshed.filter((m) => m !== c.name) : [],
            edgeNodes: spec.kubeedge?.cloudCluster === c.name ? spec.kubeedge.nodes.map((n) => n.name) : [],
        })),
    };
}

/** Mermaid diagram of a topology. */
export function topologyMermaid(t: Topology): string {
    const lines = ["graph LR"];
    for (const c of t.clusters) lines.push(`  ${id(c.name)}["${c.name} (${c.tier}, ${c.substrate})"]`);
    const done = new Set<string>();
    for (const c of t.clusters) {
        for (const p of c.meshPeers) {
            const key = [c.name, p].sort().join("|");
            if (done.has(key)) continue;
            done.add(key);
            lines.push(`  ${id(c.name)} <-- ClusterMesh --> ${id(p)}`);
        }
        for (const e of c.edgeNodes) lines.push(`  ${id(c.name)} -- KubeEdge --> ${id(e)}(["${e}"])`);
    }
    return lines.join("\n");
}

const id = (name: string): string => name.replace(/[^A-Za-z0-9]/g, "_");
