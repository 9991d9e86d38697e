// The picture of a continuum as plain data: built once from a parsed spec, drawn by the Mermaid
// and the DOT renderers. Ids are ours (c0, c0p1, e2, …), never user input; names only appear in
// labels, which each renderer escapes for its own syntax.
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { ClusterNodeSpec, EdgeNodeSpec } from "../spec/node";

/** Options of {@link diagramModel}. */
export interface DiagramOptions {
    /**
     * A node pool (nodes of one cluster with the same roles and runtimes) with more nodes than
     * this is drawn as one box with a count instead of one box per node.
     * @default 6
     */
    collapseAbove?: number;
}

/** Nodes of one cluster (or of KubeEdge) with the same roles and runtimes. */
export interface DiagramPool {
    /** Graph id of the pool's box (collapsed) or prefix of its node boxes. */
    id: string;
    /** Roles, sorted; empty for KubeEdge edge nodes. */
    roles: string[];
    /** Runtimes beyond runc, sorted. */
    runtimes: string[];
    /** Number of nodes. */
    count: number;
    /** Node names when the pool is drawn node by node; empty when collapsed to a count. */
    nodes: string[];
}

/** KubeEdge devices drawn as one box: one device, or several on one edge-node box collapsed to a count. */
export interface DiagramDeviceBox {
    /** Graph id. */
    id: string;
    /** Graph id of the edge node's box (or of the collapsed pool holding the node). */
    attachedTo: string;
    /** Number of devices in the box. */
    count: number;
    /** Device names when the devices are drawn one per box (then exactly one); empty when collapsed. */
    names: string[];
    /** DeviceModel names, distinct, in first-seen order. */
    models: string[];
}

/** One cluster. */
export interface DiagramCluster {
    /** Graph id of the cluster's header box (its subgraph is `<id>_g`). */
    id: string;
    name: string;
    tier: string;
    distribution: string;
    substrate: string;
    /** Node count per role, roles in first-seen order. */
    roleCounts: [string, number][];
    /** Node pools, in first-seen order. */
    pools: DiagramPool[];
    /** Cilium ClusterMesh id, when meshed. */
    meshId?: number;
    /** Akri discovery handlers enabled (udev, onvif, opcua); empty without Akri. */
    akriHandlers: string[];
    /** Akri Configuration names. */
    akriConfigurations: string[];
}

/** The whole picture. */
export interface DiagramModel {
    clusters: DiagramCluster[];
    /** ClusterMesh links between cluster ids, each pair once. */
    meshLinks: [string, string][];
    /** KubeEdge, when the spec has it. */
    kubeedge?: {
        /** Graph id of the cloud cluster hosting CloudCore. */
        cloudCluster: string;
        edgeMesh: boolean;
        pools: DiagramPool[];
        devices: DiagramDeviceBox[];
    };
}

/** Graph id of the i-th node box of a pool drawn node by node. */
export const poolNodeId = (pool: DiagramPool, i: number): string => `${pool.id}n${i}`;

/** Graph ids of a pool's boxes: one per node, or one for the whole pool. */
export const poolBoxIds = (pool: DiagramPool): string[] =>
    pool.nodes.length > 0 ? pool.nodes.map((_, i) => poolNodeId(pool, i)) : [pool.id];

type AnyNode = ClusterNodeSpec | EdgeNodeSpec;

function poolsOf(
    nodes: AnyNode[],
    prefix: string,
    collapseAbove: number,
): { pools: DiagramPool[]; boxOf: Map<string, string> } {
    const byKey = new Map<string, { roles: string[]; runtimes: string[]; names: string[] }>();
    for (const n of nodes) {
        const roles = "roles" in n ? [...n.roles].sort() : [];
        const runtimes = [...new Set(n.runtimes)].sort();
        const key = `${roles.join(",")}|${runtimes.join(",")}`;
        const entry = byKey.get(key) ?? { roles, runtimes, names: [] };
        entry.names.push(n.name);
        byKey.set(key, entry);
    }
    const pools: DiagramPool[] = [];
    const boxOf = new Map<string, string>();
    [...byKey.values()].forEach((p, i) => {
        const pool: DiagramPool = {
            id: `${prefix}p${i}`,
            roles: p.roles,
            runtimes: p.runtimes,
            count: p.names.length,
            nodes: p.names.length > collapseAbove ? [] : p.names,
        };
        pools.push(pool);
        p.names.forEach((name, j) => boxOf.set(name, pool.nodes.length > 0 ? poolNodeId(pool, j) : pool.id));
    });
    return { pools, boxOf };
}

function roleCounts(c: ClusterSpec): [string, number][] {
    const counts = new Map<string, number>();
    for (const n of c.nodes) for (const r of n.roles) counts.set(r, (counts.get(r) ?? 0) + 1);
    return [...counts];
}

/** The diagram of a valid spec (pure). */
export function diagramModel(spec: ContinuumSpec, options: DiagramOptions = {}): DiagramModel {
    const collapseAbove = options.collapseAbove ?? 6;
    const idOf = new Map<string, string>();
    const clusters = spec.clusters.map((c, i): DiagramCluster => {
        const id = `c${i}`;
        idOf.set(c.name, id);
        return {
            id,
            name: c.name,
            tier: c.tier,
            distribution: c.distribution,
            substrate: c.substrate,
            roleCounts: roleCounts(c),
            pools: poolsOf(c.nodes, id, collapseAbove).pools,
            meshId: c.mesh?.id,
            akriHandlers: c.akri ? (["udev", "onvif", "opcua"] as const).filter((h) => c.akri?.[h]) : [],
            akriConfigurations: c.akri?.configurations.map((k) => k.name) ?? [],
        };
    });
    const meshed = clusters.filter((c) => c.meshId !== undefined);
    const meshLinks = meshed.flatMap((a, i) => meshed.slice(i + 1).map((b): [string, string] => [a.id, b.id]));
    const model: DiagramModel = { clusters, meshLinks };
    const ke = spec.kubeedge;
    const cloud = ke ? idOf.get(ke.cloudCluster) : undefined;
    if (ke && cloud) {
        const { pools, boxOf } = poolsOf(ke.nodes, "e", collapseAbove);
        const byBox = new Map<string, { name: string; model: string }[]>();
        for (const d of ke.devices) {
            const box = boxOf.get(d.node);
            if (!box) continue; // a device on an unknown node: validate names it
            const list = byBox.get(box) ?? [];
            list.push(d);
            byBox.set(box, list);
        }
        const devices: DiagramDeviceBox[] = [];
        for (const [attachedTo, ds] of byBox) {
            const models = [...new Set(ds.map((d) => d.model))];
            if (ds.length > collapseAbove)
                devices.push({ id: `d${devices.length}`, attachedTo, count: ds.length, names: [], models });
            else
                for (const d of ds)
                    devices.push({
                        id: `d${devices.length}`,
                        attachedTo,
                        count: 1,
                        names: [d.name],
                        models: [d.model],
                    });
        }
        model.kubeedge = { cloudCluster: cloud, edgeMesh: ke.edgeMesh, pools, devices };
    }
    return model;
}

/** How many boxes the diagram draws (cluster headers, node boxes, Akri, edge nodes, devices). */
export function diagramBoxCount(m: DiagramModel): number {
    const pools = (ps: DiagramPool[]) => ps.reduce((n, p) => n + poolBoxIds(p).length, 0);
    const clusterBoxes = m.clusters.reduce((n, c) => n + 1 + pools(c.pools) + (c.akriHandlers.length > 0 ? 1 : 0), 0);
    return clusterBoxes + (m.kubeedge ? pools(m.kubeedge.pools) + m.kubeedge.devices.length : 0);
}
