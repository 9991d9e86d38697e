import { z } from "zod";
import { CloudCoreServiceType, DevicePropertyType, AccessMode } from "../core/enums";
import { dnsLabel, edgeNodeSchema } from "./node";
import { hostField, portField } from "./address";
import { fleetSchema } from "./fleet";
import { evictionHardSchema } from "./host-system";

export { CloudCoreServiceType, DevicePropertyType, AccessMode } from "../core/enums";

/** A property a DeviceModel declares. */
export const devicePropertyModelSchema = z.strictObject({
    name: dnsLabel,
    type: z.enum(DevicePropertyType),
    /** @default "ReadWrite" */
    accessMode: z.enum(AccessMode).default(AccessMode.ReadWrite),
    unit: z.string().optional(),
    minimum: z.string().optional(),
    maximum: z.string().optional(),
});

/** A KubeEdge DeviceModel (devices.kubeedge.io/v1beta1). */
export const deviceModelSchema = z.strictObject({
    name: dnsLabel,
    /** Protocol (mapper) name, e.g. modbus, onvif, opcua, virtual. */
    protocol: z.string().min(1),
    properties: z
        .array(devicePropertyModelSchema)
        .min(1, { error: "needs at least one property — a DeviceModel describes what a device reports" }),
});
export type DeviceModelSpec = z.infer<typeof deviceModelSchema>;

/** A KubeEdge Device bound to one edge node. */
export const deviceSchema = z.strictObject({
    name: dnsLabel,
    /** DeviceModel name. */
    model: dnsLabel,
    /** Edge node the device is attached to. */
    node: z.string().min(1),
    /** Protocol config passed to the mapper (free form). @default {} */
    protocolConfig: z.record(z.string(), z.unknown()).default({}),
    /** Per-property cycles in milliseconds (rendered in nanoseconds). */
    properties: z
        .array(
            z.strictObject({
                name: dnsLabel,
                /** @default 10000 */
                collectCycleMs: z.number().int().min(1).default(10000),
                /** @default 10000 */
                reportCycleMs: z.number().int().min(1).default(10000),
                /** Report to the cloud. @default true */
                reportToCloud: z.boolean().default(true),
            }),
        )
        .default([]),
});
export type DeviceSpec = z.infer<typeof deviceSchema>;

/** KubeEdge: CloudCore on a cloud cluster, edge nodes joined to it. */
export const kubeEdgeSchema = z.strictObject({
    /** Name of the cloud cluster that hosts CloudCore. */
    cloudCluster: z.string().min(1),
    /** Addresses edge nodes reach CloudCore at (cloudHub.advertiseAddress); default: the cluster's API host. */
    advertiseAddress: z.array(hostField).default([]),
    /** CloudCore ports. */
    ports: z
        .strictObject({
            /** @default 10000 */
            cloudHub: portField.default(10000),
            /** @default 10002 */
            certs: portField.default(10002),
            /** @default 10003 */
            stream: portField.default(10003),
            /** @default 10004 */
            tunnel: portField.default(10004),
        })
        .default({ cloudHub: 10000, certs: 10002, stream: 10003, tunnel: 10004 }),
    /** How CloudCore is exposed. @default "HostNetwork" */
    serviceType: z.enum(CloudCoreServiceType).default(CloudCoreServiceType.HostNetwork),
    /** EdgeMesh for service discovery between edge nodes. @default false */
    edgeMesh: z.boolean().default(false),
    /** Edge nodes joined with keadm. @default [] */
    nodes: z.array(edgeNodeSchema).default([]),
    /** What the edge machines are, where that changes how containerd runs (like a cluster's `hostSystem`). */
    hostSystem: z
        .strictObject({
            /**
             * The edge nodes are system containers (systemd-nspawn, LXC) rather than machines or VMs:
             * containerd's CRI keeps oom_score_adj within what it may set (`restrict_oom_score_adj =
             * true`; without CAP_SYS_RESOURCE every pod sandbox fails, keadm's own during the join too).
             * @default false
             */
            systemContainer: z.boolean().default(false),
            /**
             * edgecore's hard eviction thresholds (`modules.edged.tailoredKubeletConfig.evictionHard`,
             * given to `keadm join`), like a cluster's `hostSystem.evictionHard`: for edge machines
             * that share a disk, where the defaults' percentages (`imagefs.available<15%`) measure the
             * whole disk. Given, it replaces the defaults. A change joins the nodes again.
             * @default edgecore's (the kubelet's) defaults
             */
            evictionHard: evictionHardSchema.optional(),
        })
        .default({ systemContainer: false }),
    /**
     * Converge pools for the edge nodes joined over SSH (docs/fleet-nodes.md).
     * @default unset: one converge per node
     */
    fleet: fleetSchema.optional(),
    /** DeviceModels. @default [] */
    deviceModels: z.array(deviceModelSchema).default([]),
    /** Devices. @default [] */
    devices: z.array(deviceSchema).default([]),
});
export type KubeEdgeSpec = z.infer<typeof kubeEdgeSchema>;
