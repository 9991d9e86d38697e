import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../../spec/cluster";
import { runtimeLabel, type Cluster, type ClusterNodeInfo } from "../cluster";
import { clusterHandle, clusterProvider } from "../handle";
import { rewriteKubeconfig } from "../../hosts/kubeconfig";
import { desiredNodeLabels, type SshClusterPlan } from "./ssh-topology";

/**
 * The nodes as add-ons see them. `runtimesInstalled`: the cluster's own node steps install the
 * nodes' extra runtimes and set their runtime labels (K3s: the node converge and the pool step).
 */
export function sshNodeInfos(cluster: ClusterSpec, options: { runtimesInstalled?: boolean } = {}): ClusterNodeInfo[] {
    return cluster.nodes.map((n) => ({
        name: n.name,
        roles: [...n.roles],
        arch: n.arch,
        labels: {
            ...desiredNodeLabels(cluster, n),
            ...Object.fromEntries(n.runtimes.map((r) => [runtimeLabel(r), "true"])),
        },
        capabilities: [...n.capabilities],
        runtimes: [...n.runtimes],
        host: n.host,
        kubeEdge: false,
        ...(options.runtimesInstalled && n.runtimes.length > 0 ? { runtimesInstalled: true } : {}),
    }));
}

/** What the Cluster handle of an ssh cluster is made from. */
export interface SshClusterHandleInput {
    cluster: ClusterSpec;
    plan: SshClusterPlan;
    /** The first control node's admin kubeconfig, printed only after the API answered (secret). */
    adminKubeconfig: pulumi.Output<string>;
    /** Resources add-ons must wait for: the control plane, not the other nodes. */
    ready: pulumi.Resource[];
    /** Per node, what a step on that node waits for besides `ready` (its join). @default {} */
    nodesReady?: Record<string, pulumi.Resource[]>;
    /** Parent of the provider. */
    parent: pulumi.Resource;
    /** The cluster's node steps install the extra runtimes and set the runtime labels. @default false */
    runtimesInstalled?: boolean;
}

/**
 * The Cluster handle: kubeconfig rewritten to the API endpoint and kept secret, a provider with a
 * stable `clusterIdentifier`. The kubeconfig is unknown in preview and resolves only after the
 * kubeconfig step, which waits for the API to answer on the node.
 */
export function sshClusterHandle(input: SshClusterHandleInput): Cluster {
    const { cluster, plan } = input;
    const kubeconfig = pulumi.secret(
        input.adminKubeconfig.apply((text) => rewriteKubeconfig(text, cluster.name, plan.apiEndpoint)),
    );
    const provider = clusterProvider(`${cluster.name}-k8s`, cluster.name, cluster.substrate, kubeconfig, input.parent, {
        dependsOn: input.ready,
    });
    return clusterHandle({
        name: cluster.name,
        tier: cluster.tier,
        distribution: cluster.distribution,
        substrate: cluster.substrate,
        kubeconfig,
        provider,
        apiEndpoint: pulumi.output(plan.apiEndpoint),
        apiHost: plan.apiHost,
        apiPort: plan.apiPort,
        network: cluster.network,
        nodes: sshNodeInfos(cluster, { runtimesInstalled: input.runtimesInstalled }),
        ready: [...input.ready, provider],
        nodesReady: input.nodesReady ?? {},
    });
}
