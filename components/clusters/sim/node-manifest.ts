import type { SimTaint } from "./node-labels";

/** Annotation kwok's controller selects the nodes it simulates by (kwokctl's default selector). */
export const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
/**
 * The provider takes the fields it declares even when another manager wrote them last:
 * kube-controller-manager rewrites `spec.taints` (an atomic list) when it taints a node
 * not-ready, and an `up` that adopts nodes after an interrupted one must win too.
 */
export const PATCH_FORCE_ANNOTATION = "pulumi.com/patchForce";
/** Annotation naming the control plane a simulated node was registered with. */
export const CONTROL_PLANE_ANNOTATION = "continuum.dev/sim-control-plane";

/** Resources a simulated node advertises. */
export interface SimCapacity {
    /** CPU quantity, e.g. "4" or "500m". */
    cpu: string;
    /** Memory quantity, e.g. "8Gi". */
    memory: string;
    /** Pod slots. */
    pods: number;
}

/** The Node object a simulated node registers with, as a kubelet would send it. */
export interface SimNodeObject {
    apiVersion: "v1";
    kind: "Node";
    metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
    spec: { taints?: SimTaint[] };
    status: {
        capacity: Record<string, string>;
        allocatable: Record<string, string>;
        nodeInfo: { architecture: string; operatingSystem: string };
    };
}

/**
 * The registration of one simulated node. Like a kubelet, it carries its capacity in
 * `status` (a Node keeps the status it is created with; later writes to the main resource
 * ignore it, so a capacity change means re-registering the node). kwok's controller then
 * keeps it Ready, heartbeats its lease and runs the pods bound to it.
 */
export function simNodeObject(node: {
    name: string;
    arch: string;
    labels: Record<string, string>;
    taints: SimTaint[];
    capacity: SimCapacity;
    controlPlaneId: string;
}): SimNodeObject {
    const resources = { cpu: node.capacity.cpu, memory: node.capacity.memory, pods: String(node.capacity.pods) };
    return {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
            name: node.name,
            labels: node.labels,
            annotations: { [KWOK_NODE_ANNOTATION]: "fake", [PATCH_FORCE_ANNOTATION]: "true", [CONTROL_PLANE_ANNOTATION]: node.controlPlaneId },
        },
        spec: node.taints.length > 0 ? { taints: node.taints.map((t) => (t.value === undefined ? { key: t.key, effect: t.effect } : { ...t })) } : {},
        status: {
            capacity: resources,
            allocatable: { ...resources },
            nodeInfo: { architecture: node.arch, operatingSystem: "linux" },
        },
    };
}
