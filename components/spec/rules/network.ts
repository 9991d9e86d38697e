import * as ipaddr from "ipaddr.js";
import type { ContinuumSpec } from "../continuum-spec";
import { issue, type SpecIssue } from "../issues";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parse a CIDR with ipaddr.js; undefined when malformed. */
export function parseCidr(text: string): Range | undefined {
    try {
        return ipaddr.parseCIDR(text);
    } catch {
        return undefined;
    }
}

/** True when two ranges share any address (same family, one contains the other's network). */
export function cidrsOverlap(a: Range, b: Range): boolean {
    if (a[0].kind() !== b[0].kind()) return false;
    const [wide, narrow] = a[1] <= b[1] ? [a, b] : [b, a];
    return narrow[0].match(wide);
}

interface Claimed {
    range: Range;
    text: string;
    path: (string | number)[];
    cluster: number;
}

/**
 * Pod and service CIDRs: valid, on a network boundary, no overlap between any two
 * clusters (the continuum routes between them, meshed or not), nor pod vs service
 * within one cluster. Linear in nodes: the check is per cluster, never per node.
 */
export function cidrRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    const claimed: Claimed[] = [];
    spec.clusters.forEach((c, ci) => {
        for (const field of ["podCidr", "serviceCidr"] as const) {
            const text = c.network[field];
            const path = ["clusters", ci, "network", field];
            const range = parseCidr(text);
            if (!range) {
                out.push(issue(path, `${text} is not a valid CIDR`, "write an address range like 10.42.0.0/16"));
                continue;
            }
            const network = range[0].kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
            if (network.toString() !== range[0].toString()) {
                out.push(issue(path, `${text} has host bits set`, `write the network address: ${network.toString()}/${range[1]}`));
            }
            for (const other of claimed) {
                if (!cidrsOverlap(range, other.range)) continue;
                const hint = other.cluster === ci
                    ? "pods and services of a cluster need separate ranges"
                    : field === "podCidr" && other.path[3] === "podCidr"
                        ? "give each cluster its own pod range"
                        : "give each cluster its own address ranges: the continuum routes between them";
                out.push(issue(path, `${text} overlaps ${formatRefPath(other.path)} ${other.text}`, hint));
            }
            claimed.push({ range, text, path, cluster: ci });
        }
    });
    return out;
}

function formatRefPath(path: (string | number)[]): string {
    return `clusters[${path[1]}].network.${path[3]}`;
}

/** Mesh: ids unique, members run Cilium with one routing mode, distinct clustermesh NodePorts. */
export function meshRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    const ids = new Map<number, number>();
    const ports = new Map<number, number>();
    let mode: { value: string; cluster: number } | undefined;
    spec.clusters.forEach((c, ci) => {
        if (!c.mesh) return;
        const path = ["clusters", ci, "mesh"];
        const prev = ids.get(c.mesh.id);
        if (prev !== undefined) {
            out.push(issue([...path, "id"], `mesh id ${c.mesh.id} is already used by clusters[${prev}] (${spec.clusters[prev].name})`, "give every meshed cluster its own id in 1–255"));
        } else {
            ids.set(c.mesh.id, ci);
        }
        if (!c.cilium) {
            out.push(issue(path, `cluster '${c.name}' is in the mesh but does not run Cilium`, "add `cilium: {}` to the cluster (ClusterMesh is a Cilium feature)"));
            return;
        }
        if (mode && mode.value !== c.cilium.routingMode) {
            out.push(issue(["clusters", ci, "cilium", "routingMode"], `'${c.cilium.routingMode}' differs from clusters[${mode.cluster}] ('${mode.value}')`, "use the same routing mode on every meshed cluster"));
        } else if (!mode) {
            mode = { value: c.cilium.routingMode, cluster: ci };
        }
        if (c.mesh.serviceType === "NodePort") {
            const port = meshNodePort(c.mesh);
            const other = ports.get(port);
            if (other !== undefined) {
                out.push(issue([...path, "nodePort"], `NodePort ${port} is already used by clusters[${other}]`, "give each cluster's clustermesh-apiserver its own NodePort (Cilium bug #24692 under kube-proxy replacement)"));
            } else {
                ports.set(port, ci);
            }
        }
    });
    return out;
}

/** The clustermesh-apiserver NodePort of a member: explicit, or 32379 + id - 1. */
export function meshNodePort(mesh: { id: number; nodePort?: number }): number {
    return mesh.nodePort ?? 32379 + mesh.id - 1;
}
