// The diagram as Graphviz DOT, and DOT laid out to SVG in-process by Graphviz compiled to
// WebAssembly (@viz-js/viz): no browser, no system package. Labels are user input: each is a
// DOT quoted string with `\` and `"` escaped; Graphviz escapes it again for the SVG's XML.
import { instance } from "@viz-js/viz";
import { akriLabel, clusterLabel, deviceLabel, kubeEdgeTitle, poolLabel, poolNodeLabel } from "./diagram-labels";
import { poolBoxIds, poolNodeId, type DiagramModel, type DiagramPool } from "./diagram-model";

/**
 * Lines of label text as one DOT quoted string (lines centred, joined by `\n`): `\` and `"`
 * backslash-escaped, and `&` written `&amp;` because Graphviz decodes entity references in labels.
 */
export function dotString(lines: string[]): string {
    const one = (l: string) =>
        l
            .replace(/&/g, "&amp;")
            .replace(/\\/g, "\\\\")
            .replace(/"/g, '\\"')
            .replace(/[\r\n]+/g, " ");
    return `"${lines.map(one).join("\\n")}"`;
}

/** A pool's boxes; a collapsed pool is drawn with a double border. */
function poolBoxes(p: DiagramPool, attrs: string[], noun: string): string[] {
    const box = (id: string, lines: string[], more: string[]) =>
        `    ${id} [${[`label=${dotString(lines)}`, ...attrs, ...more].join(", ")}];`;
    if (p.nodes.length === 0) return [box(p.id, poolLabel(p, noun), ["peripheries=2"])];
    return p.nodes.map((name, i) => box(poolNodeId(p, i), poolNodeLabel(p, name), []));
}

const TIER_COLOR: Record<string, string> = { cloud: "#dbe9ff", edge: "#e3f5e1" };

/** The DOT graph of a diagram model (pure). */
export function renderDot(m: DiagramModel): string {
    const out = [
        "digraph continuum {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.6];',
        '  node [shape=box, style="rounded,filled", fillcolor="white", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ];
    for (const c of m.clusters) {
        out.push(
            `  subgraph cluster_${c.id} {`,
            `    label=${dotString([c.name])}; style="rounded,filled"; fillcolor="${TIER_COLOR[c.tier] ?? "#eeeeee"}";`,
        );
        out.push(`    ${c.id} [label=${dotString(clusterLabel(c))}, style="rounded,filled,bold"];`);
        for (const p of c.pools) {
            out.push(...poolBoxes(p, [], "node"));
            for (const box of poolBoxIds(p)) out.push(`    ${c.id} -> ${box} [arrowhead=none, color="#999999"];`);
        }
        if (c.akriHandlers.length > 0)
            out.push(
                `    ${c.id}a [label=${dotString(akriLabel(c))}, shape=hexagon, style=filled, fillcolor="#fff4d6"];`,
                `    ${c.id} -> ${c.id}a [arrowhead=none, color="#999999"];`,
            );
        out.push("  }");
    }
    for (const [a, b] of m.meshLinks)
        out.push(`  ${a} -> ${b} [dir=both, label="ClusterMesh", color="#3366cc", penwidth=2];`);
    const ke = m.kubeedge;
    if (ke) {
        out.push(
            "  subgraph cluster_ke {",
            `    label=${dotString([kubeEdgeTitle(ke.edgeMesh)])}; style="rounded,dashed";`,
        );
        for (const p of ke.pools) out.push(...poolBoxes(p, ['fillcolor="#e3f5e1"'], "edge node"));
        for (const d of ke.devices)
            out.push(
                `    ${d.id} [label=${dotString(deviceLabel(d))}, shape=note, ` +
                    `style=filled, fillcolor="#f4f4f4"${d.names.length === 0 ? ", peripheries=2" : ""}];`,
            );
        out.push("  }");
        for (const box of ke.pools.flatMap(poolBoxIds))
            out.push(`  ${ke.cloudCluster} -> ${box} [label="KubeEdge", style=dashed];`);
        for (const d of ke.devices) out.push(`  ${d.attachedTo} -> ${d.id} [arrowhead=none];`);
    }
    out.push("}");
    return `${out.join("\n")}\n`;
}

/** DOT laid out by Graphviz (dot engine) as an SVG document. */
export async function dotToSvg(dot: string): Promise<string> {
    const viz = await instance();
    const result = viz.render(dot, { format: "svg", engine: "dot" });
    if (result.status !== "success") {
        throw new Error(`Graphviz could not lay out the diagram: ${result.errors.map((e) => e.message).join("; ")}`);
    }
    return result.output;
}
