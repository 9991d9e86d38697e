import { CLUSTER_LABEL, TIER_LABEL, runtimeLabel } from "../cluster";
import { RUNTIMES, type RuntimeName } from "../../spec/node";

/** Label naming the node as the spec does (kind and k3d choose the Kubernetes node names themselves). */
export const SPEC_NODE_LABEL = "continuum.dev/node";

/** Labels the kubelet may set on its own node in the kubernetes.io / k8s.io namespaces (kubelet well_known_labels.go).
 * */
const KUBELET_ALLOWED = new Set([
    "kubernetes.io/hostname",
    "kubernetes.io/arch",
    "kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/instance-type",
    "node.kubernetes.io/instance-type",
    "failure-domain.beta.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
]);
const KUBELET_NAMESPACES = ["kubelet.kubernetes.io", "node.kubernetes.io"];

const inNamespace = (ns: string, domain: string): boolean => ns === domain || ns.endsWith(`.${domain}`);

/**
 * Whether the kubelet accepts the label on its own node (`--node-labels`): kind and K3s set node
 * labels that way, and a kubelet given a restricted kubernetes.io/k8s.io label refuses to start.
 */
export function kubeletMaySet(key: string): boolean {
    const slash = key.indexOf("/");
    if (slash < 0) return true;
    const ns = key.slice(0, slash);
    if (!inNamespace(ns, "kubernetes.io") && !inNamespace(ns, "k8s.io")) return true;
    return KUBELET_ALLOWED.has(key) || KUBELET_NAMESPACES.some((d) => inNamespace(ns, d));
}

/** Runtime names, checked against the spec's list. */
export function runtimeNames(runtimes: readonly string[], where: string): RuntimeName[] {
    return runtimes.map((r) => {
        if (!(RUNTIMES as readonly string[]).includes(r)) {
            throw new Error(`${where}: runtime '${r}' is unknown — use one of ${RUNTIMES.join(", ")}`);
        }
        return r as RuntimeName;
    });
}

/** Inputs to the labels of one local node. */
export interface LocalNodeLabelInput {
    clusterName: string;
    tier: string;
    /** Labels every node of the cluster gets. */
    clusterLabels: Record<string, string>;
    /** The node's name in the spec. */
    specName: string;
    /** The node's own labels. */
    labels: Record<string, string>;
    runtimes: readonly string[];
}

/**
 * The labels a kind or k3d node starts with: cluster-wide labels, the node's own, then the
 * toolkit's (tier, cluster, spec name, one per runtime). Throws, naming the node and the label,
 * when the kubelet would refuse one.
 */
export function localNodeLabels(n: LocalNodeLabelInput): Record<string, string> {
    const labels: Record<string, string> = {
        ...n.clusterLabels,
        ...n.labels,
        [TIER_LABEL]: n.tier,
        [CLUSTER_LABEL]: n.clusterName,
        [SPEC_NODE_LABEL]: n.specName,
    };
    for (const r of runtimeNames(n.runtimes, `node '${n.specName}'`)) labels[runtimeLabel(r)] = "true";
    for (const key of Object.keys(labels)) {
        if (!kubeletMaySet(key)) {
            throw new Error(
                `node '${n.specName}' of cluster '${n.clusterName}': label ` +
                    `'${key}' is in a kubernetes.io/k8s.io namespace the kubelet may not set ` +
                    `on its own node, and kind/K3s set node labels through the kubelet — use ` +
                    `your own prefix (e.g. example.com/${key.slice(key.indexOf("/") + 1)}) or ` +
                    `a node.kubernetes.io/ label`,
            );
        }
    }
    return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}
