export * from "./cloudcore-values";
export * from "./devices";
export * from "./edge-affinity";
export * from "./edge-node-config";
export * from "./cloudcore";
export * from "./edge-node";
export * from "./edgemesh";
export * from "./kubeedge";
