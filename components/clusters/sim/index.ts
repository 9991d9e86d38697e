// The simulated substrate: real control planes (kwokctl --runtime binary), kwok-simulated nodes.
export * from "./sim-cluster";
export * from "./node-pool";
export * from "./control-plane";
export * from "./kubeconfig";
export * from "./node-labels";
export * from "./node-manifest";
export * from "./delete-with";
