import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { Cluster } from "./cluster";
import { simClusterBuilder } from "./sim/builder";
import { buildKindCluster } from "./kind/from-spec";
import { buildK3dCluster } from "./k3d/from-spec";
import { buildExistingCluster } from "./existing/from-spec";
import { k3sSshBuilder } from "./k3s/k3s-cluster";
import { kubeadmSshBuilder } from "./kubeadm/kubeadm-cluster";

/** Builds the Cluster handle for one cluster of the spec on its substrate. */
export type ClusterBuilder = (spec: ContinuumSpec, cluster: ClusterSpec, opts: pulumi.ComponentResourceOptions) => Cluster;

/** Substrate (and distribution) → builder. Each substrate module registers one entry here. */
const BUILDERS: Partial<Record<string, ClusterBuilder>> = {
    sim: simClusterBuilder,
    kind: buildKindCluster,
    k3d: buildK3dCluster,
    existing: buildExistingCluster,
    "ssh/k3s": k3sSshBuilder,
    "ssh/kubeadm": kubeadmSshBuilder,
};

/** Build the cluster on its substrate. */
export function createCluster(spec: ContinuumSpec, cluster: ClusterSpec, opts: pulumi.ComponentResourceOptions): Cluster {
    const builder = BUILDERS[`${cluster.substrate}/${cluster.distribution}`] ?? BUILDERS[cluster.substrate];
    if (!builder) {
        throw new Error(`cluster '${cluster.name}': substrate '${cluster.substrate}' with distribution '${cluster.distribution}' is not available in this version of continuum — use one of: ${Object.keys(BUILDERS).join(", ") || "(none yet)"}`);
    }
    return builder(spec, cluster, opts);
}
