import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterSpec } from "../../spec/cluster";
import type { Cluster } from "../cluster";
import type { KindClusterArgs } from "./args";
import { KindCluster } from "./kind-cluster";

/** CloudCore's ports published on the host when real KubeEdge edge hosts join a kind cloud cluster. */
function kubeEdgeHostPorts(spec: ContinuumSpec, c: ClusterSpec): number[] {
    const ke = spec.kubeedge;
    if (!ke || ke.cloudCluster !== c.name || ke.nodes.length === 0 || ke.serviceType !== "HostNetwork") return [];
    return [ke.ports.cloudHub, ke.ports.certs, ke.ports.stream, ke.ports.tunnel];
}

/** KindCluster args from a validated spec (the zod types are richer than component args). */
export function kindArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec): KindClusterArgs {
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
            role: n.roles.includes("control-plane") ? "control-plane" : "worker",
            arch: n.arch,
            labels: n.labels,
            taints: n.taints,
            runtimes: n.runtimes,
            capabilities: n.capabilities,
        })),
        nodeLabels: c.nodeLabels,
        registryMirrors: c.registryMirrors,
        artifactDir: spec.airgap.artifactDir,
        image: spec.versions.kubernetes ? `kindest/node:v${spec.versions.kubernetes}` : undefined,
        apiServerAddress: c.apiEndpoint.host,
        hostPorts: kubeEdgeHostPorts(spec, c),
    };
}

/** The factory entry for substrate `kind`. */
export function buildKindCluster(spec: ContinuumSpec, c: ClusterSpec, opts: pulumi.ComponentResourceOptions): Cluster {
    return new KindCluster(c.name, kindArgsFromSpec(spec, c), opts).cluster;
}
