/**
 * The per-cluster node step (scripts/node-pool.sh): labels of every node through one
 * server-side apply, taints, and removal of nodes that left the spec — one command on the first
 * control-plane node instead of one per node: the only place node labels and taints are set.
 * Pure rendering, and the one-shot step (hosts/host-step.ts) that runs it.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { Taint } from "../../spec/node";
import { scriptWaitSeconds, type HostConnection } from "../../hosts/connection";
import { hostStep, type HostStep } from "../../hosts/host-step";
import { taintList } from "../../hosts/node-lists";

/** A node's name and the labels it must carry. */
export interface NodeLabels {
    name: string;
    labels: Record<string, string>;
}

/** The node-pool script. */
export const NODE_POOL_SCRIPT = path.join(__dirname, "scripts", "node-pool.sh");

/** The field manager that owns continuum's node labels. */
export const NODE_LABELS_MANAGER = "continuum-nodes";

/** A v1 List of partial Node objects (name and labels) for `kubectl apply --server-side`, one line. */
export function nodeLabelsManifest(nodes: NodeLabels[]): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: nodes.map((n) => ({ apiVersion: "v1", kind: "Node", metadata: { name: n.name, labels: n.labels } })),
    });
}

/** `node key=value:Effect,...` lines for the nodes that have taints. */
export function nodeTaintLines(nodes: { name: string; taints: Taint[] }[]): string {
    return nodes
        .filter((n) => n.taints.length > 0)
        .map((n) => `${n.name} ${taintList(n.taints)}`)
        .join("\n");
}

/** The parameters of node-pool.sh. */
export function nodePoolParams(input: {
    cluster: string;
    kubectlFlavor: string;
    nodes: NodeLabels[];
    taints: { name: string; taints: Taint[] }[];
    waitSeconds: number;
    drainTimeoutSeconds?: number;
}): Record<string, string> {
    return {
        KUBECTL_FLAVOR: input.kubectlFlavor,
        CLUSTER_NAME: input.cluster,
        NODE_NAMES: input.nodes.map((n) => n.name).join(","),
        NODES_MANIFEST: nodeLabelsManifest(input.nodes),
        NODE_TAINTS: nodeTaintLines(input.taints),
        FIELD_MANAGER: NODE_LABELS_MANAGER,
        WAIT_SECONDS: String(input.waitSeconds),
        DRAIN_TIMEOUT: String(input.drainTimeoutSeconds ?? 120),
    };
}

/** The pool step on the first control-plane node, after `after` (every node's converge). */
export function nodePoolStep(
    name: string,
    control: HostConnection,
    params: Record<string, string>,
    after: pulumi.Input<pulumi.Input<pulumi.Resource>[]>,
    parent: pulumi.Resource,
): HostStep {
    return hostStep(name, {
        connection: control,
        script: NODE_POOL_SCRIPT,
        params: { ...params, WAIT_SECONDS: params.WAIT_SECONDS ?? String(scriptWaitSeconds(control.timeoutSeconds)) },
        dependsOn: after,
        parent,
    });
}
