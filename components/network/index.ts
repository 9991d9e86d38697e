export * from "../core/cidr";
export * from "./chart-source";
export * from "./cilium-values";
export * from "./mesh-plan";
export * from "./cilium";
export * from "./cluster-mesh";
