/**
 * The string enums of the component package (`as const` objects, so the schema publishes them as
 * enums and every language gets named constants). Each mirrors the spec's list of the same name
 * (components/spec/): the package's schema test fails when one drifts.
 */

export { Tier, Substrate } from "../spec/cluster";
export { TaintEffect } from "../core/taint";
export { Distribution, NodeRole } from "../distributions/names";

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
