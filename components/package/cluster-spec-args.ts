/**
 * One cluster of the continuum as plain data: the same fields, names and defaults as a cluster of
 * the `continuum:spec` config (components/spec/cluster.ts, node.ts, akri.ts; README "Stack file
 * reference"), written as interfaces the component package's schema can publish. The adapter
 * (adapter.ts) hands them to the spec's own parser, so every rule and error message is the spec's.
 */
import type * as pulumi from "@pulumi/pulumi";
import type {
    AkriHandler,
    Arch,
    Capability,
    Cni,
    Distribution,
    FilterAction,
    MeshServiceType,
    NodeRole,
    RoutingMode,
    Runtime,
    Substrate,
    TaintEffect,
    Tier,
} from "./enums";

/** A Kubernetes taint. */
export interface TaintArgs {
    /** Taint key (a label key). */
    key: pulumi.Input<string>;
    /** Taint value. @default "" */
    value?: pulumi.Input<string>;
    /** NoSchedule, PreferNoSchedule or NoExecute. */
    effect: pulumi.Input<TaintEffect>;
}

/** Capacity a node advertises (the sim substrate reports it; preflight checks memory on real hosts). */
export interface CapacityArgs {
    /** CPU quantity, like 4 or 500m. @default "4" */
    cpu?: pulumi.Input<string>;
    /** Memory quantity, like 8Gi. @default "8Gi" */
    memory?: pulumi.Input<string>;
    /** Pods the node takes. @default 110 */
    pods?: pulumi.Input<number>;
}

/** A machine: the fields every node has (a KubeEdge edge node has just these). */
export interface EdgeNodeSpecArgs {
    /** Kubernetes node name (lowercase DNS name). */
    name: pulumi.Input<string>;
    /** Address the toolkit reaches the machine at (IP or DNS); needed on the ssh substrate. @default none */
    host?: pulumi.Input<string>;
    /** SSH port. @default ssh.port */
    port?: pulumi.Input<number>;
    /** SSH user; never root. @default ssh.user */
    user?: pulumi.Input<string>;
    /** Pinned SSH host public key (`ssh-ed25519 AAAA...`); required on the ssh substrate unless
     * ssh.insecureIgnoreHostKey. @default none */
    hostKey?: pulumi.Input<string>;
    /** CPU architecture. @default "amd64" */
    arch?: pulumi.Input<Arch>;
    /** Labels reconciled onto the Node object. @default {} */
    labels?: { [key: string]: pulumi.Input<string> };
    /** Taints reconciled onto the Node object. @default [] */
    taints?: TaintArgs[];
    /** What the machine can do (e.g. kvm for Kata). @default [] */
    capabilities?: pulumi.Input<Capability>[];
    /** Extra container runtimes to install; RuntimeClasses follow. @default [] */
    runtimes?: pulumi.Input<Runtime>[];
    /** Capacity. @default { cpu: "4", memory: "8Gi", pods: 110 } */
    capacity?: CapacityArgs;
}

/** A machine in a cluster. */
export interface NodeSpecArgs extends EdgeNodeSpecArgs {
    /** Roles: server/agent for K3s, control-plane/worker for kubeadm. */
    roles: pulumi.Input<NodeRole>[];
}

/** Pod and service address ranges of one cluster. */
export interface NetworkArgs {
    /** Pod CIDR (or an IPv4 and an IPv6 CIDR, comma-separated); unique across the continuum. */
    podCidr: pulumi.Input<string>;
    /** Service CIDR (or an IPv4 and an IPv6 CIDR, comma-separated); unique across the continuum. */
    serviceCidr: pulumi.Input<string>;
    /** Cluster DNS domain. @default "cluster.local" */
    clusterDomain?: pulumi.Input<string>;
    /** cilium or none (bring your own CNI). @default "cilium" when cilium is set, else "none" */
    cni?: pulumi.Input<Cni>;
}

/** Cilium as the cluster's CNI. */
export interface CiliumArgs {
    /** Replace kube-proxy with Cilium's eBPF service handling. @default false */
    kubeProxyReplacement?: pulumi.Input<boolean>;
    /** Datapath routing mode; identical across a mesh. @default "tunnel" */
    routingMode?: pulumi.Input<RoutingMode>;
}

/** Membership in the Cilium ClusterMesh. */
export interface MeshMemberArgs {
    /** Cilium cluster id, 1-255, unique in the mesh. */
    id: pulumi.Input<number>;
    /** How clustermesh-apiserver is exposed. @default "NodePort" */
    serviceType?: pulumi.Input<MeshServiceType>;
    /** NodePort of clustermesh-apiserver; distinct per cluster. @default 32379 + id - 1 */
    nodePort?: pulumi.Input<number>;
}

/** Where clients reach the Kubernetes API. */
export interface ApiEndpointArgs {
    /** VIP or DNS name. @default the first server / control-plane node's host */
    host?: pulumi.Input<string>;
    /** API port. @default 6443 */
    port?: pulumi.Input<number>;
    /** Extra TLS SANs for the API server certificate. @default [] */
    extraSans?: pulumi.Input<string>[];
    /** A virtual IP kube-vip holds on the control planes. @default none */
    vip?: pulumi.Input<string>;
    /** Network interface the VIP is announced on. @default none */
    interface?: pulumi.Input<string>;
    /** kube-vip image pinned by digest. @default the version table's kube-vip (nodeImages.kubeVip) */
    vipImage?: pulumi.Input<string>;
}

/** An Akri filter: which items to keep or drop. */
export interface AkriFilterArgs {
    /** Include or Exclude. @default "Include" */
    action?: pulumi.Input<FilterAction>;
    /** The items. */
    items: pulumi.Input<string>[];
}

/** udev discovery. */
export interface AkriUdevArgs {
    /** Rules in udev syntax (at least one). */
    rules: pulumi.Input<string>[];
}

/** ONVIF camera discovery. */
export interface AkriOnvifArgs {
    /** IP address filter. @default none */
    ipAddresses?: AkriFilterArgs;
    /** MAC address filter. @default none */
    macAddresses?: AkriFilterArgs;
    /** Scope filter. @default none */
    scopes?: AkriFilterArgs;
    /** Discovery timeout. @default 1 */
    discoveryTimeoutSeconds?: pulumi.Input<number>;
}

/** OPC UA server discovery. */
export interface AkriOpcuaArgs {
    /** Discovery endpoints (opc.tcp://...). */
    discoveryUrls: pulumi.Input<string>[];
}

/** One Akri Configuration: which devices of a handler become cluster resources. */
export interface AkriConfigurationArgs {
    /** Configuration name (DNS label). */
    name: pulumi.Input<string>;
    /** Discovery handler it uses. */
    handler: pulumi.Input<AkriHandler>;
    /** How many pods may use one device at a time. @default 1 */
    capacity?: pulumi.Input<number>;
    /** Broker image deployed per discovered device; pin a tag or digest. @default none */
    brokerImage?: pulumi.Input<string>;
    /** Port of the broker services. @default 8083 */
    brokerPort?: pulumi.Input<number>;
}

/** Akri in one cluster: the discovery handlers and Configurations. */
export interface AkriSpecArgs {
    /** udev discovery. @default off */
    udev?: AkriUdevArgs;
    /** ONVIF discovery. @default off */
    onvif?: AkriOnvifArgs;
    /** OPC UA discovery. @default off */
    opcua?: AkriOpcuaArgs;
    /** Configurations; each names a handler enabled above. @default [] */
    configurations?: AkriConfigurationArgs[];
}

/** An already-running cluster (substrate existing). */
export interface ExistingConnectionArgs {
    /** The kubeconfig (secret: the component wraps it with pulumi.secret). */
    kubeconfig: pulumi.Input<string>;
    /** Context to use. @default the kubeconfig's current context */
    context?: pulumi.Input<string>;
}

/** Hosts that are not what Kubernetes assumes by default (kubeadm over SSH). */
export interface HostSystemArgs {
    /** Accept hosts booted with cgroup v1 or hybrid cgroups. @default false */
    allowCgroupV1?: pulumi.Input<boolean>;
    /** The nodes are system containers (systemd-nspawn, LXC). @default false */
    systemContainer?: pulumi.Input<boolean>;
    /** The kubelet's hard eviction thresholds, signal → threshold (`nodefs.available: 2Gi`). @default the kubelet's */
    evictionHard?: { [signal: string]: pulumi.Input<string> };
}

/** Scheduled etcd snapshots of a cluster's control planes. */
export interface BackupArgs {
    /** When the control planes snapshot etcd (systemd OnCalendar). @default "daily" */
    schedule?: pulumi.Input<string>;
    /** Snapshots kept on each control plane. @default 7 */
    keep?: pulumi.Input<number>;
    /** Directory (where Pulumi runs) the latest snapshots are copied to. @default "backups" */
    target?: pulumi.Input<string>;
    /** Snapshot before an upgrade or a control-plane removal. @default true */
    beforeChanges?: pulumi.Input<boolean>;
}

/** Certificate expiry and rotation of a cluster. */
export interface CertificatesArgs {
    /** Rotation epoch: raise it to rotate the certificates once. @default 0 */
    rotate?: pulumi.Input<number>;
    /** Warn when a certificate expires in fewer days. @default 30 */
    warnDays?: pulumi.Input<number>;
}

/** One Kubernetes cluster of the continuum (a `clusters[]` entry of continuum:spec). */
export interface ClusterSpecArgs {
    /** Cluster name: lowercase DNS label, at most 32 characters. */
    name: pulumi.Input<string>;
    /** cloud (full Kubernetes) or edge (K3s). */
    tier: pulumi.Input<Tier>;
    /** Kubernetes distribution. */
    distribution: pulumi.Input<Distribution>;
    /** Where the cluster runs. */
    substrate: pulumi.Input<Substrate>;
    /** Address ranges. */
    network: NetworkArgs;
    /** Cilium as CNI; required for mesh membership. @default none */
    cilium?: CiliumArgs;
    /** ClusterMesh membership. @default not meshed */
    mesh?: MeshMemberArgs;
    /** API endpoint. @default the first server's host, port 6443 */
    apiEndpoint?: ApiEndpointArgs;
    /** Registry mirrors: registry host to mirror URLs. @default {} */
    registryMirrors?: { [registry: string]: pulumi.Input<string>[] };
    /** Machines of the cluster. @default [] */
    nodes?: NodeSpecArgs[];
    /** Akri leaf-device discovery. @default none */
    akri?: AkriSpecArgs;
    /** Connection to an existing cluster (substrate existing). @default none */
    existing?: ExistingConnectionArgs;
    /** Labels every node of the cluster gets. @default {} */
    nodeLabels?: { [key: string]: pulumi.Input<string> };
    /** Unusual hosts (kubeadm over SSH). @default { allowCgroupV1: false, systemContainer: false } */
    hostSystem?: HostSystemArgs;
    /** Scheduled etcd snapshots. @default none */
    backup?: BackupArgs;
    /** An etcd snapshot file to rebuild the cluster from (only to rebuild). @default none */
    restoreFrom?: pulumi.Input<string>;
    /** Certificate rotation. @default { rotate: 0, warnDays: 30 } */
    certificates?: CertificatesArgs;
    /** Converge pools for the K3s agents over SSH (docs/fleet-nodes.md). @default one converge per node */
    fleet?: FleetArgs;
}

/** How a fleet's node converges are grouped into resources (docs/fleet-nodes.md). */
export interface FleetArgs {
    /** Converge pools (a node's pool: sha256 of its name modulo pools). @default unset: one converge per node */
    pools?: pulumi.Input<number>;
    /** Converges a pool runs at once. @default 10 */
    parallel?: pulumi.Input<number>;
}
