/**
 * The toolkit's domain words as `as const` objects with their union types, each spelled once: the
 * spec's zod enums, the distributions' descriptors, the `Cluster` handle and the component package
 * (package/enums.ts re-exports these; the schema publishes them as enums, members documented) all
 * take them from here. Literal values only: Pulumi's schema inference reads each object's literals.
 */

/** The continuum's tiers. */
export const Tier = {
    /** Full Kubernetes: the cloud side of the continuum. */
    Cloud: "cloud",
    /** K3s clusters and KubeEdge nodes near the devices. */
    Edge: "edge",
} as const;
/** cloud | edge. */
export type Tier = (typeof Tier)[keyof typeof Tier];

/** Where a cluster runs. */
export const Substrate = {
    /** Real machines reached over SSH. */
    Ssh: "ssh",
    /** kind (kubeadm in Docker). */
    Kind: "kind",
    /** k3d (K3s in Docker). */
    K3d: "k3d",
    /** Simulated nodes on real API servers. */
    Sim: "sim",
    /** A cluster that already runs. */
    Existing: "existing",
} as const;
/** ssh | kind | k3d | sim | existing. */
export type Substrate = (typeof Substrate)[keyof typeof Substrate];

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

/** CPU architectures. */
export const Arch = {
    /** x86-64. */
    Amd64: "amd64",
    /** 64-bit ARM. */
    Arm64: "arm64",
    /** 32-bit ARM (armhf). */
    Arm: "arm",
} as const;
/** amd64 | arm64 | arm. */
export type Arch = (typeof Arch)[keyof typeof Arch];

/** Container runtimes beyond runc. */
export const Runtime = {
    /** crun. */
    Crun: "crun",
    /** Kata Containers (needs the `kvm` capability). */
    Kata: "kata",
    /** WasmEdge (runwasi shim). */
    Wasmedge: "wasmedge",
} as const;
/** crun | kata | wasmedge. */
export type Runtime = (typeof Runtime)[keyof typeof Runtime];

/** What a machine can do. */
export const Capability = {
    /** Hardware virtualisation (Kata). */
    Kvm: "kvm",
    /** A GPU. */
    Gpu: "gpu",
    /** A TPM. */
    Tpm: "tpm",
} as const;
/** kvm | gpu | tpm. */
export type Capability = (typeof Capability)[keyof typeof Capability];

/** How root is obtained on a host. */
export const SudoMode = {
    /** `sudo -n`. */
    Nopasswd: "nopasswd",
    /** `sudo -S` with the password on stdin. */
    Password: "password",
    /** Already privileged. */
    None: "none",
} as const;
/** nopasswd | password | none. */
export type SudoMode = (typeof SudoMode)[keyof typeof SudoMode];

/** What a taint does to pods that do not tolerate it. */
export const TaintEffect = {
    /** New pods are not scheduled on the node. */
    NoSchedule: "NoSchedule",
    /** The scheduler avoids the node. */
    PreferNoSchedule: "PreferNoSchedule",
    /** Running pods are evicted too. */
    NoExecute: "NoExecute",
} as const;
/** NoSchedule | PreferNoSchedule | NoExecute. */
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** Cilium datapath routing modes. */
export const RoutingMode = {
    /** VXLAN/Geneve tunnel. */
    Tunnel: "tunnel",
    /** Native routing. */
    Native: "native",
} as const;
/** tunnel | native. */
export type RoutingMode = (typeof RoutingMode)[keyof typeof RoutingMode];

/** How clustermesh-apiserver is exposed. */
export const MeshServiceType = {
    /** A NodePort per cluster. */
    NodePort: "NodePort",
    /** A LoadBalancer Service. */
    LoadBalancer: "LoadBalancer",
} as const;
/** NodePort | LoadBalancer. */
export type MeshServiceType = (typeof MeshServiceType)[keyof typeof MeshServiceType];

/** A cluster's pod network. */
export const Cni = {
    /** The toolkit installs Cilium. */
    Cilium: "cilium",
    /** Bring your own CNI. */
    None: "none",
} as const;
/** cilium | none. */
export type Cni = (typeof Cni)[keyof typeof Cni];

/** How CloudCore is exposed. */
export const CloudCoreServiceType = {
    /** A NodePort Service. */
    NodePort: "NodePort",
    /** A LoadBalancer Service. */
    LoadBalancer: "LoadBalancer",
    /** The host network of the node it runs on. */
    HostNetwork: "HostNetwork",
} as const;
/** NodePort | LoadBalancer | HostNetwork. */
export type CloudCoreServiceType = (typeof CloudCoreServiceType)[keyof typeof CloudCoreServiceType];

/** Akri discovery handlers. */
export const AkriHandler = {
    /** Local devices by udev rule. */
    Udev: "udev",
    /** ONVIF IP cameras. */
    Onvif: "onvif",
    /** OPC UA servers. */
    Opcua: "opcua",
} as const;
/** udev | onvif | opcua. */
export type AkriHandler = (typeof AkriHandler)[keyof typeof AkriHandler];

/** Whether an Akri filter keeps or drops what it lists. */
export const FilterAction = {
    /** Keep only the listed items. */
    Include: "Include",
    /** Drop the listed items. */
    Exclude: "Exclude",
} as const;
/** Include | Exclude. */
export type FilterAction = (typeof FilterAction)[keyof typeof FilterAction];

/** Types of a KubeEdge device property. */
export const DevicePropertyType = {
    /** Integer. */
    Int: "int",
    /** Float. */
    Float: "float",
    /** Double. */
    Double: "double",
    /** String. */
    String: "string",
    /** Boolean. */
    Boolean: "boolean",
    /** Bytes. */
    Bytes: "bytes",
} as const;
/** int | float | double | string | boolean | bytes. */
export type DevicePropertyType = (typeof DevicePropertyType)[keyof typeof DevicePropertyType];

/** Access modes of a KubeEdge device property. */
export const AccessMode = {
    /** Read and write. */
    ReadWrite: "ReadWrite",
    /** Read only. */
    ReadOnly: "ReadOnly",
} as const;
/** ReadWrite | ReadOnly. */
export type AccessMode = (typeof AccessMode)[keyof typeof AccessMode];
