/**
 * The whole continuum as plain data: the value of the `continuum:spec` config key, field for
 * field (components/spec/continuum-spec.ts, kubeedge.ts, artifacts.ts), as interfaces the
 * component package's schema publishes. Secrets are `Input<string>` the components wrap with
 * `pulumi.secret` (the schema cannot mark them; see docs/component-package.md).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterSpecArgs, EdgeNodeSpecArgs, FleetArgs } from "./cluster-spec-args";
import type { AccessMode, CloudCoreServiceType, DevicePropertyType, SudoMode } from "./enums";

/** The jump host every SSH connection goes through. */
export interface BastionArgs {
    /** Address of the jump host. */
    host: pulumi.Input<string>;
    /** SSH port. @default 22 */
    port?: pulumi.Input<number>;
    /** Login user on the jump host. */
    user: pulumi.Input<string>;
    /** The bastion's private key (secret). @default ssh.privateKey */
    privateKey?: pulumi.Input<string>;
    /** Pinned host key of the jump host. @default none: only with insecureIgnoreHostKey */
    hostKey?: pulumi.Input<string>;
}

/** How to become root on a host. */
export interface SudoArgs {
    /** nopasswd (sudo -n), password (on stdin) or none (already root). @default "nopasswd" */
    mode?: pulumi.Input<SudoMode>;
    /** The sudo password (secret), in password mode. @default none */
    password?: pulumi.Input<string>;
}

/** SSH defaults for every node reached over SSH. */
export interface SshArgs {
    /** Login user; never root. @default "continuum" */
    user?: pulumi.Input<string>;
    /** SSH port. @default 22 */
    port?: pulumi.Input<number>;
    /** Private key (secret). @default none: needed for the ssh substrate */
    privateKey?: pulumi.Input<string>;
    /** Jump host. @default none */
    bastion?: BastionArgs;
    /** Skip host-key pinning (never for production). @default false */
    insecureIgnoreHostKey?: pulumi.Input<boolean>;
    /** How to become root. @default { mode: "nopasswd" } */
    sudo?: SudoArgs;
    /** Seconds before a remote step is abandoned. @default 600 */
    timeoutSeconds?: pulumi.Input<number>;
}

/** CloudCore ports. */
export interface CloudCorePortsArgs {
    /** cloudHub port. @default 10000 */
    cloudHub?: pulumi.Input<number>;
    /** Certificate port. @default 10002 */
    certs?: pulumi.Input<number>;
    /** Stream port. @default 10003 */
    stream?: pulumi.Input<number>;
    /** Tunnel port. @default 10004 */
    tunnel?: pulumi.Input<number>;
}

/** A property a DeviceModel declares. */
export interface DevicePropertyModelArgs {
    /** Property name (DNS label). */
    name: pulumi.Input<string>;
    /** Value type. */
    type: pulumi.Input<DevicePropertyType>;
    /** ReadWrite or ReadOnly. @default "ReadWrite" */
    accessMode?: pulumi.Input<AccessMode>;
    /** Unit. @default none */
    unit?: pulumi.Input<string>;
    /** Minimum. @default none */
    minimum?: pulumi.Input<string>;
    /** Maximum. @default none */
    maximum?: pulumi.Input<string>;
}

/** A KubeEdge DeviceModel. */
export interface DeviceModelArgs {
    /** DeviceModel name (DNS label). */
    name: pulumi.Input<string>;
    /** Protocol (mapper) name: modbus, onvif, opcua, virtual, ... */
    protocol: pulumi.Input<string>;
    /** Properties (at least one). */
    properties: DevicePropertyModelArgs[];
}

/** Collection and report cycles of one device property. */
export interface DevicePropertyArgs {
    /** Property name. */
    name: pulumi.Input<string>;
    /** Collect cycle. @default 10000 */
    collectCycleMs?: pulumi.Input<number>;
    /** Report cycle. @default 10000 */
    reportCycleMs?: pulumi.Input<number>;
    /** Report to the cloud. @default true */
    reportToCloud?: pulumi.Input<boolean>;
}

/** A KubeEdge Device bound to one edge node. */
export interface DeviceArgs {
    /** Device name (DNS label). */
    name: pulumi.Input<string>;
    /** DeviceModel name. */
    model: pulumi.Input<string>;
    /** Edge node the device is attached to. */
    node: pulumi.Input<string>;
    /** Protocol config passed to the mapper (free form). @default {} */
    // Free-form mapper config: the schema inference refuses `unknown`.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    protocolConfig?: { [key: string]: any };
    /** Per-property cycles. @default [] */
    properties?: DevicePropertyArgs[];
}

/** What the edge machines are, where that changes how containerd runs. */
export interface EdgeHostSystemArgs {
    /** The edge nodes are system containers (systemd-nspawn, LXC). @default false */
    systemContainer?: pulumi.Input<boolean>;
    /** edgecore's hard eviction thresholds, signal → threshold (`imagefs.available: 2Gi`). @default edgecore's */
    evictionHard?: { [signal: string]: pulumi.Input<string> };
}

/** What KubeEdge is besides the cloud cluster it runs on: CloudCore's exposure, edge nodes, devices. */
export interface KubeEdgeSettingsArgs {
    /** Addresses edge nodes reach CloudCore at. @default the cluster's API host */
    advertiseAddress?: pulumi.Input<string>[];
    /** CloudCore ports. @default { cloudHub: 10000, certs: 10002, stream: 10003, tunnel: 10004 } */
    ports?: CloudCorePortsArgs;
    /** How CloudCore is exposed. @default "HostNetwork" */
    serviceType?: pulumi.Input<CloudCoreServiceType>;
    /** EdgeMesh for service discovery between edge nodes. @default false */
    edgeMesh?: pulumi.Input<boolean>;
    /** Edge nodes joined with keadm over SSH (unless the cloud cluster is simulated). @default [] */
    nodes?: EdgeNodeSpecArgs[];
    /** What the edge machines are. @default { systemContainer: false } */
    hostSystem?: EdgeHostSystemArgs;
    /** Converge pools for the edge nodes joined over SSH (docs/fleet-nodes.md). @default one converge per node */
    fleet?: FleetArgs;
    /** DeviceModels. @default [] */
    deviceModels?: DeviceModelArgs[];
    /** Devices. @default [] */
    devices?: DeviceArgs[];
}

/** KubeEdge: CloudCore on a cloud cluster, edge nodes joined to it. */
export interface KubeEdgeSpecArgs extends KubeEdgeSettingsArgs {
    /** Name of the cloud cluster that hosts CloudCore. */
    cloudCluster: pulumi.Input<string>;
}

/** Version overrides; anything unset comes from the pinned version table. */
export interface VersionsArgs {
    /** Kubernetes x.y.z. @default the version table's */
    kubernetes?: pulumi.Input<string>;
    /** K3s release like v1.36.3+k3s1. @default the version table's */
    k3s?: pulumi.Input<string>;
    /** KubeEdge x.y.z. @default the version table's */
    kubeedge?: pulumi.Input<string>;
    /** Cilium chart x.y.z. @default the version table's */
    cilium?: pulumi.Input<string>;
    /** Akri chart x.y.z. @default the version table's */
    akri?: pulumi.Input<string>;
}

/** One architecture's file of a pinned artifact. */
export interface ArtifactFilePinArgs {
    /** https URL the file is downloaded from. @default the table's URL */
    url?: pulumi.Input<string>;
    /** File name in airgap.artifactDir. @default the table's file name */
    fileName?: pulumi.Input<string>;
    /** sha256 (64 hex). @default the table's */
    sha256?: pulumi.Input<string>;
    /** sha512 (128 hex). @default the table's */
    sha512?: pulumi.Input<string>;
    /** A checksum file in airgap.artifactDir holding the digest. @default none */
    checksumFile?: pulumi.Input<string>;
}

/** One artifact's pin: a version and per-arch files. */
export interface ArtifactPinArgs {
    /** Upstream version. @default the table's */
    version?: pulumi.Input<string>;
    /** The amd64 file. @default the table's */
    amd64?: ArtifactFilePinArgs;
    /** The arm64 file. @default the table's */
    arm64?: ArtifactFilePinArgs;
    /** The arm file. @default the table's */
    arm?: ArtifactFilePinArgs;
}

/** Chart archives or directories replacing the chart repositories. */
export interface AirgapChartsArgs {
    /** Cilium chart. @default the repository */
    cilium?: pulumi.Input<string>;
    /** Akri chart. @default the repository */
    akri?: pulumi.Input<string>;
    /** CloudCore chart. @default the repository */
    cloudcore?: pulumi.Input<string>;
    /** EdgeMesh chart. @default the repository */
    edgemesh?: pulumi.Input<string>;
    /** kata-deploy chart. @default the repository */
    kataDeploy?: pulumi.Input<string>;
}

/** Image archives imported into containerd before init/join. */
export interface AirgapImagesArgs {
    /** Directory with one archive per image and arch. */
    dir: pulumi.Input<string>;
    /** sha256sum-format file in dir listing every archive. @default "SHA256SUMS" */
    checksumFile?: pulumi.Input<string>;
    /** Per archive file name: its sha256. @default {} */
    sha256?: { [file: string]: pulumi.Input<string> };
}

/** Airgap: where artifacts and charts come from instead of the internet. */
export interface AirgapArgs {
    /** Directory (where Pulumi runs) holding pinned artifacts by file name. @default none */
    artifactDir?: pulumi.Input<string>;
    /** Chart archives replacing the chart repositories. @default {} */
    charts?: AirgapChartsArgs;
    /** Image archives. @default none */
    images?: AirgapImagesArgs;
}

/** ClusterMesh settings shared by every member. */
export interface MeshSettingsArgs {
    /** 255 or 511, identical on every member. @default 255 */
    maxConnectedClusters?: pulumi.Input<number>;
}

/** Sample workloads (one per runtime). */
export interface SamplesArgs {
    /** Deploy them. @default false */
    enabled?: pulumi.Input<boolean>;
}

/** The whole continuum: the value of the `continuum:spec` config key. */
export interface ContinuumSpecArgs {
    /** SSH defaults for the ssh substrate. @default { user: "continuum", port: 22 } */
    ssh?: SshArgs;
    /** Clusters (at least one). */
    clusters: ClusterSpecArgs[];
    /** ClusterMesh settings. @default { maxConnectedClusters: 255 } */
    mesh?: MeshSettingsArgs;
    /** KubeEdge. @default none */
    kubeedge?: KubeEdgeSpecArgs;
    /** Version overrides. @default {} */
    versions?: VersionsArgs;
    /** Stack-level pins of host artifacts, by artifact name (k3s, kubeadm, crun, ...). @default {} */
    artifacts?: { [artifact: string]: ArtifactPinArgs };
    /** Airgap sources. @default {} */
    airgap?: AirgapArgs;
    /** Sample workloads. @default { enabled: false } */
    samples?: SamplesArgs;
}
