// What each box of the diagram says, as lines of plain text. Both renderers use these, and escape
// them for their own syntax.
import type { DiagramCluster, DiagramDeviceBox, DiagramPool } from "./diagram-model";

const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** The cluster's header box: name; tier, distribution, substrate; node counts per role; mesh id. */
export function clusterLabel(c: DiagramCluster): string[] {
    const roles =
        c.roleCounts.length > 0
            ? c.roleCounts.map(([r, n]) => `${n.toLocaleString("en-US")} ${r}`).join(", ")
            : "no nodes listed";
    return [
        c.name,
        `${c.tier} · ${c.distribution} · ${c.substrate}`,
        roles,
        ...(c.meshId !== undefined ? [`ClusterMesh id ${c.meshId}`] : []),
    ];
}

const runtimesLine = (p: DiagramPool): string => `runtimes: ${["runc", ...p.runtimes].join(", ")}`;

/** A pool collapsed to one box: the count, roles and runtimes. */
export function poolLabel(p: DiagramPool, noun = "node"): string[] {
    const what = p.roles.length > 0 ? `${p.roles.join("+")} ${noun}s` : `${noun}s`;
    return [`${p.count.toLocaleString("en-US")} × ${what}`, runtimesLine(p)];
}

/** One node of a pool drawn node by node: its name, roles and runtimes. */
export function poolNodeLabel(p: DiagramPool, name: string): string[] {
    return [name, ...(p.roles.length > 0 ? [p.roles.join("+")] : []), runtimesLine(p)];
}

/** The Akri box of a cluster. */
export function akriLabel(c: DiagramCluster): string[] {
    return [
        `Akri: ${c.akriHandlers.join(", ")}`,
        c.akriConfigurations.length > 0 ? `configurations: ${c.akriConfigurations.join(", ")}` : "no configurations",
    ];
}

/** A device box: one device and its model, or a count and the models. */
export function deviceLabel(d: DiagramDeviceBox): string[] {
    return d.names.length === 1
        ? [`device ${d.names[0]}`, `model ${d.models.join(", ")}`]
        : [plural(d.count, "device"), `models: ${d.models.join(", ")}`];
}

/** Title of the KubeEdge group. */
export const kubeEdgeTitle = (edgeMesh: boolean): string => `KubeEdge edge nodes${edgeMesh ? " (EdgeMesh)" : ""}`;
