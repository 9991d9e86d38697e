import type { LocalTaint } from "../local/node-labels";
import type { VersionTable } from "../../versions";

/** One k3d node (a container running K3s). */
export interface K3dNodeArgs {
    /** The node's name in the spec; k3d names the Kubernetes node itself (`k3d-<cluster>-agent-0`). */
    name: string;
    /** `server` or `agent`. */
    role: string;
    /** amd64 | arm64 (k3d nodes share the host's architecture). @default "amd64" */
    arch?: string;
    /** Node labels. @default {} */
    labels?: Record<string, string>;
    /** Taints. @default [] */
    taints?: LocalTaint[];
    /** Extra runtimes: crun, wasmedge (shims mounted from the host), kata (kata-deploy). @default [] */
    runtimes?: string[];
    /** Capabilities the node declares (e.g. kvm). @default [] */
    capabilities?: string[];
}

/** A k3d cluster (K3s in Docker), the edge tier of a laptop continuum. */
export interface K3dClusterArgs {
    /** Cluster name: `metadata.name`, part of the node names, the Cilium cluster name. */
    clusterName: string;
    /** cloud | edge. @default "edge" */
    tier?: string;
    /** Pod CIDR (`--cluster-cidr`); distinct per cluster. */
    podCidr: string;
    /** Service CIDR (`--service-cidr`); distinct per cluster. */
    serviceCidr: string;
    /** Cluster DNS domain (`--cluster-domain`). @default "cluster.local" */
    clusterDomain?: string;
    /** Cilium is the CNI: no flannel, no K3s network policy controller. @default false */
    ciliumCni?: boolean;
    /** Cilium replaces kube-proxy: `--disable-kube-proxy` (only with ciliumCni). @default false */
    kubeProxyReplacement?: boolean;
    /** The nodes, at least one server. */
    nodes: K3dNodeArgs[];
    /** Labels every node gets. @default {} */
    nodeLabels?: Record<string, string>;
    /** Registry mirrors: registry host → mirror endpoints. @default {} */
    registryMirrors?: Record<string, string[]>;
    /** K3s image. @default the version table's k3s image */
    image?: string;
    /** Where the API is published: an IPv4 address to bind, or a host name. @default "127.0.0.1" */
    apiHost?: string;
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
