/**
 * What one Kubernetes distribution is, as data: its node roles, the labels and taints its nodes
 * register with, and what a host needs for each role. The spec rules, the SSH planner, preflight,
 * the simulated substrate and the local substrates read it; none spells a role name itself.
 */
import type { TaintArgs } from "../core/taint";
import type { Distribution } from "./names";

/** What a host must offer for one role of a distribution. */
export interface RoleHostNeeds {
    /** Wording in messages, e.g. "K3s server". */
    title: string;
    /** Minimum memory, MiB (upstream's documented minimum). */
    minMemoryMiB: number;
    /** TCP ports the role listens on (the API port, where it is the spec's, is added by the caller). */
    ports: readonly number[];
    /** Ports used only with several control nodes (embedded etcd). @default [] */
    haPorts: readonly number[];
    /** Ports used only while kube-proxy runs (not with Cilium's replacement). @default [] */
    kubeProxyPorts: readonly number[];
    /** The spec's API port is one of the role's ports. */
    servesApiPort: boolean;
    /** The `installed` marker under which preflight skips the port checks (the toolkit's own service owns them). */
    installedMarker: string;
}

/** What every host of a distribution needs, whatever its role. */
export interface HostNeeds {
    /** Refuse active swap (kubeadm's kubelet fails with swap on by default). */
    swapOff: boolean;
    /** Kernel modules that must be loaded or loadable. */
    modules: readonly string[];
    /** Kernel modules needed only when Cilium is not the CNI (flannel bridges through iptables). */
    modulesWithoutCilium: readonly string[];
    /** Commands that must be on PATH. */
    tools: readonly string[];
}

/** The distribution's two node roles. */
export interface DistributionRoles<Control extends string = string, Worker extends string = string> {
    /** Runs the control plane; the first one starts the cluster. */
    control: Control;
    /** Runs workloads only. */
    worker: Worker;
}

/** One distribution the toolkit installs or connects to. */
export interface DistributionDescriptor<Control extends string = string, Worker extends string = string> {
    /** The name the spec uses. */
    name: Distribution;
    /** The name in messages, e.g. "K3s". */
    title: string;
    /** Node roles; none for a distribution the toolkit does not install. */
    roles?: DistributionRoles<Control, Worker>;
    /** Control nodes in messages, plural: "K3s servers". @default none (no roles) */
    controlNodes?: string;
    /** Role labels (key → value) a control node registers with. */
    controlLabels: Readonly<Record<string, string>>;
    /** Taints the distribution puts on control nodes when the cluster has workers. */
    controlTaints: readonly TaintArgs[];
    /** The one node label (key → value) that selects control nodes; none where the labels are unknown. */
    controlSelector: Readonly<Record<string, string>>;
    /** Where every node reaches the API through a node-local load balancer. @default none: the API endpoint */
    nodeLocalApi?: { readonly host: string; readonly port: number };
    /** What the hosts need, per role; none for a distribution the toolkit does not install. */
    host?: HostNeeds & { control: RoleHostNeeds; worker: RoleHostNeeds };
}
