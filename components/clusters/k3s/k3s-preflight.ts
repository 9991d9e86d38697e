import type { ClusterNodeSpec } from "../../spec/node";
import { MIN_MEMORY_MIB, type PreflightRequirements } from "../../hosts/preflight";

/** TCP ports a K3s server listens on (API/supervisor, kubelet) and, with embedded etcd, etcd. */
export const K3S_SERVER_PORTS = [6443, 10250];
export const K3S_ETCD_PORTS = [2379, 2380];
export const K3S_AGENT_PORTS = [10250];

/** What a host must offer to become a K3s server or agent (pure). */
export function k3sPreflight(node: ClusterNodeSpec, server: boolean, ha: boolean, cilium: boolean): PreflightRequirements {
    return {
        arch: node.arch,
        minMemoryMiB: server ? MIN_MEMORY_MIB.k3sServer : MIN_MEMORY_MIB.k3sAgent,
        role: server ? "K3s server" : "K3s agent",
        // The kubelet K3s embeds tolerates swap (K3s sets fail-swap-on=false).
        swapOff: false,
        // Flannel bridges pod traffic through iptables (br_netfilter); Cilium does not need it.
        modules: cilium ? ["overlay"] : ["overlay", "br_netfilter"],
        cgroupV2: true,
        ports: server ? [...K3S_SERVER_PORTS, ...(ha ? K3S_ETCD_PORTS : [])] : K3S_AGENT_PORTS,
        kvm: node.runtimes.includes("kata"),
        tools: ["sha256sum", "systemctl"],
        installedMarker: server ? "k3s-server" : "k3s-agent",
    };
}
