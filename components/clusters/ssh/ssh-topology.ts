/**
 * The shape of a cluster on the ssh substrate (pure): which node starts the control plane,
 * which join after it (one at a time), which are workers, where the API is reached, and the
 * labels and taints each node must carry. Shared by K3s and kubeadm.
 */
import ipaddr from "ipaddr.js";
import type { ClusterSpec } from "../../spec/cluster";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterNodeSpec } from "../../spec/node";
import { CLUSTER_LABEL, TIER_LABEL } from "../cluster";
import type { DistributionRoles } from "../../distributions/descriptor";
import { rolesOf } from "../../distributions/distribution";

/** The control-plane / worker role names of a distribution (its descriptor's `roles`). */
export type RoleNames = DistributionRoles;

/** One cluster on the ssh substrate, ordered for installation. */
export interface SshClusterPlan {
    /** Control-plane nodes in spec order; the first one starts the cluster. */
    controls: ClusterNodeSpec[];
    /** Worker nodes (nodes without the control role). */
    workers: ClusterNodeSpec[];
    /** The node that starts the control plane (and runs cluster-wide kubectl steps). */
    first: ClusterNodeSpec;
    /** API host as clients and workers reach it: spec apiEndpoint.host, else the VIP, else the first control node. */
    apiHost: string;
    /** API port. */
    apiPort: number;
    /** `https://<apiHost>:<apiPort>`. */
    apiEndpoint: string;
    /** `https://<first control host>:<apiPort>`: where the other control nodes join. */
    firstUrl: string;
    /** API certificate SANs: endpoint host, every control node address and name, extra SANs. */
    tlsSans: string[];
}

/** A host in a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
    return ipaddr.IPv6.isValid(host) && !ipaddr.IPv4.isValid(host) ? `[${host}]` : host;
}

/**
 * Plan a cluster for its distribution's roles (default: its descriptor's). Refuses a cluster
 * without a control node or without hosts.
 */
export function planSshCluster(cluster: ClusterSpec, roles: RoleNames = rolesOf(cluster.distribution)): SshClusterPlan {
    const controls = cluster.nodes.filter((n) => (n.roles as readonly string[]).includes(roles.control));
    const workers = cluster.nodes.filter((n) => !(n.roles as readonly string[]).includes(roles.control));
    const first = controls[0];
    if (!first) {
        throw new Error(
            `cluster '${cluster.name}' has no ${roles.control} node — give ` +
                `at least one node the role '${roles.control}'`,
        );
    }
    for (const n of cluster.nodes) {
        if (!n.host)
            throw new Error(
                `node '${n.name}' of cluster '${cluster.name}' has no host — set host: to its IP address or DNS name`,
            );
    }
    const apiPort = cluster.apiEndpoint.port;
    // A VIP (apiEndpoint.vip, kube-vip) is the endpoint unless a DNS name for it is given; a SAN either way.
    const vip = cluster.apiEndpoint.vip;
    const apiHost = cluster.apiEndpoint.host ?? vip ?? (first.host as string);
    const sans = [
        apiHost,
        ...(vip !== undefined ? [vip] : []),
        ...controls.map((n) => n.host as string),
        ...controls.map((n) => n.name),
        ...cluster.apiEndpoint.extraSans,
    ];
    return {
        controls,
        workers,
        first,
        apiHost,
        apiPort,
        apiEndpoint: `https://${urlHost(apiHost)}:${apiPort}`,
        firstUrl: `https://${urlHost(first.host as string)}:${apiPort}`,
        tlsSans: [...new Set(sans)],
    };
}

/** The labels continuum keeps on a node: cluster-wide labels, the node's own, and the toolkit's. */
export function desiredNodeLabels(cluster: ClusterSpec, node: ClusterNodeSpec): Record<string, string> {
    return { ...cluster.nodeLabels, ...node.labels, [CLUSTER_LABEL]: cluster.name, [TIER_LABEL]: cluster.tier };
}

/** The spec cluster by name, checked to be on the ssh substrate with the given distribution. */
export function findCluster(spec: ContinuumSpec, name: string, distribution: string): ClusterSpec {
    const cluster = spec.clusters.find((c) => c.name === name);
    if (!cluster) throw new Error(`no cluster named '${name}' in the spec`);
    if (cluster.substrate !== "ssh" || cluster.distribution !== distribution) {
        throw new Error(
            `cluster '${name}' is ${cluster.distribution} on ${cluster.substrate}, not ${distribution} on ssh`,
        );
    }
    return cluster;
}
