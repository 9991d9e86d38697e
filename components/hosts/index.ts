// The host layer: reaching a machine over SSH (one HostConnection, one transport: a node's converge
// and one-shot steps), checking it, pushing verified artifacts, running scripts.
export * from "./connection";
export * from "./params";
export * from "./remote-commands";
export * from "./host-file";
export * from "./host-step";
export * from "./fleet-node";
export * from "./preflight";
export * from "./artifacts";
export * from "./node-lists";
export * from "./shared-secret";
export * from "./kubeconfig";
export * from "./ca-hash";
