/**
 * What the cluster components share: their Args become a one-cluster `continuum:spec` (through the
 * adapter, so the spec's rules apply), the cluster is built by the toolkit's own factory for its
 * substrate, and the component outputs the kubeconfig (secret), the API endpoint and the plain
 * `clusterRef` its add-ons take.
 */
import type * as pulumi from "@pulumi/pulumi";
import { EDGE_NODE_ROLE, type Cluster } from "../clusters/cluster";
import { createCluster } from "../from-spec/clusters";
import { specFromArgs } from "./adapter";
import type { ClusterBaseArgs } from "./cluster-base-args";
import type { ClusterRef } from "./cluster-ref-args";
import type { Capability, NodeRole, Runtime } from "./enums";

/** What a cluster component is built from besides its Args. */
export interface ClusterKind {
    /** The component's class name (for messages). */
    component: string;
    /** Its substrate. */
    substrate: string;
    /** Its distribution. */
    distribution: string;
    /** The tier. */
    tier: pulumi.Input<string>;
}

/** The cluster a component declares, and its plain reference. */
export interface DeclaredCluster {
    /** The internal handle. */
    cluster: Cluster;
    /** Plain data for add-ons. */
    ref: ClusterRef;
}

/** Build the cluster of a cluster component (children parented to `parent`). */
export function declareCluster(
    name: string,
    args: ClusterBaseArgs,
    kind: ClusterKind,
    parent: pulumi.ComponentResource,
): DeclaredCluster {
    const what = `${kind.component} '${name}'`;
    const raw = {
        ssh: args.ssh,
        versions: args.versions,
        artifacts: args.artifacts,
        airgap: args.airgap,
        clusters: [
            {
                name: args.clusterName ?? name,
                tier: kind.tier,
                distribution: kind.distribution,
                substrate: kind.substrate,
                network: args.network,
                cilium: args.cilium,
                apiEndpoint: args.apiEndpoint,
                registryMirrors: args.registryMirrors,
                nodes: args.nodes,
                nodeLabels: args.nodeLabels,
                hostSystem: args.hostSystem,
                backup: args.backup,
                restoreFrom: args.restoreFrom,
                certificates: args.certificates,
            },
        ],
    };
    const spec = specFromArgs(what, raw);
    const cluster = createCluster(spec, spec.clusters[0], { parent });
    return { cluster, ref: refOf(cluster) };
}

/** The plain reference of a cluster handle. */
export function refOf(c: Cluster): ClusterRef {
    return {
        name: c.name,
        tier: c.tier,
        distribution: c.distribution,
        substrate: c.substrate,
        apiHost: c.apiHost,
        apiPort: c.apiPort,
        podCidr: c.podCidr,
        serviceCidr: c.serviceCidr,
        clusterDomain: c.clusterDomain,
        nodes: c.nodes.map((n) => ({
            name: n.name,
            roles: n.roles.filter((r): r is NodeRole => r !== EDGE_NODE_ROLE),
            arch: n.arch,
            labels: { ...n.labels },
            capabilities: n.capabilities as Capability[],
            runtimes: n.runtimes as Runtime[],
            kubeEdge: n.kubeEdge,
            runtimesInstalled: n.runtimesInstalled ?? false,
        })),
    };
}
