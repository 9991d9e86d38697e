import type { ContinuumSpec } from "./continuum-spec";
import { meshNodePort } from "../core/mesh-port";
import { artifactSources } from "./rules/artifacts";
import { VERSION_TABLE } from "../version-table";
import { day2Plan, meshCaPlanLine } from "../day2/plan-summary";

/** A one-screen summary of a valid spec: clusters, tiers, substrates, node counts, mesh, runtimes, devices. */
export function summarize(spec: ContinuumSpec): string {
    const lines: string[] = [];
    const ke = spec.kubeedge;
    lines.push(
        `continuum: ${spec.clusters.length} cluster${spec.clusters.length === 1 ? "" : "s"}, ${countNodes(spec)} nodes`,
    );
    lines.push("");
    lines.push(pad(["CLUSTER", "TIER", "DISTRO", "SUBSTRATE", "NODES", "PODS", "SERVICES", "MESH"]));
    for (const c of spec.clusters) {
        const edgeNodes = ke?.cloudCluster === c.name ? ` (+${ke.nodes.length} kubeedge)` : "";
        const mesh = c.mesh
            ? `id ${c.mesh.id}${c.mesh.serviceType === "NodePort" ? ` :${meshNodePort(c.mesh)}` : " LB"}`
            : "-";
        lines.push(
            pad([
                c.name,
                c.tier,
                c.distribution,
                c.substrate,
                `${c.nodes.length}${edgeNodes}`,
                c.network.podCidr,
                c.network.serviceCidr,
                mesh,
            ]),
        );
    }
    const meshed = spec.clusters.filter((c) => c.mesh).map((c) => c.name);
    lines.push("");
    lines.push(`mesh:      ${meshed.length > 1 ? `${meshed.join(" <-> ")} (Cilium ClusterMesh, shared CA)` : "none"}`);
    const runtimes = new Map<string, number>();
    const count = (rs: string[]) => rs.forEach((r) => runtimes.set(r, (runtimes.get(r) ?? 0) + 1));
    spec.clusters.forEach((c) => c.nodes.forEach((n) => count(n.runtimes)));
    ke?.nodes.forEach((n) => count(n.runtimes));
    const runtimeList = [...runtimes].map(([r, n]) => `${r} on ${n} node${n === 1 ? "" : "s"}`).join(", ");
    lines.push(`runtimes:  ${runtimes.size > 0 ? runtimeList : "runc only"}`);
    if (ke) {
        lines.push(
            `kubeedge:  CloudCore on ${ke.cloudCluster}, ${ke.nodes.length} ` +
                `edge node${ke.nodes.length === 1 ? "" : "s"}${ke.edgeMesh ? ", EdgeMesh" : ""}`,
        );
        const deviceList = ke.devices.map((d) => `${d.name} (${d.model} on ${d.node})`).join(", ");
        lines.push(`devices:   ${ke.devices.length > 0 ? deviceList : "none"}`);
    }
    const akri = spec.clusters
        .filter((c) => c.akri)
        .map(
            (c) =>
                `${c.name}: ${(["udev", "onvif", "opcua"] as const).filter((h) => c.akri?.[h]).join("+")} ` +
                `(${c.akri?.configurations.length ?? 0} configurations)`,
        );
    lines.push(`akri:      ${akri.length > 0 ? akri.join("; ") : "none"}`);
    // Day 2 (docs/day2.md): only clusters that ask for more than the expiry warning.
    for (const c of spec.clusters) {
        const plan = day2Plan(c).filter(
            (l) => !l.startsWith("certificate expiry warning") && !l.startsWith("init role"),
        );
        if (plan.length > 0) lines.push(`day 2:     ${c.name}: ${plan.join("; ")}`);
    }
    if (spec.mesh.caRotation) lines.push(`day 2:     ${meshCaPlanLine(spec.mesh.caRotation)}`);
    const pins = artifactSources(spec, VERSION_TABLE);
    if (pins.length > 0) lines.push(`artifacts: ${pins.join(", ")}`);
    return lines.join("\n");
}

function countNodes(spec: ContinuumSpec): number {
    return spec.clusters.reduce((n, c) => n + c.nodes.length, 0) + (spec.kubeedge?.nodes.length ?? 0);
}

const WIDTHS = [14, 6, 9, 10, 18, 16, 16, 12];
function pad(cols: string[]): string {
    return cols
        .map((c, i) => (i === cols.length - 1 ? c : c.padEnd(WIDTHS[i])))
        .join(" ")
        .trimEnd();
}
