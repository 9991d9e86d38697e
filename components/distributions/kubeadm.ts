import { TaintEffect } from "../core/taint";
import type { DistributionDescriptor } from "./descriptor";
import { Distribution, KubeadmRole } from "./names";

export { KubeadmRole } from "./names";

/** Role label (and taint key) of a Kubernetes control plane. */
export const CONTROL_PLANE_ROLE_LABEL = "node-role.kubernetes.io/control-plane";

/** Full Kubernetes installed with kubeadm (the cloud tier on real hosts, kind locally). */
export const KUBEADM = {
    name: Distribution.Kubeadm,
    title: "kubeadm",
    roles: { control: KubeadmRole.ControlPlane, worker: KubeadmRole.Worker },
    controlNodes: "kubeadm control-plane nodes",
    controlLabels: { [CONTROL_PLANE_ROLE_LABEL]: "" },
    controlTaints: [{ key: CONTROL_PLANE_ROLE_LABEL, effect: TaintEffect.NoSchedule }],
    // kubeadm ≥ 1.24 sets only control-plane="" (no master label)
    controlSelector: { [CONTROL_PLANE_ROLE_LABEL]: "" },
    host: {
        // The kubelet's failSwapOn defaults to true.
        swapOff: true,
        modules: ["overlay", "br_netfilter"],
        modulesWithoutCilium: [],
        // kubeadm's own preflight requires ip, iptables, mount and nsenter; containerd needs runc.
        tools: ["sha256sum", "systemctl", "tar", "iptables", "ip", "mount", "nsenter", "runc"],
        control: {
            title: "kubeadm control plane",
            // kubernetes.io kubeadm install: "2 GB or more of RAM".
            minMemoryMiB: 2048,
            // etcd, kubelet, controller-manager, scheduler (stacked etcd: always)
            ports: [2379, 2380, 10250, 10257, 10259],
            haPorts: [],
            kubeProxyPorts: [],
            servesApiPort: true,
            installedMarker: "kubeadm-control-plane",
        },
        worker: {
            title: "kubeadm worker",
            // a kubelet, containerd and kube-proxy with room for pods
            minMemoryMiB: 1024,
            ports: [10250],
            haPorts: [],
            kubeProxyPorts: [10256],
            servesApiPort: false,
            installedMarker: "kubeadm-worker",
        },
    },
} as const satisfies DistributionDescriptor<KubeadmRole, KubeadmRole>;
