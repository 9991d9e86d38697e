/** KindCluster and K3dCluster args from a validated spec (the zod types are richer than component args). */
import type * as pulumi from "@pulumi/pulumi";
import { tableFor } from "../artifact-pins";
import type { Cluster, ClusterBuilder } from "../clusters/cluster";
import type { K3dClusterArgs } from "../clusters/k3d/args";
import { K3dCluster } from "../clusters/k3d/k3d-cluster";
import type { KindClusterArgs } from "../clusters/kind/args";
import { KindCluster } from "../clusters/kind/kind-cluster";
import type { LocalClusterArgs, LocalNodeArgs } from "../clusters/local/args";
import type { DistributionRoles } from "../distributions/descriptor";
import { K3S } from "../distributions/k3s";
import { KUBEADM } from "../distributions/kubeadm";
import type { ClusterSpec } from "../spec/cluster";
import type { ContinuumSpec } from "../spec/continuum-spec";

/** The fields kind and k3d take alike, each node with its distribution's control or worker role. */
export function localArgsFromSpec<C extends string, W extends string>(
    spec: ContinuumSpec,
    c: ClusterSpec,
    roles: DistributionRoles<C, W>,
): LocalClusterArgs & { nodes: (LocalNodeArgs & { role: C | W })[] } {
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
            role: (n.roles as readonly string[]).includes(roles.control) ? roles.control : roles.worker,
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

/** CloudCore's ports published on the host when real KubeEdge edge hosts join a kind cloud cluster. */
export function kubeEdgeHostPorts(spec: ContinuumSpec, c: ClusterSpec): number[] {
    const ke = spec.kubeedge;
    if (!ke || ke.cloudCluster !== c.name || ke.nodes.length === 0 || ke.serviceType !== "HostNetwork") return [];
    return [ke.ports.cloudHub, ke.ports.certs, ke.ports.stream, ke.ports.tunnel];
}

/** KindCluster args. */
export function kindArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec): KindClusterArgs {
    return {
        ...localArgsFromSpec(spec, c, KUBEADM.roles),
        image: spec.versions.kubernetes ? `kindest/node:v${spec.versions.kubernetes}` : undefined,
        apiServerAddress: c.apiEndpoint.host,
        hostPorts: kubeEdgeHostPorts(spec, c),
    };
}

/** K3dCluster args. */
export function k3dArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec): K3dClusterArgs {
    return {
        ...localArgsFromSpec(spec, c, K3S.roles),
        image: spec.versions.k3s ? `rancher/k3s:${spec.versions.k3s.replace("+", "-")}` : undefined,
        apiHost: c.apiEndpoint.host,
    };
}

/** The factory entry for substrate `kind`. */
export const buildKindCluster: ClusterBuilder = (spec, c, opts: pulumi.ComponentResourceOptions): Cluster =>
    new KindCluster(c.name, kindArgsFromSpec(spec, c), opts).cluster;

/** The factory entry for substrate `k3d`. */
export const buildK3dCluster: ClusterBuilder = (spec, c, opts: pulumi.ComponentResourceOptions): Cluster =>
    new K3dCluster(c.name, k3dArgsFromSpec(spec, c), opts).cluster;
