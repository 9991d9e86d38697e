// The diagram as Mermaid flowchart text (PR comments, Markdown). Labels are user input: every
// character outside a small safe set becomes a Mermaid entity code (#NNN;), so no name can close
// a label, start a link or inject HTML.
import { akriLabel, clusterLabel, deviceLabel, kubeEdgeTitle, poolLabel, poolNodeLabel } from "./diagram-labels";
import { poolBoxIds, poolNodeId, type DiagramModel, type DiagramPool } from "./diagram-model";

/** One line of label text escaped for a quoted Mermaid label. */
export function mermaidText(text: string): string {
    return [...text].map((ch) => (/^[A-Za-z0-9 .,:_/+-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join("");
}

const label = (lines: string[]): string => `"${lines.map(mermaidText).join("<br/>")}"`;

/** A pool's boxes: `[…]` for cluster nodes, `([…])` (stadium) for KubeEdge edge nodes. */
function poolBoxes(p: DiagramPool, shape: [string, string], noun: string): string[] {
    const [open, close] = shape;
    if (p.nodes.length === 0) return [`    ${p.id}${open}${label(poolLabel(p, noun))}${close}`];
    return p.nodes.map((name, i) => `    ${poolNodeId(p, i)}${open}${label(poolNodeLabel(p, name))}${close}`);
}

/** The Mermaid flowchart of a diagram model (pure). */
export function renderMermaid(m: DiagramModel): string {
    const out = ["flowchart LR"];
    for (const c of m.clusters) {
        out.push(`  subgraph ${c.id}_g[${label([c.name])}]`, "    direction TB");
        out.push(`    ${c.id}[${label(clusterLabel(c))}]`);
        for (const p of c.pools) out.push(...poolBoxes(p, ["[", "]"], "node"));
        if (c.akriHandlers.length > 0) out.push(`    ${c.id}a{{${label(akriLabel(c))}}}`);
        out.push("  end");
    }
    for (const [a, b] of m.meshLinks) out.push(`  ${a} <-->|ClusterMesh| ${b}`);
    const ke = m.kubeedge;
    if (ke) {
        out.push(`  subgraph ke_g[${label([kubeEdgeTitle(ke.edgeMesh)])}]`, "    direction TB");
        for (const p of ke.pools) out.push(...poolBoxes(p, ["([", "])"], "edge node"));
        for (const d of ke.devices) out.push(`    ${d.id}[/${label(deviceLabel(d))}/]`);
        out.push("  end");
        for (const box of ke.pools.flatMap(poolBoxIds)) out.push(`  ${ke.cloudCluster} -->|KubeEdge| ${box}`);
        for (const d of ke.devices) out.push(`  ${d.attachedTo} --- ${d.id}`);
    }
    return `${out.join("\n")}\n`;
}
