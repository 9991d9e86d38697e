// The host layer: reaching a machine over SSH, checking it, pushing verified artifacts, running scripts.
export * from "./connection";
export * from "./params";
export * from "./remote-commands";
export * from "./host-script";
export * from "./preflight";
export * from "./host-preflight";
export * from "./artifacts";
export * from "./node-lifecycle";
export * from "./node-lists";
export * from "./shared-secret";
export * from "./kubeconfig";
export * from "./ca-hash";
