import type { DistributionDescriptor } from "../distributions/descriptor";
import type { PreflightRequirements } from "../hosts/preflight";
import type { ClusterNodeSpec } from "../spec/node";

/** The cluster facts a host's requirements depend on. */
export interface PreflightContext {
    /** The spec's API port (a role that serves it must find it free). */
    apiPort: number;
    /** Several control nodes (embedded etcd ports). */
    ha: boolean;
    /** Cilium is the CNI. */
    cilium: boolean;
    /** Cilium replaces kube-proxy. */
    kubeProxyReplacement: boolean;
}

/**
 * What a host must offer to take a control or worker role of a distribution (pure), from the
 * distribution's descriptor. Throws for a distribution the toolkit does not install.
 */
export function distributionPreflight(
    d: DistributionDescriptor,
    node: ClusterNodeSpec,
    control: boolean,
    c: PreflightContext,
): PreflightRequirements {
    if (!d.host) throw new Error(`${d.title} is not installed by continuum: its hosts have no preflight`);
    const role = control ? d.host.control : d.host.worker;
    return {
        arch: node.arch,
        minMemoryMiB: role.minMemoryMiB,
        role: role.title,
        swapOff: d.host.swapOff,
        modules: [...d.host.modules, ...(c.cilium ? [] : d.host.modulesWithoutCilium)],
        cgroupV2: true,
        ports: [
            ...(role.servesApiPort ? [c.apiPort] : []),
            ...role.ports,
            ...(c.ha ? role.haPorts : []),
            ...(c.kubeProxyReplacement ? [] : role.kubeProxyPorts),
        ],
        kvm: node.runtimes.includes("kata"),
        tools: [...d.host.tools],
        installedMarker: role.installedMarker,
    };
}
