import type { DistributionDescriptor } from "./descriptor";
import { CONTROL_PLANE_ROLE_LABEL } from "./kubeadm";
import { Distribution, K3sRole } from "./names";

export { K3sRole } from "./names";

/** Legacy role label K3s still puts on servers (value "true"); Akri places its controller by it. */
export const MASTER_ROLE_LABEL = "node-role.kubernetes.io/master";

/** K3s: the edge tier on real hosts, k3d locally. */
export const K3S = {
    name: Distribution.K3s,
    title: "K3s",
    roles: { control: K3sRole.Server, worker: K3sRole.Agent },
    controlNodes: "K3s servers",
    controlLabels: { [CONTROL_PLANE_ROLE_LABEL]: "true", [MASTER_ROLE_LABEL]: "true" },
    // K3s servers register without a taint.
    controlTaints: [],
    // the master label is the one K3s sets with the value "true" on every version
    controlSelector: { [MASTER_ROLE_LABEL]: "true" },
    // K3s runs a client-side load balancer for the API on every node (servers: the apiserver itself)
    nodeLocalApi: { host: "127.0.0.1", port: 6444 },
    host: {
        // The kubelet K3s embeds tolerates swap (K3s sets fail-swap-on=false).
        swapOff: false,
        modules: ["overlay"],
        // Flannel bridges pod traffic through iptables (br_netfilter); Cilium does not need it.
        modulesWithoutCilium: ["br_netfilter"],
        tools: ["sha256sum", "systemctl"],
        control: {
            title: "K3s server",
            // docs.k3s.io/installation/requirements
            minMemoryMiB: 512,
            // API/supervisor, kubelet
            ports: [6443, 10250],
            haPorts: [2379, 2380],
            kubeProxyPorts: [],
            servesApiPort: false,
            installedMarker: "k3s-server",
        },
        worker: {
            title: "K3s agent",
            minMemoryMiB: 256,
            ports: [10250],
            haPorts: [],
            kubeProxyPorts: [],
            servesApiPort: false,
            installedMarker: "k3s-agent",
        },
    },
} as const satisfies DistributionDescriptor<K3sRole, K3sRole>;
