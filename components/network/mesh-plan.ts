/**
 * ClusterMesh planning — pure: who lists whom, on which address and port, and the checks
 * that must hold before anything is created.
 */
import * as ipaddr from "ipaddr.js";
import { cidrsOverlap, coveringCidr, isIp } from "../core/cidr";
import type { MeshPeerEntry, MeshValuesInput } from "./cilium-values";

/** Port clustermesh-apiserver listens on behind a LoadBalancer. */
export const MESH_APISERVER_PORT = 2379;

/** One mesh member as the plan sees it. */
export interface MeshMemberInput {
    /** Cluster name (Cilium `cluster.name`). */
    name: string;
    /** Cilium cluster id (1–255, or up to 511 with maxConnectedClusters 511). */
    id: number;
    /** NodePort | LoadBalancer. */
    serviceType: "NodePort" | "LoadBalancer";
    /** The clustermesh-apiserver NodePort. */
    nodePort: number;
    /** The cluster's pod CIDR. */
    podCidr: string;
    /** tunnel | native. */
    routingMode: string;
    /** Hosts of the cluster's own nodes (not KubeEdge edge nodes), where known. */
    nodeHosts: string[];
    /** API host (used when no node host is known). */
    apiHost: string;
}

/** How peers reach one member. */
export interface MeshEndpoint {
    port: number;
    ips: string[];
    address?: string;
}

/** The addresses peers use for a member: its nodes' IPs (NodePort is open on every node), else its API host. */
export function meshEndpoint(m: MeshMemberInput): MeshEndpoint {
    const port = m.serviceType === "NodePort" ? m.nodePort : MESH_APISERVER_PORT;
    const hosts = m.serviceType === "NodePort" && m.nodeHosts.length > 0 ? m.nodeHosts : [m.apiHost].filter((h) => h);
    if (hosts.length === 0) {
        throw new Error(
            `mesh member '${m.name}' has no address peers can reach — give ` +
                `its nodes a host: or set clusters[].apiEndpoint.host`,
        );
    }
    const ips = [...new Set(hosts.filter(isIp).map((h) => ipaddr.parse(h).toString()))];
    if (ips.length > 0) return { port, ips };
    return { port, ips: [], address: hosts[0] };
}

/** Everything wrong with a set of members, each message naming the cluster and the fix. */
export function checkMeshMembers(members: readonly MeshMemberInput[], maxConnectedClusters: number): string[] {
    const out: string[] = [];
    const names = new Map<string, number>();
    const ids = new Map<number, string>();
    const ports = new Map<number, string>();
    if (maxConnectedClusters !== 255 && maxConnectedClusters !== 511) {
        out.push(
            `maxConnectedClusters ${maxConnectedClusters} is not supported ` +
                `— use 255 or 511 (identical on every member)`,
        );
    }
    members.forEach((m, i) => {
        if (names.has(m.name)) out.push(`cluster '${m.name}' is in the mesh twice — give every member its own name`);
        names.set(m.name, i);
        if (m.id < 1 || m.id > maxConnectedClusters) {
            out.push(
                `cluster '${m.name}': mesh id ${m.id} is outside 1–${maxConnectedClusters} — ` +
                    `pick an id in that range`,
            );
        }
        const prevId = ids.get(m.id);
        if (prevId !== undefined)
            out.push(
                `cluster '${m.name}': mesh id ${m.id} is already used by '${prevId}' — give every member its own id`,
            );
        else ids.set(m.id, m.name);
        if (m.serviceType === "NodePort") {
            const prevPort = ports.get(m.nodePort);
            if (prevPort !== undefined) {
                out.push(
                    `cluster '${m.name}': clustermesh NodePort ${m.nodePort} ` +
                        `is already used by '${prevPort}' — give each member its own NodePort (Cilium ` +
                        `bug #24692 under kube-proxy replacement)`,
                );
            } else {
                ports.set(m.nodePort, m.name);
            }
        }
        if (m.routingMode !== members[0].routingMode) {
            out.push(
                `cluster '${m.name}': routing mode '${m.routingMode}' differs ` +
                    `from '${members[0].name}' ('${members[0].routingMode}') — use one routing ` +
                    `mode across the mesh`,
            );
        }
        for (const other of members.slice(0, i)) {
            if (cidrsOverlap(m.podCidr, other.podCidr)) {
                out.push(
                    `cluster '${m.name}': pod CIDR ${m.podCidr} overlaps ` +
                        `'${other.name}' (${other.podCidr}) — give each member its own pod range`,
                );
            }
        }
    });
    return out;
}

/** The plan for one member: its mesh values and the native-routing range. */
export interface MemberPlan {
    mesh: MeshValuesInput;
    /** Native routing only: the range covering the pod CIDRs of the member and its peers. */
    nativeRoutingCidr?: string;
    /** Names of the peers this member lists. */
    peers: string[];
}

/** Plan every member: each lists every other member (full mesh). Throws when the checks fail. */
export function planMesh(
    members: readonly MeshMemberInput[],
    maxConnectedClusters: number,
): Record<string, MemberPlan> {
    const problems = checkMeshMembers(members, maxConnectedClusters);
    if (problems.length > 0) {
        throw new Error(`the ClusterMesh cannot be built:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
    const endpoints = new Map(members.map((m) => [m.name, meshEndpoint(m)]));
    const plans: Record<string, MemberPlan> = {};
    for (const m of members) {
        const others = members.filter((o) => o.name !== m.name);
        const own = endpoints.get(m.name) as MeshEndpoint;
        const peers: MeshPeerEntry[] = others.map((o) => {
            const ep = endpoints.get(o.name) as MeshEndpoint;
            return ep.address !== undefined
                ? { name: o.name, port: ep.port, address: ep.address }
                : { name: o.name, port: ep.port, ips: ep.ips };
        });
        plans[m.name] = {
            mesh: {
                serviceType: m.serviceType,
                nodePort: m.nodePort,
                maxConnectedClusters,
                peers,
                serverDnsNames: own.address !== undefined ? [own.address] : [],
                serverIps: own.ips,
            },
            nativeRoutingCidr: m.routingMode === "native" ? coveringCidr(members.map((x) => x.podCidr)) : undefined,
            peers: others.map((o) => o.name),
        };
    }
    return plans;
}
