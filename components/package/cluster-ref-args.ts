/**
 * A cluster handed to an add-on (RuntimeCatalog, Akri, ClusterMesh, KubeEdge) as plain data: what
 * the add-on plans from (name, tier, endpoint, CIDRs, nodes with their labels and runtimes). The
 * kubeconfig travels beside it as a secret Input, and the add-on makes its own Kubernetes provider
 * from the two. Every cluster component outputs one (`clusterRef`) with its `kubeconfig`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Arch, Capability, Distribution, NodeRole, Runtime, Substrate, Tier } from "./enums";

/** A node of a cluster, as an add-on sees it. */
export interface NodeRefArgs {
    /** Kubernetes node name. */
    name: pulumi.Input<string>;
    /** Roles (none for a KubeEdge edge node). @default [] */
    roles?: pulumi.Input<NodeRole>[];
    /** CPU architecture. @default "amd64" */
    arch?: pulumi.Input<Arch>;
    /** Labels the node carries. @default {} */
    labels?: { [key: string]: pulumi.Input<string> };
    /** Capabilities (kvm for Kata). @default [] */
    capabilities?: pulumi.Input<Capability>[];
    /** Extra runtimes on the node (crun, kata, wasmedge). @default [] */
    runtimes?: pulumi.Input<Runtime>[];
    /** Address the node is reached at over SSH. @default none */
    host?: pulumi.Input<string>;
    /** SSH port. @default ssh.port */
    port?: pulumi.Input<number>;
    /** SSH user. @default ssh.user */
    user?: pulumi.Input<string>;
    /** Pinned SSH host key. @default none: only with ssh.insecureIgnoreHostKey */
    hostKey?: pulumi.Input<string>;
    /** A KubeEdge edge node joined to this cluster. @default false */
    kubeEdge?: pulumi.Input<boolean>;
    /** Its cluster already installs its runtimes (K3s over SSH): only RuntimeClasses are declared. @default false */
    runtimesInstalled?: pulumi.Input<boolean>;
}

/** What a cluster is to its add-ons besides its name and substrate: tier, distribution, addresses, nodes. */
export interface ClusterShapeArgs {
    /** cloud or edge. @default "cloud" */
    tier?: pulumi.Input<Tier>;
    /** What runs there. @default "existing" */
    distribution?: pulumi.Input<Distribution>;
    /** API host as the cluster's nodes reach it (Cilium's k8sServiceHost). */
    apiHost: pulumi.Input<string>;
    /** API port as the nodes reach it. @default 6443 */
    apiPort?: pulumi.Input<number>;
    /** Pod CIDR. */
    podCidr: pulumi.Input<string>;
    /** Service CIDR. */
    serviceCidr: pulumi.Input<string>;
    /** Cluster DNS domain. @default "cluster.local" */
    clusterDomain?: pulumi.Input<string>;
    /** Nodes, as the add-ons should see them. @default [] */
    nodes?: NodeRefArgs[];
}

/** A cluster as plain data. */
export interface ClusterRefArgs extends ClusterShapeArgs {
    /** Cluster name in the continuum. */
    name: pulumi.Input<string>;
    /** Where it runs (part of its provider's stable identity). @default "existing" */
    substrate?: pulumi.Input<Substrate>;
}

/** How an add-on reaches its cluster: the cluster as plain data and its kubeconfig. */
export interface ClusterAccessArgs {
    /** The cluster (plain data: a cluster component's `clusterRef`, or written out). */
    cluster: ClusterRefArgs;
    /** The cluster's kubeconfig (secret: wrapped with pulumi.secret). */
    kubeconfig: pulumi.Input<string>;
    /** Kubeconfig context. @default the current context */
    context?: pulumi.Input<string>;
}

/** A node of a cluster component's output. */
export interface NodeRef {
    /** Kubernetes node name. */
    name: string;
    /** Roles (none for a KubeEdge edge node). */
    roles: NodeRole[];
    /** CPU architecture. */
    arch: Arch;
    /** Labels the node carries. */
    labels: { [key: string]: string };
    /** Capabilities. */
    capabilities: Capability[];
    /** Extra runtimes. */
    runtimes: Runtime[];
    /** A KubeEdge edge node. */
    kubeEdge: boolean;
    /** Its cluster installs its runtimes. */
    runtimesInstalled: boolean;
}

/** What a cluster component outputs for its add-ons (the fields of ClusterRefArgs). */
export interface ClusterRef {
    /** Cluster name. */
    name: string;
    /** cloud or edge. */
    tier: Tier;
    /** What runs there. */
    distribution: Distribution;
    /** Where it runs. */
    substrate: Substrate;
    /** API host as nodes reach it. */
    apiHost: string;
    /** API port. */
    apiPort: number;
    /** Pod CIDR. */
    podCidr: string;
    /** Service CIDR. */
    serviceCidr: string;
    /** Cluster DNS domain. */
    clusterDomain: string;
    /** Nodes. */
    nodes: NodeRef[];
}
