/**
 * Which cloud DaemonSets (and kubeadm's CoreDNS Deployment) must be kept off KubeEdge edge nodes
 * with a Patch, because the distribution (not continuum) owns them — pure. Cilium's own
 * DaemonSets get the affinity through its values (components/network/cilium-values.ts), not a patch.
 */
import { offEdgeNodeAffinity } from "../network/cilium-values";
import type { Distribution } from "../distributions/distribution";
import type { Substrate } from "../spec/cluster";

/** A workload to patch. */
export interface DaemonSetRef {
    /** `DaemonSet`, or `Deployment` (CoreDNS). @default "DaemonSet" */
    kind?: "DaemonSet" | "Deployment";
    namespace: string;
    name: string;
    /** Who creates it (for messages and docs). */
    owner: string;
}

/** What decides the targets. */
export interface AffinityTargetInput {
    /** kubeadm | k3s | existing. */
    distribution: Distribution;
    /** ssh | kind | k3d | sim | existing. */
    substrate: Substrate;
    /** continuum installs Cilium on the cloud cluster. */
    ciliumManaged: boolean;
    /** Cilium replaces kube-proxy (the distribution then installs none). */
    kubeProxyReplacement: boolean;
}

/**
 * - kubeadm (ssh, kind): kubeadm's `kube-proxy` unless Cilium replaces it, and kubeadm's `coredns`
 *   Deployment: edge nodes carry no taint, so the scheduler put CoreDNS on an edge node (the first
 *   Ready node of a cluster whose own CNI comes later), where its image is not and the cluster's
 *   pod network does not reach (seen on the real tier).
 * - kind without Cilium: kind's own CNI DaemonSet `kindnet` too.
 * - K3s: kube-proxy and flannel run inside the k3s binary; no DaemonSet exists.
 * - sim and existing: nothing continuum knows to exist (the simulated substrate creates no
 *   distribution DaemonSets; an existing cluster's are not ours to change).
 */
export function edgeAffinityPatchTargets(input: AffinityTargetInput): DaemonSetRef[] {
    if (input.distribution !== "kubeadm") return [];
    if (input.substrate !== "ssh" && input.substrate !== "kind") return [];
    const out: DaemonSetRef[] = [];
    if (!input.kubeProxyReplacement) out.push({ namespace: "kube-system", name: "kube-proxy", owner: "kubeadm" });
    if (input.substrate === "kind" && !input.ciliumManaged)
        out.push({ namespace: "kube-system", name: "kindnet", owner: "kind" });
    out.push({ kind: "Deployment", namespace: "kube-system", name: "coredns", owner: "kubeadm" });
    return out;
}

/** The patch body giving a DaemonSet or Deployment the `node-role.kubernetes.io/edge DoesNotExist` affinity. */
export function edgeAffinityPatch(ref: DaemonSetRef): Record<string, unknown> {
    return {
        metadata: {
            name: ref.name,
            namespace: ref.namespace,
            // Take over just this field from the distribution's field manager. Do not wait for the
            // rollout: it changes only where pods go, and with the user's own CNI (cni: none) CoreDNS
            // cannot become ready before `up` ends (the real tier's first up waited on it).
            annotations: { "pulumi.com/patchForce": "true", "pulumi.com/skipAwait": "true" },
        },
        spec: { template: { spec: { affinity: { nodeAffinity: offEdgeNodeAffinity() } } } },
    };
}
