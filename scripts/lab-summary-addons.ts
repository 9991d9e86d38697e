// The lab summary's add-on sections: Akri (what exists, and what real hardware would add) and
// EdgeMesh (its agent on each KubeEdge edge node). Pure formatting of outputs and live objects.
import type { AkriResourceNames } from "../components/discovery/akri-values";
import type { LiveCluster } from "./lab-summary";

/** The Akri objects one cluster's API holds. */
export interface LiveAkri {
    configurations: { namespace: string; name: string; handler: string; capacity: number }[];
    /** Discovered devices: none on simulated nodes. */
    instances: { namespace: string; name: string; configuration: string; nodes: string[] }[];
}

/** One cluster's `devices` stack output, the part the summary shows. */
export interface LabDevices {
    akriConfigurations: string[];
    akriResources: AkriResourceNames[];
}

/** The namespace and pod name prefix of EdgeMesh's agent DaemonSet (release `edgemesh` in `kubeedge`). */
export const EDGEMESH_AGENT = { namespace: "kubeedge", podPrefix: "edgemesh-agent-" } as const;
/** The label KubeEdge edge nodes carry. */
const EDGE_ROLE = "node-role.kubernetes.io/edge";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const items = (list: unknown): Obj[] => ((list as Obj | undefined)?.items as Obj[] | undefined) ?? [];

/** Read `kubectl get configurations.akri.sh -A -o json` and `… instances.akri.sh …`. */
export function liveAkriFromKubectl(configurations: unknown, instances: unknown): LiveAkri {
    return {
        configurations: items(configurations).map((c) => ({
            namespace: c.metadata.namespace,
            name: c.metadata.name,
            handler: c.spec?.discoveryHandler?.name ?? "?",
            capacity: Number(c.spec?.capacity ?? 0),
        })),
        instances: items(instances).map((i) => ({
            namespace: i.metadata.namespace,
            name: i.metadata.name,
            configuration: i.spec?.configurationName ?? "?",
            nodes: (i.spec?.nodes as string[] | undefined) ?? [],
        })),
    };
}

function table(rows: string[][], indent = "  "): string[] {
    const widths = rows.reduce<number[]>((w, r) => r.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
    return rows.map(
        (r) =>
            indent +
            r
                .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
                .join("  ")
                .trimEnd(),
    );
}

/**
 * Akri per cluster: each Configuration the stack declared, whether the API holds it, its
 * Instances, and the extended resources nodes offer once a device is discovered. Simulated nodes
 * have no udev devices, ONVIF cameras or OPC UA servers, so there the Instances and resources are
 * what real hardware would add.
 */
export function formatAkri(devices: Record<string, LabDevices> | undefined, live: LiveCluster[]): string[] {
    const clusters = Object.entries(devices ?? {}).filter(([, d]) => d.akriResources.length > 0);
    if (clusters.length === 0) return [];
    const lines = ["Akri (leaf-device discovery)"];
    for (const [name, d] of clusters) {
        const l = live.find((c) => c.name === name);
        const rows = d.akriResources.map((r) => {
            const exists = l?.akri?.configurations.some((c) => c.name === r.configuration);
            const instances = l?.akri?.instances.filter((i) => i.configuration === r.configuration) ?? [];
            return [
                name,
                `Configuration ${r.configuration}`,
                `${r.handler}, capacity ${r.capacity}`,
                exists ? "exists" : "NOT in the API",
                `${instances.length} Instance${instances.length === 1 ? "" : "s"}`,
                `${r.configurationResource} (any device), ${r.instanceResource} (one device)`,
            ];
        });
        lines.push(
            ...table([
                [
                    "cluster",
                    "object",
                    "handler",
                    "live",
                    "discovered",
                    "extended resources per node, once a device is found",
                ],
                ...rows,
            ]),
        );
        const found = l?.akri?.instances.length ?? 0;
        lines.push(
            found > 0
                ? `  ${name}: ${found} device(s) discovered; their nodes offer the resources above.`
                : `  ${name}: no Instances — ` +
                      (l?.nodes.length
                          ? "these nodes are simulated and have no udev devices, ONVIF cameras or OPC UA servers"
                          : "no device was discovered") +
                      `; ` +
                      `on real hardware each discovered device becomes an Instance and its node(s) ` +
                      `offer the resources above (workloads request them in resources.limits).`,
        );
    }
    lines.push("");
    return lines;
}

/** Per KubeEdge edge node of each cluster: the EdgeMesh agent pod on it, if any. */
export function edgeMeshAgents(
    live: LiveCluster[],
): { cluster: string; node: string; agent?: string; phase?: string }[] {
    return live.flatMap((c) => {
        const agents = c.pods.filter(
            (p) => p.namespace === EDGEMESH_AGENT.namespace && p.name.startsWith(EDGEMESH_AGENT.podPrefix),
        );
        if (agents.length === 0) return [];
        return c.nodes
            .filter((n) => EDGE_ROLE in n.labels)
            .map((n) => {
                const pod = agents.find((p) => p.node === n.name);
                return { cluster: c.name, node: n.name, ...(pod ? { agent: pod.name, phase: pod.phase } : {}) };
            });
    });
}

/** EdgeMesh: the agent on each edge node (nothing when EdgeMesh is not installed). */
export function formatEdgeMesh(live: LiveCluster[]): string[] {
    const agents = edgeMeshAgents(live);
    if (agents.length === 0) return [];
    return [
        "EdgeMesh (service discovery between edge nodes): agent per edge node",
        ...table(
            agents.map((a) => [
                a.cluster,
                a.node,
                a.agent ? `${EDGEMESH_AGENT.namespace}/${a.agent}` : "(no agent)",
                a.phase ?? "",
            ]),
        ),
        "",
    ];
}
