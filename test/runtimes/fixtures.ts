import type { ClusterNodeInfo } from "../../components/clusters/cluster";
import type { PlanCluster } from "../../components/runtimes/plan";

/** A node as the Cluster handle carries it. */
export function node(name: string, runtimes: string[], extra: Partial<ClusterNodeInfo> = {}): ClusterNodeInfo {
    return {
        name,
        roles: ["agent"],
        arch: "amd64",
        labels: {},
        capabilities: runtimes.includes("kata") ? ["kvm"] : [],
        runtimes,
        host: `10.0.0.${name.length}`,
        kubeEdge: false,
        ...extra,
    };
}

/** A cluster with a server, a crun+kata node, a crun node, a plain node. */
export function cluster(
    substrate: PlanCluster["substrate"],
    distribution: PlanCluster["distribution"],
    nodes?: ClusterNodeInfo[],
): PlanCluster {
    return {
        name: `c-${substrate}`,
        substrate,
        distribution,
        nodes: nodes ?? [
            node("server-1", [], { roles: ["server"] }),
            node("worker-1", ["crun", "kata"]),
            node("worker-2", ["crun"]),
            node("worker-3", []),
        ],
    };
}
