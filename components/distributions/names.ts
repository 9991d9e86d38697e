/**
 * The names of the distributions and of their node roles, each spelled once: the descriptors, the
 * spec's enums, the `Cluster` handle and the component package's enums (package/enums.ts) take them.
 */

/** Kubernetes distributions. */
export const Distribution = {
    /** kubeadm (full Kubernetes). */
    Kubeadm: "kubeadm",
    /** K3s. */
    K3s: "k3s",
    /** A cluster continuum does not install. */
    Existing: "existing",
} as const;
/** kubeadm | k3s | existing. */
export type Distribution = (typeof Distribution)[keyof typeof Distribution];

/** Node roles: server/agent for K3s, control-plane/worker for kubeadm. */
export const NodeRole = {
    /** K3s server. */
    Server: "server",
    /** K3s agent. */
    Agent: "agent",
    /** kubeadm control plane. */
    ControlPlane: "control-plane",
    /** kubeadm worker. */
    Worker: "worker",
} as const;
/** server | agent | control-plane | worker. */
export type NodeRole = (typeof NodeRole)[keyof typeof NodeRole];

/** K3s's node roles: a server runs the API server (with several servers, embedded etcd); an agent, workloads. */
export const K3sRole = { Server: NodeRole.Server, Agent: NodeRole.Agent } as const;
/** server | agent. */
export type K3sRole = (typeof K3sRole)[keyof typeof K3sRole];

/** kubeadm's node roles: a control plane runs the API server, etcd, the controller manager and the scheduler. */
export const KubeadmRole = { ControlPlane: NodeRole.ControlPlane, Worker: NodeRole.Worker } as const;
/** control-plane | worker. */
export type KubeadmRole = (typeof KubeadmRole)[keyof typeof KubeadmRole];
