/**
 * Each distribution's node roles, from core's NodeRole (the descriptors and the local substrates
 * take them).
 */
import { NodeRole } from "../core/enums";

export { Distribution, NodeRole } from "../core/enums";

/** K3s's node roles: a server runs the API server (with several servers, embedded etcd); an agent, workloads. */
export const K3sRole = { Server: NodeRole.Server, Agent: NodeRole.Agent } as const;
/** server | agent. */
export type K3sRole = (typeof K3sRole)[keyof typeof K3sRole];

/** kubeadm's node roles: a control plane runs the API server, etcd, the controller manager and the scheduler. */
export const KubeadmRole = { ControlPlane: NodeRole.ControlPlane, Worker: NodeRole.Worker } as const;
/** control-plane | worker. */
export type KubeadmRole = (typeof KubeadmRole)[keyof typeof KubeadmRole];
