import { CLUSTER_LABEL, KUBEEDGE_EDGE_ROLE, TIER_LABEL, runtimeLabel } from "../cluster";
import type { Cluster, ClusterNodeInfo } from "../cluster";
import { sameTaint, type TaintArgs } from "../../core/taint";
import { distribution as descriptor, hasControlRole } from "../../distributions/distribution";
import type { Distribution, NodeRole } from "../../distributions/distribution";

/** Second role label KubeEdge edge nodes register with. */
export const KUBEEDGE_AGENT_ROLE = "node-role.kubernetes.io/agent";
/** Architecture label the kubelet sets. */
export const ARCH_LABEL = "kubernetes.io/arch";
/** OS label the kubelet sets. */
export const OS_LABEL = "kubernetes.io/os";
/** Hostname label the kubelet sets. */
export const HOSTNAME_LABEL = "kubernetes.io/hostname";

/** The cluster a simulated node belongs to, as far as labels go. */
export type SimClusterIdentity = Pick<Cluster, "name" | "tier" | "distribution">;

/**
 * What labels and taints of one node are derived from: its handle entry's name, arch, spec labels
 * (cluster-wide ones first), runtimes and KubeEdge flag, its spec roles (ignored for KubeEdge
 * nodes) and its spec taints.
 */
export type SimNodeIdentity = Pick<ClusterNodeInfo, "name" | "arch" | "labels" | "runtimes" | "kubeEdge"> & {
    roles: NodeRole[];
    taints: TaintArgs[];
};

/** A Node taint (the toolkit's one taint type). */
export type SimTaint = TaintArgs;

/** True when the node runs the distribution's control plane. */
export function isControlPlane(node: Pick<SimNodeIdentity, "roles" | "kubeEdge">): boolean {
    return !node.kubeEdge && hasControlRole(node.roles);
}

/**
 * Role labels a real node of this distribution registers with:
 * kubeadm control planes `control-plane=""`; K3s servers `control-plane=true` and `master=true`;
 * KubeEdge edge nodes `edge=""` and `agent=""`; kubeadm workers and K3s agents none.
 */
export function roleLabels(
    distribution: Distribution,
    node: Pick<SimNodeIdentity, "roles" | "kubeEdge">,
): Record<string, string> {
    if (node.kubeEdge) return { [KUBEEDGE_EDGE_ROLE]: "", [KUBEEDGE_AGENT_ROLE]: "" };
    if (!isControlPlane(node)) return {};
    return { ...descriptor(distribution).controlLabels };
}

/**
 * Every label of a simulated node. The spec's labels come first; the labels the toolkit and
 * the kubelet own (arch, os, hostname, roles, tier, cluster, runtimes) win over them, so they
 * always tell the truth. KubeEdge edge nodes are of the edge tier even though they join a
 * cloud cluster.
 */
export function simNodeLabels(cluster: SimClusterIdentity, node: SimNodeIdentity): Record<string, string> {
    const labels: Record<string, string> = { ...node.labels };
    labels[ARCH_LABEL] = node.arch;
    labels[OS_LABEL] = "linux";
    labels[HOSTNAME_LABEL] = node.name;
    Object.assign(labels, roleLabels(cluster.distribution, node));
    labels[TIER_LABEL] = node.kubeEdge ? "edge" : cluster.tier;
    labels[CLUSTER_LABEL] = cluster.name;
    for (const runtime of [...node.runtimes].sort()) labels[runtimeLabel(runtime)] = "true";
    return sortKeys(labels);
}

/**
 * Taints of a simulated node: the spec's, plus kubeadm's control-plane taint when the cluster
 * has somewhere else to schedule (kubeadm taints control planes; a single-node cluster would
 * otherwise run nothing, so — like kind — it is left off there). K3s servers and KubeEdge
 * edge nodes register without taints.
 */
export function simNodeTaints(
    cluster: SimClusterIdentity,
    node: SimNodeIdentity,
    clusterHasWorkers: boolean,
): TaintArgs[] {
    const taints: TaintArgs[] =
        isControlPlane(node) && clusterHasWorkers ? [...descriptor(cluster.distribution).controlTaints] : [];
    for (const t of node.taints) {
        if (!taints.some((x) => sameTaint(x, t))) taints.push(t);
    }
    return taints;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
