/**
 * What differs between the distributions whose control nodes run etcd (K3s servers, kubeadm
 * control planes), for their day-2 plans (components/day2/control-plane-day2.ts): where their
 * scripts are and how the snapshot reason names the version and the control nodes.
 */

/** One distribution's day-2 differences. */
export interface EtcdDay2Distribution {
    /** The distribution's name: its scripts are `clusters/<name>/scripts/<name>-<step>.sh`. */
    name: "k3s" | "kubeadm";
    /** What the version is of, in the snapshot reason ("K3s", "Kubernetes"). */
    versionOf: string;
    /** The control nodes, plural, in the snapshot reason ("servers", "control planes"). */
    controlNodes: string;
}

/** K3s: servers with embedded etcd. */
export const K3S_ETCD_DAY2: EtcdDay2Distribution = { name: "k3s", versionOf: "K3s", controlNodes: "servers" };

/** kubeadm: control planes with stacked etcd. */
export const KUBEADM_ETCD_DAY2: EtcdDay2Distribution = {
    name: "kubeadm",
    versionOf: "Kubernetes",
    controlNodes: "control planes",
};
