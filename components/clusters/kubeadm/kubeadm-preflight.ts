import type { ClusterNodeSpec } from "../../spec/node";
import { MIN_MEMORY_MIB, type PreflightRequirements } from "../../hosts/preflight";

/** TCP ports of a kubeadm control plane: API, etcd, kubelet, controller-manager, scheduler. */
export function kubeadmControlPlanePorts(apiPort: number): number[] {
    return [apiPort, 2379, 2380, 10250, 10257, 10259];
}

/** What a host must offer to become a kubeadm control plane or worker (pure). */
export function kubeadmPreflight(node: ClusterNodeSpec, controlPlane: boolean, apiPort: number, kubeProxyReplacement: boolean): PreflightRequirements {
    return {
        arch: node.arch,
        minMemoryMiB: controlPlane ? MIN_MEMORY_MIB.kubeadmControlPlane : MIN_MEMORY_MIB.kubeadmWorker,
        role: controlPlane ? "kubeadm control plane" : "kubeadm worker",
        // The kubelet's failSwapOn defaults to true.
        swapOff: true,
        modules: ["overlay", "br_netfilter"],
        cgroupV2: true,
        ports: controlPlane ? kubeadmControlPlanePorts(apiPort) : [10250, ...(kubeProxyReplacement ? [] : [10256])],
        kvm: node.runtimes.includes("kata"),
        // kubeadm's own preflight requires ip, iptables, mount and nsenter; containerd needs runc.
        tools: ["sha256sum", "systemctl", "tar", "iptables", "ip", "mount", "nsenter", "runc"],
        installedMarker: controlPlane ? "kubeadm-control-plane" : "kubeadm-worker",
    };
}
