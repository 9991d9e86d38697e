import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterSpec } from "../../spec/cluster";
import type { Cluster } from "../cluster";
import type { K3dClusterArgs } from "./args";
import { K3dCluster } from "./k3d-cluster";

/** K3dCluster args from a validated spec (the zod types are richer than component args). */
export function k3dArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec): K3dClusterArgs {
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
            role: n.roles.includes("server") ? "server" : "agent",
            arch: n.arch,
            labels: n.labels,
            taints: n.taints,
            runtimes: n.runtimes,
            capabilities: n.capabilities,
        })),
        nodeLabels: c.nodeLabels,
        registryMirrors: c.registryMirrors,
        artifactDir: spec.airgap.artifactDir,
        image: spec.versions.k3s ? `rancher/k3s:${spec.versions.k3s.replace("+", "-")}` : undefined,
        apiHost: c.apiEndpoint.host,
    };
}

/** The factory entry for substrate `k3d`. */
export function buildK3dCluster(spec: ContinuumSpec, c: ClusterSpec, opts: pulumi.ComponentResourceOptions): Cluster {
    return new K3dCluster(c.name, k3dArgsFromSpec(spec, c), opts).cluster;
}
