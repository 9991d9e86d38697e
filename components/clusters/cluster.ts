import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Distribution, NodeRole } from "../distributions/distribution";
import type { ClusterSpec, Substrate, Tier } from "../spec/cluster";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { Arch } from "../spec/node";

/** The role a KubeEdge edge node has in its cloud cluster's handle. */
export const EDGE_NODE_ROLE = "edge";

/** A node as add-ons see it, whatever the substrate. */
export interface ClusterNodeInfo {
    /** Kubernetes node name. */
    name: string;
    /** Roles from the spec (server/agent/control-plane/worker; `edge` for KubeEdge nodes). */
    roles: (NodeRole | typeof EDGE_NODE_ROLE)[];
    /** amd64 | arm64 | arm. */
    arch: Arch;
    /** Labels the node carries (spec labels plus toolkit labels). */
    labels: Record<string, string>;
    /** Capabilities the spec declares (e.g. `kvm`). */
    capabilities: string[];
    /** Extra runtimes installed on the node (crun, kata, wasmedge). */
    runtimes: string[];
    /** Address the node is reached at, where it has one. */
    host?: string;
    /** True for KubeEdge edge nodes joined to this (cloud) cluster. */
    kubeEdge: boolean;
    /**
     * The substrate already installs this node's extra runtimes and sets its runtime labels (the
     * K3s-over-SSH node converge): the RuntimeCatalog only declares the RuntimeClasses. @default false
     */
    runtimesInstalled?: boolean;
}

/**
 * The one handle every substrate returns (kubeadm/K3s over SSH, kind, k3d, existing,
 * sim). Add-ons only ever see this, so a new substrate never touches an add-on.
 */
export interface Cluster {
    /** Cluster name from the spec. */
    name: string;
    /** cloud | edge. */
    tier: Tier;
    /** kubeadm | k3s | existing. */
    distribution: Distribution;
    /** ssh | kind | k3d | sim | existing. */
    substrate: Substrate;
    /** Kubeconfig (secret); resolves only once the API answers. */
    kubeconfig: pulumi.Output<string>;
    /** Provider for this cluster, with a stable `clusterIdentifier`. */
    provider: k8s.Provider;
    /** `https://host:port` of the API server. */
    apiEndpoint: pulumi.Output<string>;
    /** API host as nodes reach it (Cilium `k8sServiceHost`). */
    apiHost: string;
    /** API port as nodes reach it (Cilium `k8sServicePort`). */
    apiPort: number;
    /** Pod CIDR. */
    podCidr: string;
    /** Service CIDR. */
    serviceCidr: string;
    /** Cluster DNS domain. */
    clusterDomain: string;
    /** Nodes with their labels and capabilities. */
    nodes: ClusterNodeInfo[];
    /**
     * Resources that must exist before add-ons install (use in `dependsOn`): the control plane
     * answering, never every node — one node that fails (`pulumi up --continue-on-error`) holds up
     * only what needs that node.
     */
    ready: pulumi.Resource[];
    /**
     * Per node name, what a step acting on that one node (installing on its host, patching its Node
     * object) waits for besides `ready`: the node's own join. A node not listed is ready with
     * `ready` (its substrate creates every node before the handle is ready, or installs the node's
     * runtimes itself). @default {}
     */
    nodesReady?: Record<string, pulumi.Resource[]>;
}

/** Label every node carries for each runtime installed on it. */
export const runtimeLabel = (runtime: string): string => `runtime.continuum.dev/${runtime}`;

/** Label naming the continuum tier of a node. */
export const TIER_LABEL = "continuum.dev/tier";

/** Label naming the cluster a node belongs to. */
export const CLUSTER_LABEL = "continuum.dev/cluster";

/** Role label KubeEdge puts on edge nodes. */
export const KUBEEDGE_EDGE_ROLE = "node-role.kubernetes.io/edge";

/** Builds the Cluster handle for one cluster of the spec on its substrate (one entry of the factory in
 * from-spec/clusters.ts). */
export type ClusterBuilder = (
    spec: ContinuumSpec,
    cluster: ClusterSpec,
    opts: pulumi.ComponentResourceOptions,
) => Cluster;
