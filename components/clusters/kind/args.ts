import type { LocalTaint } from "../local/node-labels";
import type { VersionTable } from "../../versions";

/** One kind node (a container). */
export interface KindNodeArgs {
    /** The node's name in the spec; kind names the Kubernetes node itself (`<cluster>-worker2`). */
    name: string;
    /** `control-plane` or `worker`. */
    role: string;
    /** amd64 | arm64 (kind nodes share the host's architecture). @default "amd64" */
    arch?: string;
    /** Node labels. @default {} */
    labels?: Record<string, string>;
    /** Taints (the node's complete set; for a control plane they replace kubeadm's default). @default [] */
    taints?: LocalTaint[];
    /** Extra runtimes: crun, wasmedge (shims mounted from the host), kata (kata-deploy). @default [] */
    runtimes?: string[];
    /** Capabilities the node declares (e.g. kvm). @default [] */
    capabilities?: string[];
}

/** A kind cluster (Kubernetes in Docker), the cloud tier of a laptop continuum. */
export interface KindClusterArgs {
    /** Cluster name: the kind cluster, the prefix of its node names, its Cilium cluster name. */
    clusterName: string;
    /** cloud | edge. @default "cloud" */
    tier?: string;
    /** Pod CIDR (kubeadm podSubnet); distinct per cluster. */
    podCidr: string;
    /** Service CIDR (kubeadm serviceSubnet); distinct per cluster. */
    serviceCidr: string;
    /** Cluster DNS domain. @default "cluster.local" */
    clusterDomain?: string;
    /** Cilium is the CNI: kind installs no default CNI. @default false */
    ciliumCni?: boolean;
    /** Cilium replaces kube-proxy: kind installs no kube-proxy (only with ciliumCni). @default false */
    kubeProxyReplacement?: boolean;
    /** The nodes, at least one control-plane. */
    nodes: KindNodeArgs[];
    /** Labels every node gets. @default {} */
    nodeLabels?: Record<string, string>;
    /** Registry mirrors: registry host → mirror endpoints. @default {} */
    registryMirrors?: Record<string, string[]>;
    /** Node image. @default the version table's kindNode image */
    image?: string;
    /** Host address the API server is published on (an IP). @default "127.0.0.1" */
    apiServerAddress?: string;
    /** Ports of the first control-plane node published on every host interface (e.g. KubeEdge CloudCore's). @default [] */
    hostPorts?: number[];
    /** State directory for the rendered config, relative to the Pulumi project. @default ".continuum/<clusterName>" */
    stateDir?: string;
    /** Host directory of runtime shims (crun, containerd-shim-wasmedge-v1), relative to the project. @default ".continuum/shims" */
    shimDir?: string;
    /** Docker network shared by every local cluster of the continuum. @default "continuum" */
    dockerNetwork?: string;
    /** Directory holding the pinned artifacts (airgap): shims are taken from there, not downloaded. @default none */
    artifactDir?: string;
    /** The version table shims are pinned by (with the stack's `artifacts:` pins). @default VERSION_TABLE */
    table?: VersionTable;
}
