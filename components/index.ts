// The public library: every component and its Args.
export { specFromConfig, type ClusterOutputs, type SpecFromConfigOptions } from "./continuum";
export * from "./topology";
export * from "./versions";
export * from "./version-table";
export * from "./clusters/cluster";
export type { SimNodeArgs, SimCapacityArgs } from "./clusters/sim/sim-cluster";
export type { RuntimeClassOutput } from "./runtimes/runtime-catalog";
export { RuntimeSamples, type RuntimeSamplesArgs } from "./runtimes/samples";
export * from "./runtimes/containerd-config";
export type { AkriResourceNames } from "./discovery/akri-values";
export * from "./network";
export * from "./edge";
export * from "./hosts";
export * from "./clusters/ssh/ssh-topology";
export * from "./clusters/ssh/ssh-cluster-handle";
export type { KindNodeArgs } from "./clusters/kind/args";
export type { K3dNodeArgs } from "./clusters/k3d/args";
export type { ExistingNodeArgs } from "./clusters/existing/existing-cluster";
export type { LocalClusterArgs, LocalNodeArgs } from "./clusters/local/args";
export { TaintEffect, type TaintArgs } from "./core/taint";
export * as spec from "./spec";
// The component package (components/package/, docs/component-package.md): the public components
// with flat, plain-data Args, under the names its schema publishes. The toolkit's own classes of
// the same names stay importable by path (components/continuum.ts, components/clusters/...).
export {
    Continuum,
    type ContinuumArgs,
    type ClusterInfo,
    KubeadmCluster,
    type KubeadmClusterArgs,
    K3sCluster,
    type K3sClusterArgs,
    SimCluster,
    type SimClusterArgs,
    KindCluster,
    type KindClusterArgs,
    K3dCluster,
    type K3dClusterArgs,
    ExistingCluster,
    type ExistingClusterArgs,
    ClusterMesh,
    type ClusterMeshArgs,
    type MeshMemberRefArgs,
    type MeshPeering,
    KubeEdge,
    type KubeEdgeArgs,
    RuntimeCatalog,
    type RuntimeCatalogArgs,
    type RuntimeClassInfo,
    Akri,
    type AkriArgs,
    type AkriResourceInfo,
    type ContinuumSpecArgs,
    type ClusterSpecArgs,
    type NodeSpecArgs,
    type EdgeNodeSpecArgs,
    type KubeEdgeSpecArgs,
    type SshArgs,
    type ClusterBaseArgs,
    type ClusterRef,
    type ClusterRefArgs,
    type NodeRef,
    type NodeRefArgs,
} from "./package/index";
