import type { TaintArgs } from "../../core/taint";
import type { Arch } from "../../spec/node";
import type { Tier } from "../../spec/cluster";
import type { VersionTable } from "../../versions";

/** What a node of a local cluster (a container on the Docker engine) takes, kind or k3d. */
export interface LocalNodeArgs {
    /** The node's name in the spec; kind and k3d name the Kubernetes node themselves. */
    name: string;
    /** amd64 | arm64 (local nodes share the Docker engine's architecture). @default "amd64" */
    arch?: Arch;
    /** Node labels. @default {} */
    labels?: Record<string, string>;
    /** Taints (the node's complete set; on a kind control plane they replace kubeadm's default). @default [] */
    taints?: TaintArgs[];
    /** Extra runtimes: crun, wasmedge (shims mounted from the host), kata (kata-deploy). @default [] */
    runtimes?: string[];
    /** Capabilities the node declares (e.g. kvm). @default [] */
    capabilities?: string[];
}

/** What a local cluster (kind or k3d) takes besides its nodes. */
export interface LocalClusterArgs {
    /** Cluster name: the kind/k3d cluster, part of its node names, its Cilium cluster name. */
    clusterName: string;
    /** cloud | edge. @default "cloud" on kind, "edge" on k3d */
    tier?: Tier;
    /** Pod CIDR; distinct per cluster. */
    podCidr: string;
    /** Service CIDR; distinct per cluster. */
    serviceCidr: string;
    /** Cluster DNS domain. @default "cluster.local" */
    clusterDomain?: string;
    /** Cilium is the CNI: no default CNI (kindnet on kind; flannel and the policy controller on K3s). @default false */
    ciliumCni?: boolean;
    /** Cilium replaces kube-proxy: no kube-proxy is installed (only with ciliumCni). @default false */
    kubeProxyReplacement?: boolean;
    /** Labels every node gets. @default {} */
    nodeLabels?: Record<string, string>;
    /** Registry mirrors: registry host → mirror endpoints. @default {} */
    registryMirrors?: Record<string, string[]>;
    /** Node image. @default the version table's image (kind: kindNode, k3d: k3s) */
    image?: string;
    /** State directory for the rendered config, relative to the Pulumi project. @default ".continuum/<clusterName>" */
    stateDir?: string;
    /** Host directory of runtime shims (crun, containerd-shim-wasmedge-v1), relative to the project. @default
     * ".continuum/shims" */
    shimDir?: string;
    /** Docker network shared by every local cluster of the continuum. @default "continuum" */
    dockerNetwork?: string;
    /** Directory holding the pinned artifacts (airgap): shims are taken from there, not downloaded. @default none */
    artifactDir?: string;
    /** The version table shims are pinned by (with the stack's `artifacts:` pins). @default VERSION_TABLE */
    table?: VersionTable;
}
