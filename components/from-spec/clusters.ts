/**
 * The cluster factory: substrate (and distribution) → the adapter that builds the cluster's
 * component from the spec and returns its `Cluster` handle.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { Cluster, ClusterBuilder } from "../clusters/cluster";
import { K3sCluster } from "../clusters/k3s/k3s-cluster";
import { KubeadmCluster } from "../clusters/kubeadm/kubeadm-cluster";
import { buildSimCluster } from "./sim";
import { buildK3dCluster, buildKindCluster } from "./local-clusters";
import { buildExistingCluster } from "./existing";

/** The `ssh/k3s` entry: the K3sCluster component reads its cluster from the spec itself. */
export const buildK3sSshCluster: ClusterBuilder = (spec, cluster, opts) =>
    new K3sCluster(cluster.name, { spec, cluster: cluster.name }, opts).cluster;

/** The `ssh/kubeadm` entry. */
export const buildKubeadmSshCluster: ClusterBuilder = (spec, cluster, opts) =>
    new KubeadmCluster(cluster.name, { spec, cluster: cluster.name }, opts).cluster;

/** Substrate (and distribution) → builder. Each substrate registers one entry here. */
const BUILDERS: Partial<Record<string, ClusterBuilder>> = {
    sim: buildSimCluster,
    kind: buildKindCluster,
    k3d: buildK3dCluster,
    existing: buildExistingCluster,
    "ssh/k3s": buildK3sSshCluster,
    "ssh/kubeadm": buildKubeadmSshCluster,
};

/** Build the cluster on its substrate. */
export function createCluster(
    spec: ContinuumSpec,
    cluster: ClusterSpec,
    opts: pulumi.ComponentResourceOptions,
): Cluster {
    const builder = BUILDERS[`${cluster.substrate}/${cluster.distribution}`] ?? BUILDERS[cluster.substrate];
    if (!builder) {
        throw new Error(
            `cluster '${cluster.name}': substrate '${cluster.substrate}' ` +
                `with distribution '${cluster.distribution}' is not available in this version ` +
                `of continuum — use one of: ${Object.keys(BUILDERS).join(", ") || "(none yet)"}`,
        );
    }
    return builder(spec, cluster, opts);
}
