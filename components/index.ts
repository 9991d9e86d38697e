// The public library: every component and its Args.
export * from "./continuum";
export * from "./topology";
export * from "./versions";
export * from "./version-table";
export * from "./clusters/cluster";
export { SimCluster, type SimClusterArgs, type SimNodeArgs, type SimTaintArgs, type SimCapacityArgs } from "./clusters/sim/sim-cluster";
export { RuntimeCatalog, type RuntimeCatalogArgs, type RuntimeClassOutput } from "./runtimes/runtime-catalog";
export { RuntimeSamples, type RuntimeSamplesArgs } from "./runtimes/samples";
export * from "./runtimes/containerd-config";
export { Akri, type AkriArgs } from "./discovery/akri";
export type { AkriResourceNames } from "./discovery/akri-values";
export * from "./network";
export * from "./edge";
export * from "./hosts";
export { K3sCluster, type K3sClusterArgs } from "./clusters/k3s/k3s-cluster";
export { KubeadmCluster, type KubeadmClusterArgs } from "./clusters/kubeadm/kubeadm-cluster";
export * as spec from "./spec";
