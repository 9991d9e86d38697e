import { z } from "zod";
import { Tier, Substrate, RoutingMode, MeshServiceType } from "../core/enums";
import { clusterNodeSchema, labelKey, labelValue } from "./node";
import { secretField } from "./secret";
import { akriSchema } from "./akri";
import { hostField, mirrorUrl, portField, registryKey } from "./address";
import { DISTRIBUTION_NAMES } from "../distributions/distribution";
import { cniField, hostSystemSchema } from "./host-system";
import { apiVipFields, clusterDay2Fields } from "./day2";
import { fleetSchema } from "./fleet";

export { Tier, Substrate, RoutingMode, MeshServiceType } from "../core/enums";

export const TIERS = [Tier.Cloud, Tier.Edge] as const;

export const SUBSTRATES = [Substrate.Ssh, Substrate.Kind, Substrate.K3d, Substrate.Sim, Substrate.Existing] as const;

/** Cluster DNS domain when the spec sets none. */
export const DEFAULT_CLUSTER_DOMAIN = "cluster.local";

/** One CIDR, or a dual-stack pair: an IPv4 and an IPv6 CIDR separated by a comma. */
const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}(,[0-9a-fA-F:.]+\/\d{1,3})?$/, {
    error: "must be a CIDR like 10.42.0.0/16, or an IPv4 and an IPv6 CIDR for dual-stack: 10.42.0.0/16,fd00:42::/56",
});

/** Pod and service address ranges of one cluster. */
export const networkSchema = z.strictObject({
    /** Pod CIDR, or an IPv4 and an IPv6 CIDR comma-separated (dual-stack); unique across the continuum. */
    podCidr: cidr,
    /** Service CIDR, or an IPv4 and an IPv6 CIDR comma-separated (dual-stack); unique across the continuum. */
    serviceCidr: cidr,
    /** Cluster DNS domain. @default "cluster.local" */
    clusterDomain: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
            error: "must be a DNS domain like cluster.local",
        })
        .default(DEFAULT_CLUSTER_DOMAIN),
    /** `cilium` or `none` (bring your own CNI); see spec/host-system.ts. @default "cilium" when `cilium:` is set, else
     * "none" */
    cni: cniField,
});
export type NetworkSpec = z.infer<typeof networkSchema>;

/** Cilium as the cluster's CNI. */
export const ciliumSchema = z.strictObject({
    /** Replace kube-proxy with Cilium's eBPF service handling. @default false */
    kubeProxyReplacement: z.boolean().default(false),
    /** Datapath routing mode; identical across a mesh. @default "tunnel" */
    routingMode: z.enum(RoutingMode).default(RoutingMode.Tunnel),
});
export type CiliumSpec = z.infer<typeof ciliumSchema>;

/** Membership in the Cilium ClusterMesh. */
export const meshMemberSchema = z.strictObject({
    /** Cilium cluster id, 1–255, unique in the mesh. */
    id: z
        .number()
        .int()
        .min(1, { error: "must be 1–255 (0 means not meshed) — pick an id unique in the mesh" })
        .max(255, { error: "must be 1–255 — Cilium cluster ids are 8 bits" }),
    /** How clustermesh-apiserver is exposed. @default "NodePort" */
    serviceType: z.enum(MeshServiceType).default(MeshServiceType.NodePort),
    /** NodePort of clustermesh-apiserver; distinct per cluster. @default 32379 + id - 1 */
    nodePort: z.number().int().min(30000).max(32767).optional(),
});
export type MeshMemberSpec = z.infer<typeof meshMemberSchema>;

/** Where clients reach the Kubernetes API. */
export const apiEndpointSchema = z.strictObject({
    /** VIP or DNS name; default: the first server / control-plane node's host. */
    host: hostField.optional(),
    /** @default 6443 */
    port: portField.default(6443),
    /** Extra TLS SANs for the API server certificate (addresses or DNS names). @default [] */
    extraSans: z.array(hostField).default([]),
    ...apiVipFields,
});
export type ApiEndpointSpec = z.infer<typeof apiEndpointSchema>;

/** An already-running cluster (substrate `existing`). */
export const existingSchema = z.strictObject({
    /** The kubeconfig (secret). */
    kubeconfig: secretField,
    /** Context to use; default: the kubeconfig's current context. */
    context: z.string().min(1).optional(),
});

/** One Kubernetes cluster of the continuum. */
export const clusterSchema = z.strictObject({
    /** Cluster name: lowercase DNS label, ≤ 32 chars (Cilium's limit). */
    name: z.string(),
    /** cloud (full Kubernetes) or edge (K3s). */
    tier: z.enum(TIERS),
    /** Kubernetes distribution. */
    distribution: z.enum(DISTRIBUTION_NAMES),
    /** Where the cluster runs. */
    substrate: z.enum(SUBSTRATES),
    /** Address ranges. */
    network: networkSchema,
    /** Cilium as CNI; required for mesh membership. */
    cilium: ciliumSchema.optional(),
    /** ClusterMesh membership. */
    mesh: meshMemberSchema.optional(),
    /** API endpoint. @default first server's host, port 6443 */
    apiEndpoint: apiEndpointSchema.default({ port: 6443, extraSans: [] }),
    /** Registry mirrors (K3s registries.yaml / containerd hosts). @default {} */
    registryMirrors: z.record(registryKey, z.array(mirrorUrl)).default({}),
    /** Machines of the cluster. */
    nodes: z.array(clusterNodeSchema).default([]),
    /** Akri leaf-device discovery. */
    akri: akriSchema.optional(),
    /** Connection to an existing cluster (substrate `existing`). */
    existing: existingSchema.optional(),
    /** Labels every node of the cluster gets. @default {} */
    nodeLabels: z.record(labelKey, labelValue).default({}),
    /** Unusual hosts: cgroup v1, system containers (kubeadm over SSH; spec/host-system.ts). @default { allowCgroupV1:
     * false, systemContainer: false } */
    hostSystem: hostSystemSchema.optional(),
    /** Converge pools for the cluster's K3s agents (docs/fleet-nodes.md). @default unset: one converge per node */
    fleet: fleetSchema.optional(),
    ...clusterDay2Fields,
});
export type ClusterSpec = z.infer<typeof clusterSchema>;
