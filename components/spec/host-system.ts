/**
 * Two cluster options for machines that are not what Kubernetes assumes by default, and the
 * cluster's CNI choice:
 *
 * ```yaml
 * clusters:
 *   - name: cloud
 *     network: { podCidr: 10.244.0.0/16, serviceCidr: 10.96.0.0/12, cni: none }   # bring your own CNI
 *     hostSystem:
 *       allowCgroupV1: true      # hosts boot cgroup v1 / hybrid (older distributions, some kernels)
 *       systemContainer: true    # nodes are system containers (systemd-nspawn, LXC)
 *       evictionHard:            # the kubelet's hard eviction thresholds, when its defaults do not fit
 *         nodefs.available: 2Gi
 *         imagefs.available: 2Gi
 * ```
 *
 * What each option changes is listed on it; nothing else changes (docs/ssh.md, "Unusual hosts"). The
 * rules that check them are in rules/network.ts (cniRules).
 */
import { z } from "zod";
import { Cni } from "../core/enums";

export { Cni } from "../core/enums";

/** The cluster's pod network: `cilium` (the toolkit installs Cilium) or `none` (bring your own). */
export type CniChoice = Cni;
/** The choices in the spec's order (its enum). */
export const CNI_CHOICES = [Cni.Cilium, Cni.None] as const;

/**
 * `network.cni`. `cilium`: the toolkit installs Cilium with the cluster's `cilium:` settings (the
 * default when `cilium:` is set). `none`: the toolkit installs no CNI and no CNI images; nodes stay
 * NotReady until the user installs one (a CNI config in /etc/cni/net.d on each node, and routes
 * between the nodes' pod ranges for a routed plugin such as bridge/host-local). Without `cilium:`
 * the cluster has no toolkit CNI either way; `cni: none` says so explicitly.
 * @default "cilium" when `cilium:` is set, else "none"
 */
export const cniField = z.enum(CNI_CHOICES).optional();

/** The kubelet's eviction signals (KubeletConfiguration `evictionHard` keys). */
export const EVICTION_SIGNALS = [
    "memory.available",
    "nodefs.available",
    "nodefs.inodesFree",
    "imagefs.available",
    "imagefs.inodesFree",
    "containerfs.available",
    "containerfs.inodesFree",
    "pid.available",
] as const;

/** A threshold: a percentage (`10%`) or a quantity with its unit (`500Mi`, `2Gi`). */
const evictionThreshold = z.string().regex(/^(\d{1,2}(\.\d+)?%|100%|\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P))$/, {
    message: "an eviction threshold is a percentage like 10% or a quantity with its unit like 500Mi or 2Gi",
});

/**
 * The kubelet's hard eviction thresholds, signal → threshold (KubeletConfiguration `evictionHard`;
 * edgecore's `modules.edged.tailoredKubeletConfig.evictionHard`). Given, it replaces the defaults.
 */
export const evictionHardSchema = z.partialRecord(z.enum(EVICTION_SIGNALS), evictionThreshold);

/** What the machines of an SSH cluster are, where that changes how kubelet and containerd run. */
export const hostSystemSchema = z.strictObject({
    /**
     * The hosts boot cgroup v1 or hybrid cgroups, and that is accepted: the kubelet gets
     * `failCgroupV1: false` (kubelet ≥ 1.35 refuses cgroup v1 otherwise), kubeadm ignores its
     * SystemVerification preflight error, and the toolkit's own cgroup v2 preflight check is
     * skipped. Kubernetes deprecates cgroup v1: prefer booting the unified hierarchy.
     * @default false
     */
    allowCgroupV1: z.boolean().default(false),
    /**
     * The nodes are system containers (systemd-nspawn, LXC) rather than machines or VMs, which
     * the container manager denies machine-wide settings: containerd's CRI keeps oom_score_adj
     * within what it may set (`restrict_oom_score_adj = true`; without CAP_SYS_RESOURCE every pod
     * sandbox fails "can't get final child's PID from pipe"), and kube-proxy leaves the
     * machine-wide conntrack table size alone (`conntrack.maxPerCore: 0`).
     * @default false
     */
    systemContainer: z.boolean().default(false),
    /**
     * The kubelet's hard eviction thresholds (KubeletConfiguration `evictionHard`), for machines
     * where its defaults (`memory.available<100Mi`, `nodefs.available<10%`, `imagefs.available<15%`,
     * `nodefs.inodesFree<5%`) do not fit: a system container sees the whole disk of the machine it
     * runs on, so a percentage of that disk says nothing about the node. Given, it replaces the
     * defaults (a signal left out is not evicted on): list every signal the nodes need. It is set
     * when the cluster is created: `kubeadm init` writes it into the kubelet-config ConfigMap every
     * joining kubelet reads. On a running cluster, change that ConfigMap and run `kubeadm upgrade
     * node phase kubelet-config` on each node (docs/ssh.md, "Unusual hosts").
     * @default the kubelet's defaults
     */
    evictionHard: evictionHardSchema.optional(),
});
/** Parsed `hostSystem`. */
export type HostSystemSpec = z.infer<typeof hostSystemSchema>;

/** `hostSystem` when the spec leaves it out. */
export const HOST_SYSTEM_DEFAULT: HostSystemSpec = { allowCgroupV1: false, systemContainer: false };

/** The cluster's effective CNI choice. */
export function clusterCni(c: { network: { cni?: CniChoice }; cilium?: unknown }): CniChoice {
    return c.network.cni ?? (c.cilium ? "cilium" : "none");
}
