// The public library: every component and its Args.
export * from "./continuum";
export * from "./topology";
export * from "./versions";
export * from "./version-table";
export * from "./clusters/cluster";
export { SimCluster, type SimClusterArgs, type SimNodeArgs, type SimTaintArgs, type SimCapacityArgs } from "./clusters/sim/sim-cluster";
export * as spec from "./spec";
