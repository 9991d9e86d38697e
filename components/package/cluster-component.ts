/**
 * What the cluster components share: their Args become a one-cluster `continuum:spec` (through the
 * adapter, so the spec's rules apply), the cluster is built by the toolkit's own factory for its
 * substrate, and the component outputs the kubeconfig (secret), the API endpoint and the plain
 * `clusterRef` its add-ons take. Each component class keeps only what Pulumi's schema inference reads
 * from its own declaration (a class extending pulumi.ComponentResource directly, one constructor with
 * typed `args`, the outputs as its own properties); what it is lives in CLUSTER_COMPONENTS.
 */
import * as pulumi from "@pulumi/pulumi";
import { EDGE_NODE_ROLE, type Cluster } from "../clusters/cluster";
import { createCluster } from "../from-spec/clusters";
import { specFromArgs } from "./adapter";
import type { ClusterBaseArgs } from "./cluster-base-args";
import type { ClusterRef } from "./cluster-ref-args";
import type { Capability, Distribution, NodeRole, Runtime, Substrate, Tier } from "./enums";

/** Each cluster component's substrate, distribution and tier (the last two: when its Args set none). */
export const CLUSTER_COMPONENTS = {
    KubeadmCluster: { substrate: "ssh", distribution: "kubeadm", tier: "cloud" },
    K3sCluster: { substrate: "ssh", distribution: "k3s", tier: "edge" },
    SimCluster: { substrate: "sim", distribution: "kubeadm", tier: "cloud" },
    KindCluster: { substrate: "kind", distribution: "kubeadm", tier: "cloud" },
    K3dCluster: { substrate: "k3d", distribution: "k3s", tier: "edge" },
} as const satisfies Record<string, { substrate: Substrate; distribution: Distribution; tier: Tier }>;

/** The class name of a cluster component. */
export type ClusterComponentName = keyof typeof CLUSTER_COMPONENTS;

/** The Args of a cluster component: the shared fields, the tier and, where it can vary, the distribution. */
export interface ClusterComponentArgs extends ClusterBaseArgs {
    /** cloud or edge. @default the component's (CLUSTER_COMPONENTS) */
    tier?: pulumi.Input<Tier>;
    /** The distribution. @default the component's (CLUSTER_COMPONENTS) */
    distribution?: pulumi.Input<Distribution>;
}

/** What every cluster component outputs. */
export interface ClusterComponentOutputs {
    /** The kubeconfig (secret). */
    kubeconfig: pulumi.Output<string>;
    /** `https://host:port` of the API server. */
    apiEndpoint: pulumi.Output<string>;
    /** The cluster as plain data, for the add-on components. */
    clusterRef: ClusterRef;
}

/**
 * Declare the cluster of the cluster component `parent` (of class `component`; children parented to
 * it) from a one-cluster spec of its Args, and return its outputs for the component to keep and register.
 */
export function declareClusterComponent(
    component: ClusterComponentName,
    parent: pulumi.ComponentResource,
    name: string,
    args: ClusterComponentArgs,
): ClusterComponentOutputs {
    const kind = CLUSTER_COMPONENTS[component];
    const spec = specFromArgs(`${component} '${name}'`, {
        ssh: args.ssh,
        versions: args.versions,
        artifacts: args.artifacts,
        airgap: args.airgap,
        clusters: [
            {
                name: args.clusterName ?? name,
                tier: args.tier ?? kind.tier,
                distribution: args.distribution ?? kind.distribution,
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
    });
    const cluster = createCluster(spec, spec.clusters[0], { parent });
    return {
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        apiEndpoint: cluster.apiEndpoint,
        clusterRef: refOf(cluster),
    };
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
