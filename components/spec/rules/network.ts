import * as ipaddr from "ipaddr.js";
import type { ContinuumSpec } from "../continuum-spec";
import type { ClusterSpec } from "../cluster";
import { issue, type SpecIssue } from "../issues";
import { cidrList, cidrsOverlap, parseCidrRange } from "../../core/cidr";
import { meshNodePort } from "../../core/mesh-port";
import { shown } from "../shown";

interface Claimed {
    text: string;
    path: (string | number)[];
    cluster: number;
}

/**
 * Pod and service CIDRs (one range, or an IPv4 and an IPv6 range for dual-stack): on a network
 * boundary, no overlap between any two clusters (the continuum routes between them, meshed or
 * not), nor pod vs service within one cluster, in either family. Linear in nodes: the check is
 * per cluster, never per node. Overlap is `cidrsOverlap` of core/cidr.ts, as everywhere.
 */
export function cidrRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    const claimed: Claimed[] = [];
    spec.clusters.forEach((c, ci) => {
        for (const field of ["podCidr", "serviceCidr"] as const) {
            const path = ["clusters", ci, "network", field];
            const texts = cidrList(c.network[field]);
            const families = texts.map((t) => parseCidrRange(t)?.[0].kind());
            if (families.length === 2 && families[0] !== undefined && families[0] === families[1]) {
                out.push(
                    issue(
                        path,
                        `${c.network[field]} names two ${families[0]} ranges`,
                        "dual-stack is one IPv4 and one IPv6 range, e.g. 10.42.0.0/16,fd00:42::/56",
                    ),
                );
            }
            for (const text of texts) {
                const range = parseCidrRange(text);
                if (!range) {
                    out.push(
                        issue(path, `${shown(text)} is not a valid CIDR`, "write an address range like 10.42.0.0/16"),
                    );
                    continue;
                }
                const network =
                    range[0].kind() === "ipv4"
                        ? ipaddr.IPv4.networkAddressFromCIDR(`${range[0].toString()}/${range[1]}`)
                        : ipaddr.IPv6.networkAddressFromCIDR(`${range[0].toString()}/${range[1]}`);
                if (network.toString() !== range[0].toString()) {
                    out.push(
                        issue(
                            path,
                            `${text} has host bits set`,
                            `write the network address: ${network.toString()}/${range[1]}`,
                        ),
                    );
                }
                for (const other of claimed) {
                    if (!cidrsOverlap(text, other.text)) continue;
                    const hint =
                        other.cluster === ci
                            ? "pods and services of a cluster need separate ranges"
                            : field === "podCidr" && other.path[3] === "podCidr"
                              ? "give each cluster its own pod range"
                              : "give each cluster its own address ranges: the continuum routes between them";
                    out.push(issue(path, `${text} overlaps ${formatRefPath(other.path)} ${other.text}`, hint));
                }
                claimed.push({ text, path, cluster: ci });
            }
        }
        out.push(...dualStackSupport(c, ci));
    });
    return out;
}

/**
 * Dual-stack ranges go to kubeadm (networking.podSubnet/serviceSubnet) and K3s (cluster-cidr,
 * service-cidr) as they are. What cannot take them yet says so here rather than at `up`: the
 * Cilium values this toolkit renders (one cluster-pool family), ClusterMesh, and the sim, kind
 * and k3d substrates (single-family kwok pools and container networks).
 */
function dualStackSupport(c: ClusterSpec, ci: number): SpecIssue[] {
    const dual = (["podCidr", "serviceCidr"] as const).filter((f) => cidrList(c.network[f]).length > 1);
    if (dual.length === 0) return [];
    const path = ["clusters", ci, "network", dual[0]];
    const single = "write one range (IPv4 or IPv6) here";
    if (c.substrate === "sim" || c.substrate === "kind" || c.substrate === "k3d") {
        return [
            issue(
                path,
                `the ${c.substrate} substrate cannot run dual-stack yet`,
                `${single}, or use the ssh substrate for a dual-stack cluster`,
            ),
        ];
    }
    if (c.mesh)
        return [issue(path, `cluster '${c.name}' is meshed and ClusterMesh is planned for one address family`, single)];
    if (c.cilium)
        return [
            issue(
                path,
                `cluster '${c.name}' runs Cilium and the toolkit's Cilium values take one pod range family`,
                `${single}, or remove cilium: for a dual-stack cluster`,
            ),
        ];
    return [];
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
            out.push(
                issue(
                    [...path, "id"],
                    `mesh id ${c.mesh.id} is already used by clusters[${prev}] (${spec.clusters[prev].name})`,
                    "give every meshed cluster its own id in 1–255",
                ),
            );
        } else {
            ids.set(c.mesh.id, ci);
        }
        if (!c.cilium) {
            out.push(
                issue(
                    path,
                    `cluster '${c.name}' is in the mesh but does not run Cilium`,
                    "add `cilium: {}` to the cluster (ClusterMesh is a Cilium feature)",
                ),
            );
            return;
        }
        if (mode && mode.value !== c.cilium.routingMode) {
            out.push(
                issue(
                    ["clusters", ci, "cilium", "routingMode"],
                    `'${c.cilium.routingMode}' differs from clusters[${mode.cluster}] ('${mode.value}')`,
                    "use the same routing mode on every meshed cluster",
                ),
            );
        } else if (!mode) {
            mode = { value: c.cilium.routingMode, cluster: ci };
        }
        if (c.mesh.serviceType === "NodePort") {
            const port = meshNodePort(c.mesh);
            const other = ports.get(port);
            if (other !== undefined) {
                out.push(
                    issue(
                        [...path, "nodePort"],
                        `NodePort ${port} is already used by clusters[${other}]`,
                        "give each cluster's clustermesh-apiserver its own " +
                            "NodePort (Cilium bug #24692 under kube-proxy replacement)",
                    ),
                );
            } else {
                ports.set(port, ci);
            }
        }
    });
    return out;
}

/**
 * `network.cni: none` contradicts `cilium:` and `mesh:` (ClusterMesh is Cilium's); `cni: cilium`
 * needs the `cilium:` block. `hostSystem` only means something on the ssh substrate with kubeadm.
 */
export function cniRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        const cni = c.network.cni;
        if (cni === "none" && c.cilium) {
            out.push(
                issue(
                    ["clusters", ci, "network", "cni"],
                    `cluster '${c.name}' says cni: none but also configures cilium:`,
                    "remove cilium: (and mesh:) to bring your own CNI, or drop cni: none",
                ),
            );
        }
        if (cni === "cilium" && !c.cilium) {
            out.push(
                issue(
                    ["clusters", ci, "network", "cni"],
                    `cluster '${c.name}' says cni: cilium but has no cilium: block`,
                    "add `cilium: {}` to the cluster, or set cni: none to bring your own CNI",
                ),
            );
        }
        const hs = c.hostSystem;
        if (
            hs &&
            (hs.allowCgroupV1 || hs.systemContainer || hs.evictionHard) &&
            !(c.substrate === "ssh" && c.distribution === "kubeadm")
        ) {
            out.push(
                issue(
                    ["clusters", ci, "hostSystem"],
                    `cluster '${c.name}' (${c.distribution} on ${c.substrate}) ` +
                        `cannot use hostSystem: only kubeadm clusters over SSH apply it`,
                    "remove hostSystem from this cluster",
                ),
            );
        }
    });
    return out;
}
