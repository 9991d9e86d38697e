import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterSpec } from "../../spec/cluster";
import type { VersionTable } from "../../versions";
import { tableFor } from "../../artifact-pins";

/** The args kind and k3d clusters share, from a validated spec. */
export interface LocalClusterBaseArgs {
    clusterName: string;
    tier: string;
    podCidr: string;
    serviceCidr: string;
    clusterDomain: string;
    ciliumCni: boolean;
    kubeProxyReplacement: boolean;
    nodes: { name: string; role: string; arch: string; labels: Record<string, string>; taints: ClusterSpec["nodes"][number]["taints"]; runtimes: string[]; capabilities: string[] }[];
    nodeLabels: Record<string, string>;
    registryMirrors: Record<string, string[]>;
    artifactDir?: string;
    table?: VersionTable;
}

/**
 * The fields kind and k3d take alike; `controlRole`/`workerRole` are the distribution's role
 * names (kubeadm: control-plane/worker, K3s: server/agent).
 */
export function localBaseArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec, controlRole: string, workerRole: string): LocalClusterBaseArgs {
    return {
        clusterName: c.name,
        tier: c.tier,
        podCidr: c.network.podCidr,
        serviceCidr: c.network.serviceCidr,
        clusterDomain: c.network.clusterDomain,
        ciliumCni: c.cilium !== undefined,
        kubeProxyReplacement: c.cilium?.kubeProxyReplacement ?? false,
        nodes: c.nodes.map((n) => ({
            name: n.name,
            role: (n.roles as string[]).includes(controlRole) ? controlRole : workerRole,
            arch: n.arch,
            labels: n.labels,
            taints: n.taints,
            runtimes: n.runtimes,
            capabilities: n.capabilities,
        })),
        nodeLabels: c.nodeLabels,
        registryMirrors: c.registryMirrors,
        artifactDir: spec.airgap.artifactDir,
        table: tableFor(spec),
    };
}
