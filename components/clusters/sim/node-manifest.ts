import { createHash } from "node:crypto";
import type { Capacity } from "../../spec/node";
import type { SimTaint } from "./node-labels";

/** Annotation kwok's controller selects the nodes it simulates by (kwokctl's default selector). */
export const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
/** Annotation naming the control plane a simulated node was registered with. */
export const CONTROL_PLANE_ANNOTATION = "continuum.dev/sim-control-plane";
/**
 * Label naming the node pool (the `local.Command` of scripts/sim-nodes.sh) that applied the node
 * last: a pool lists its nodes by it (one request) and removes only nodes that still carry its
 * name, so a node that moved to another pool in the same `up` is not deleted by the one it left.
 */
export const POOL_LABEL = "continuum.dev/sim-pool";
/**
 * Annotation with a digest of what a node registered with (its status and control plane): the
 * API server keeps a Node's status only on create, so a node whose digest changed is deleted
 * and created again.
 */
export const REGISTRATION_ANNOTATION = "continuum.dev/sim-registration";

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
 * ignore it, so a capacity change means re-registering the node: see REGISTRATION_ANNOTATION).
 * kwok's controller then keeps it Ready, heartbeats its lease and runs the pods bound to it.
 */
export function simNodeObject(node: {
    name: string;
    arch: string;
    labels: Record<string, string>;
    taints: SimTaint[];
    capacity: Capacity;
    controlPlaneId: string;
    /** The pool that applies the node (its POOL_LABEL value). */
    pool: string;
}): SimNodeObject {
    const resources = { cpu: node.capacity.cpu, memory: node.capacity.memory, pods: String(node.capacity.pods) };
    const status = {
        capacity: resources,
        allocatable: { ...resources },
        nodeInfo: { architecture: node.arch, operatingSystem: "linux" },
    };
    const registration = createHash("sha256")
        .update(JSON.stringify([node.controlPlaneId, status]))
        .digest("hex")
        .slice(0, 16);
    return {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
            name: node.name,
            labels: { ...node.labels, [POOL_LABEL]: node.pool },
            annotations: {
                [KWOK_NODE_ANNOTATION]: "fake",
                [CONTROL_PLANE_ANNOTATION]: node.controlPlaneId,
                [REGISTRATION_ANNOTATION]: registration,
            },
        },
        spec:
            node.taints.length > 0
                ? {
                      taints: node.taints.map((t) =>
                          t.value === undefined ? { key: t.key, effect: t.effect } : { ...t },
                      ),
                  }
                : {},
        status,
    };
}
