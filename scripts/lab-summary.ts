// What `npm run lab` prints at the end: pure formatting of the stack outputs and live objects.
import { topologyMermaid, type Topology } from "../components/topology";
import { formatAkri, formatEdgeMesh, type LabDevices, type LiveAkri } from "./lab-summary-addons";
import { formatCertificates } from "./lab-summary-certificates";
import type { CertificateExpiry, StackCertificates } from "../components/day2/certificate-lines";

/** One cluster as the stack exports it (see components/continuum.ts ClusterOutputs). */
export interface StackCluster {
    tier: string;
    substrate: string;
    distribution: string;
    apiEndpoint: string;
    kubeconfig: string;
    nodes: string[];
    /** The cluster's certificate expiry (also in the `certificates` output). */
    certificates?: CertificateExpiry;
}

/** An add-on the stack did not apply, and why (stack output `skippedAddons`). */
export interface SkippedAddon {
    cluster?: string;
    addon: string;
    reason: string;
}

/** The stack outputs the summary reads. */
export interface LabOutputs {
    clusters: Record<string, StackCluster>;
    topology?: Topology;
    skippedAddons?: SkippedAddon[];
    /** Per cluster: Akri Configurations and the extended resources they offer (stack output `devices`). */
    devices?: Record<string, LabDevices>;
    /** Certificate expiry per cluster and of the mesh CA (stack output `certificates`). */
    certificates?: StackCertificates;
}

/** What the API of one cluster reports. */
export interface LiveCluster {
    name: string;
    nodes: { name: string; labels: Record<string, string>; ready: boolean }[];
    runtimeClasses: { name: string; handler: string; nodeSelector: Record<string, string> }[];
    pods: { namespace: string; name: string; node?: string; runtimeClassName?: string; phase: string }[];
    /** Akri's Configurations and Instances, when the cluster has Akri's CRDs. */
    akri?: LiveAkri;
    /** `notAfter` of CloudCore's CA (Secret kubeedge/casecret), where CloudCore runs; `unknown` if unreadable. */
    cloudCoreCa?: string;
    /** Set when the API could not be read. */
    error?: string;
}

const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease"]);

/** Node counts per tier, each split by cluster (KubeEdge nodes are counted in the edge tier of their cloud cluster). */
export function nodesPerTier(live: LiveCluster[]): Record<string, { cluster: string; total: number; ready: number }[]> {
    const out: Record<string, { cluster: string; total: number; ready: number }[]> = {};
    for (const c of live) {
        const byTier = new Map<string, { total: number; ready: number }>();
        for (const n of c.nodes) {
            const tier = n.labels["continuum.dev/tier"] ?? "(no tier label)";
            const entry = byTier.get(tier) ?? { total: 0, ready: 0 };
            entry.total++;
            if (n.ready) entry.ready++;
            byTier.set(tier, entry);
        }
        for (const [tier, e] of [...byTier].sort(([a], [b]) => a.localeCompare(b)))
            (out[tier] ??= []).push({ cluster: c.name, ...e });
    }
    return out;
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

const selector = (s: Record<string, string>): string =>
    Object.entries(s)
        .map(([k, v]) => `${k}=${v}`)
        .join(",") || "(any node)";

/** The whole end-of-lab summary. */
export function formatSummary(
    outputs: LabOutputs,
    live: LiveCluster[],
    kubeconfigPath: string,
    seconds?: number,
    now?: Date,
): string {
    const lines: string[] = [];
    const names = Object.keys(outputs.clusters);
    lines.push(seconds === undefined ? "The lab is up." : `The lab is up (${seconds.toFixed(0)} s).`, "");
    lines.push("Clusters");
    lines.push(
        ...table(
            names.map((n) => {
                const c = outputs.clusters[n]!;
                return [n, c.tier, `${c.distribution} on ${c.substrate}`, c.apiEndpoint, `kubectl --context ${n}`];
            }),
        ),
    );
    lines.push(
        "",
        `Kubeconfig (one context per cluster): ${kubeconfigPath}`,
        `  export KUBECONFIG=${kubeconfigPath}`,
        "",
    );

    lines.push("Nodes per tier");
    const tiers = nodesPerTier(live);
    for (const [tier, entries] of Object.entries(tiers)) {
        const total = entries.reduce((s, e) => s + e.total, 0);
        const ready = entries.reduce((s, e) => s + e.ready, 0);
        lines.push(
            `  ${tier}: ${total} nodes, ${ready} Ready (${entries.map((e) => `${e.cluster} ${e.total}`).join(", ")})`,
        );
    }
    for (const c of live.filter((l) => l.error)) lines.push(`  ${c.name}: could not read the API — ${c.error}`);
    lines.push("");

    lines.push("RuntimeClasses");
    const rcs = live.flatMap((c) =>
        c.runtimeClasses.map((r) => [
            c.name,
            r.name,
            `handler ${r.handler}`,
            `nodeSelector ${selector(r.nodeSelector)}`,
        ]),
    );
    lines.push(...(rcs.length > 0 ? table(rcs) : ["  (none)"]), "");

    lines.push("Workloads (where each pod landed)");
    const pods = live.flatMap((c) =>
        c.pods
            .filter((p) => !SYSTEM_NAMESPACES.has(p.namespace))
            .map((p) => [
                c.name,
                `${p.namespace}/${p.name}`,
                p.runtimeClassName ? `runtimeClass ${p.runtimeClassName}` : "default runtime",
                `→ ${p.node ?? "(not scheduled)"}`,
                p.phase,
            ]),
    );
    lines.push(...(pods.length > 0 ? table(pods) : ["  (none)"]), "");

    lines.push(
        ...formatAkri(outputs.devices, live),
        ...formatEdgeMesh(live),
        ...formatCertificates(outputs, live, now),
    );

    if (outputs.skippedAddons && outputs.skippedAddons.length > 0) {
        lines.push(
            "Add-ons skipped on this machine (not applied; `pulumi preview` of the stack file still shows them)",
        );
        for (const s of outputs.skippedAddons)
            lines.push(`  ${s.cluster ? `${s.cluster}: ` : ""}${s.addon} — ${s.reason}`);
        lines.push("");
    }

    if (outputs.topology) lines.push("Topology (Mermaid)", topologyMermaid(outputs.topology), "");
    lines.push("Tear it down with `npm run lab:down`.");
    return lines.join("\n");
}

/** Read the JSON lists `kubectl get nodes,runtimeclasses,pods -o json` prints into a LiveCluster. */
export function liveFromKubectl(
    name: string,
    nodes: unknown,
    runtimeClasses: unknown,
    pods: unknown,
    akri?: LiveAkri,
): LiveCluster {
    type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const items = (list: unknown): Obj[] => ((list as Obj | undefined)?.items as Obj[] | undefined) ?? [];
    return {
        name,
        nodes: items(nodes).map((n) => ({
            name: n.metadata.name,
            labels: n.metadata.labels ?? {},
            ready: ((n.status?.conditions ?? []) as Obj[]).some((c) => c.type === "Ready" && c.status === "True"),
        })),
        runtimeClasses: items(runtimeClasses).map((r) => ({
            name: r.metadata.name,
            handler: r.handler,
            nodeSelector: r.scheduling?.nodeSelector ?? {},
        })),
        pods: items(pods).map((p) => ({
            namespace: p.metadata.namespace,
            name: p.metadata.name,
            ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}),
            ...(p.spec?.runtimeClassName ? { runtimeClassName: p.spec.runtimeClassName } : {}),
            phase: p.status?.phase ?? "Unknown",
        })),
        ...(akri ? { akri } : {}),
    };
}
