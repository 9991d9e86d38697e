import * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { Cluster, ClusterBuilder } from "../clusters/cluster";
import { chooseApiPort } from "../clusters/sim/control-plane";
import { SimCluster, type SimClusterArgs, type SimNodeArgs } from "../clusters/sim/sim-cluster";

/**
 * Kubernetes version a sim cluster's binaries must report: the spec's `versions.kubernetes`
 * when it sets one; otherwise "" — the control plane is whatever the toolchain pinned and built
 * (tools/versions.env), since the version table pins what real hosts install.
 */
export function simKubernetesVersion(spec: ContinuumSpec): string {
    return spec.versions.kubernetes ?? "";
}

/**
 * SimCluster arguments for one cluster of the spec (pure). Cluster nodes get the cluster's
 * `nodeLabels` under their own labels; a cloud cluster hosting KubeEdge also gets the
 * KubeEdge edge nodes, which keep only their own labels.
 */
export function simClusterArgs(
    spec: ContinuumSpec,
    cluster: ClusterSpec,
    stack: string,
    stateDir?: string,
): SimClusterArgs {
    const simIndex = spec.clusters.filter((c) => c.substrate === "sim").findIndex((c) => c.name === cluster.name);
    const nodes: SimNodeArgs[] = cluster.nodes.map((n) => ({
        name: n.name,
        roles: [...n.roles],
        arch: n.arch,
        labels: { ...cluster.nodeLabels, ...n.labels },
        taints: n.taints.map((t) => ({ ...t })),
        runtimes: [...n.runtimes],
        capabilities: [...n.capabilities],
        capacity: { ...n.capacity },
    }));
    const ke = spec.kubeedge;
    if (ke && ke.cloudCluster === cluster.name) {
        for (const n of ke.nodes) {
            nodes.push({
                name: n.name,
                roles: [],
                arch: n.arch,
                labels: { ...n.labels },
                taints: n.taints.map((t) => ({ ...t })),
                runtimes: [...n.runtimes],
                capabilities: [...n.capabilities],
                capacity: { ...n.capacity },
                kubeEdge: true,
            });
        }
    }
    return {
        tier: cluster.tier,
        distribution: cluster.distribution,
        podCidr: cluster.network.podCidr,
        serviceCidr: cluster.network.serviceCidr,
        clusterDomain: cluster.network.clusterDomain,
        apiPort: chooseApiPort(cluster.apiEndpoint.port, stack, Math.max(simIndex, 0)),
        ...(stateDir !== undefined ? { stateDir } : {}),
        kubernetesVersion: simKubernetesVersion(spec),
        nodes,
    };
}

/** The `sim` entry of the cluster factory. */
export const buildSimCluster: ClusterBuilder = (
    spec: ContinuumSpec,
    cluster: ClusterSpec,
    opts: pulumi.ComponentResourceOptions,
): Cluster => new SimCluster(cluster.name, simClusterArgs(spec, cluster, pulumi.getStack()), opts).cluster;
