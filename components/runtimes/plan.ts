/**
 * The runtime plan of one cluster: which node gets which runtime and how, which labels, and
 * which RuntimeClasses (none for a runtime installed on no node of the cluster). Pure.
 */
import { RUNTIMES, type RuntimeName } from "../spec/node";
import type { ClusterNodeInfo } from "../clusters/cluster";
import { runtimeLabel } from "../clusters/cluster";
import type { HandlerSettings } from "./containerd-config";
import {
    configWayFor,
    deliveryFor,
    RUNTIME_CATALOG,
    runtimeClassFor,
    type ClusterPlace,
    type ConfigWay,
    type Delivery,
    type RuntimeClassPlan,
} from "./catalog";

/** One runtime on one node. */
export interface NodeRuntime {
    runtime: RuntimeName;
    delivery: Delivery;
    configWay: ConfigWay;
}

/** The runtimes of one node. */
export interface NodeRuntimePlan {
    node: string;
    arch: string;
    host?: string;
    kubeEdge: boolean;
    runtimes: NodeRuntime[];
    /** `runtime.continuum.dev/<name>: "true"` per runtime. */
    labels: Record<string, string>;
}

/** The runtimes of one cluster. */
export interface ClusterRuntimePlan {
    nodes: NodeRuntimePlan[];
    /** Runtimes installed on at least one node, sorted. */
    installed: RuntimeName[];
    /** One per installed runtime. */
    runtimeClasses: RuntimeClassPlan[];
    /** Nodes kata-deploy must cover (kind/k3d Kata). */
    kataDeployNodes: string[];
}

/** Cluster facts the plan needs (a subset of the Cluster handle). */
export interface PlanCluster extends ClusterPlace {
    name: string;
    nodes: ClusterNodeInfo[];
}

const isRuntime = (r: string): r is RuntimeName => (RUNTIMES as readonly string[]).includes(r);

/** Plan the runtimes of a cluster. Throws, naming the node, for a runtime it cannot place. */
export function planRuntimes(cluster: PlanCluster, settings: Pick<HandlerSettings, "kataShim">): ClusterRuntimePlan {
    const nodes: NodeRuntimePlan[] = [];
    const installed = new Set<RuntimeName>();
    const kataDeployNodes: string[] = [];
    for (const n of cluster.nodes) {
        const runtimes: NodeRuntime[] = [];
        for (const r of [...new Set(n.runtimes)].sort()) {
            if (!isRuntime(r)) {
                throw new Error(
                    `cluster '${cluster.name}', node '${n.name}': runtime ` +
                        `'${r}' is not in the catalog — use one of ${RUNTIMES.join(", ")}`,
                );
            }
            if (RUNTIME_CATALOG[r].needsKvm && !n.capabilities.includes("kvm")) {
                throw new Error(
                    `cluster '${cluster.name}', node '${n.name}' asks for ${r} ` +
                        `but does not declare the kvm capability — add capabilities: [kvm] if it ` +
                        `has /dev/kvm, or drop ${r} from its runtimes`,
                );
            }
            const delivery = deliveryFor(r, cluster, n.kubeEdge);
            runtimes.push({ runtime: r, delivery, configWay: configWayFor(r, cluster, n.kubeEdge) });
            installed.add(r);
            if (delivery === "kata-deploy") kataDeployNodes.push(n.name);
        }
        if (runtimes.length === 0) continue;
        const labels = Object.fromEntries(runtimes.map((x) => [runtimeLabel(x.runtime), "true"]));
        nodes.push({ node: n.name, arch: n.arch, host: n.host, kubeEdge: n.kubeEdge, runtimes, labels });
    }
    const sorted = [...installed].sort();
    return {
        nodes,
        installed: sorted,
        runtimeClasses: sorted.map((r) => runtimeClassFor(r, cluster, settings)),
        kataDeployNodes,
    };
}
