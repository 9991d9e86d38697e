import { z } from "zod";
import { Arch, Runtime, Capability, SudoMode } from "../core/enums";
import { secretField } from "./secret";
import { hostField, portField, userField } from "./address";
import { hostKeyField } from "./host-key";
import { TAINT_EFFECTS, type TaintArgs } from "../core/taint";
import { NODE_ROLE_NAMES } from "../distributions/distribution";

export { Arch, Runtime, Capability, SudoMode } from "../core/enums";

/** The architectures the toolkit pins artifacts for (the spec's enum). */
export const ARCHES = [Arch.Amd64, Arch.Arm64, Arch.Arm] as const;

/** A runtime a node can carry besides the default runc. */
export type RuntimeName = Runtime;
/** The runtimes in the spec's order (its enum). */
export const RUNTIMES = [Runtime.Crun, Runtime.Kata, Runtime.Wasmedge] as const;

/** Host capabilities a node declares, checked by preflight on real hosts (the spec's enum). */
export const CAPABILITIES = [Capability.Kvm, Capability.Gpu, Capability.Tpm] as const;

/** Optional DNS-subdomain prefix of a label key, with its '/'. */
const LABEL_KEY_PREFIX = String.raw`([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?`;
const LABEL_KEY = new RegExp(`^${LABEL_KEY_PREFIX}` + String.raw`[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`);
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const labelKey = z.string().regex(LABEL_KEY, {
    error:
        "is not a valid Kubernetes label key — use [prefix/]name with " +
        "alphanumerics, '-', '_' and '.' (name ≤ 63 chars)",
});
export const labelValue = z.string().regex(LABEL_VALUE, {
    error:
        "is not a valid Kubernetes label value — use ≤ 63 alphanumerics, " +
        "'-', '_' or '.', starting and ending alphanumeric",
});
export const dnsLabel = z.string().regex(DNS_LABEL, {
    error:
        "must be a lowercase DNS label — use a-z, 0-9 and '-', starting " +
        "and ending with a letter or digit, ≤ 63 chars",
});
export const nodeName = z.string().max(253).regex(DNS_SUBDOMAIN, {
    error: "must be a lowercase DNS name — use a-z, 0-9, '-' and '.', e.g. edge-a-1",
});

/** A Kubernetes taint. */
export const taintSchema = z.strictObject({
    key: labelKey,
    value: labelValue.optional(),
    effect: z.enum(TAINT_EFFECTS),
});
/** The spec's taint is the toolkit's one taint type; the schema must infer to it. */
export type Taint = TaintArgs;
const taintInfers: (t: z.infer<typeof taintSchema>) => Taint = (t) => t;
void taintInfers;

/** Capacity a node advertises (the simulated substrate reports it; preflight compares it on real hosts). */
export const capacitySchema = z.strictObject({
    cpu: z
        .string()
        .regex(/^\d+(\.\d+)?m?$/, { error: "must be a CPU quantity like 2 or 500m" })
        .default("4"),
    memory: z
        .string()
        .regex(/^\d+(Ki|Mi|Gi|Ti)?$/, { error: "must be a memory quantity like 8Gi or 512Mi" })
        .default("8Gi"),
    pods: z.number().int().min(1).max(1000).default(110),
});
export type Capacity = z.infer<typeof capacitySchema>;

/** Fields every node has, whether it belongs to a cluster or joins KubeEdge. */
export const nodeFields = {
    /** Kubernetes node name. */
    name: nodeName,
    /** Address the toolkit reaches the machine at (IP or DNS). Optional on sim/kind/k3d. */
    host: hostField.optional(),
    /** SSH port. Default: ssh.port (22). */
    port: portField.optional(),
    /** SSH user (a POSIX user name); never an implicit root. Default: ssh.user. */
    user: userField.optional(),
    /**
     * Pinned SSH host public key (`ssh-ed25519 AAAA...`; ecdsa-sha2-nistp256/384/521 and ssh-rsa too),
     * a trailing comment dropped. Required on the ssh substrate unless ssh.insecureIgnoreHostKey.
     */
    hostKey: hostKeyField.optional(),
    /** CPU architecture. */
    arch: z.enum(ARCHES).default("amd64"),
    /** Labels reconciled onto the Node object. */
    labels: z.record(labelKey, labelValue).default({}),
    /** Taints reconciled onto the Node object. */
    taints: z.array(taintSchema).default([]),
    /** What the machine can do (e.g. `kvm` for Kata micro-VMs). */
    capabilities: z.array(z.enum(CAPABILITIES)).default([]),
    /** Extra container runtimes to install (RuntimeClasses follow). */
    runtimes: z.array(z.enum(RUNTIMES)).default([]),
    /** Capacity (sim substrate reports it; preflight checks memory on real hosts). */
    capacity: capacitySchema.default({ cpu: "4", memory: "8Gi", pods: 110 }),
};

/** A machine in a cluster. */
export const clusterNodeSchema = z.strictObject({
    ...nodeFields,
    /** Roles: server/agent for K3s, control-plane/worker for kubeadm. */
    roles: z.array(z.enum(NODE_ROLE_NAMES)).min(1, {
        error:
            "needs at least one role — add roles: [server] or [agent] " +
            "(K3s), [control-plane] or [worker] (kubeadm)",
    }),
});
export type ClusterNodeSpec = z.infer<typeof clusterNodeSchema>;

/** A machine that joins a cloud cluster as a KubeEdge edge node. */
export const edgeNodeSchema = z.strictObject({
    ...nodeFields,
});
export type EdgeNodeSpec = z.infer<typeof edgeNodeSchema>;

/** The bastion (jump host) SSH connections go through. */
export const bastionSchema = z.strictObject({
    /** Address of the jump host (IP or DNS name). */
    host: hostField,
    /** @default 22 */
    port: portField.default(22),
    /** A POSIX user name. */
    user: userField,
    privateKey: secretField.optional(),
    hostKey: nodeFields.hostKey,
});

/** SSH defaults for every node of the ssh substrate. */
export const sshSchema = z.strictObject({
    /** Default user. @default "continuum" */
    user: userField.default("continuum"),
    /** Default port. @default 22 */
    port: portField.default(22),
    /** Private key (secret). */
    privateKey: secretField.optional(),
    /** Jump host. */
    bastion: bastionSchema.optional(),
    /** Skip host-key pinning (never for production). @default false */
    insecureIgnoreHostKey: z.boolean().default(false),
    /** How to become root: `sudo -n` (nopasswd), a password on stdin, or already root. @default "nopasswd" */
    sudo: z
        .strictObject({
            mode: z.enum(SudoMode).default(SudoMode.Nopasswd),
            password: secretField.optional(),
        })
        .default({ mode: "nopasswd" }),
    /** Seconds before a remote step is abandoned. @default 600 */
    timeoutSeconds: z.number().int().min(10).max(7200).default(600),
});
export type SshSpec = z.infer<typeof sshSchema>;
