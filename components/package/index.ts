// The component package's public surface: the components with flat, plain-data Args, their Args
// and output types, and the enums. components/index.ts re-exports these under the same names.
export * from "./enums";
export * from "./cluster-spec-args";
export * from "./continuum-spec-args";
export * from "./cluster-ref-args";
export * from "./cluster-base-args";
export { Continuum, type ContinuumArgs, type ClusterInfo } from "./continuum";
export { KubeadmCluster, type KubeadmClusterArgs } from "./kubeadm-cluster";
export { K3sCluster, type K3sClusterArgs } from "./k3s-cluster";
export { SimCluster, type SimClusterArgs } from "./sim-cluster";
export { KindCluster, type KindClusterArgs } from "./kind-cluster";
export { K3dCluster, type K3dClusterArgs } from "./k3d-cluster";
export { ExistingCluster, type ExistingClusterArgs } from "./existing-cluster";
export { ClusterMesh, type ClusterMeshArgs, type MeshMemberRefArgs, type MeshPeering } from "./cluster-mesh";
export { KubeEdge, type KubeEdgeArgs } from "./kubeedge";
export { RuntimeCatalog, type RuntimeCatalogArgs, type RuntimeClassInfo } from "./runtime-catalog";
export { Akri, type AkriArgs, type AkriResourceInfo } from "./akri";
