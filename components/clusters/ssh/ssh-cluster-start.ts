/**
 * What the SSH cluster components (K3s, kubeadm) derive first from their args: the spec's cluster,
 * its plan, the version table and the distribution's version, whether it is HA, and how long a
 * host script may wait.
 */
import type { ClusterSpec } from "../../spec/cluster";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { VersionTable } from "../../versions";
import { tableFor } from "../../artifact-pins";
import { scriptWaitSeconds } from "../../hosts/connection";
import { findCluster, planSshCluster, type SshClusterPlan } from "./ssh-topology";

/** The args every SSH cluster component takes to find its cluster. */
export interface SshClusterSource {
    /** The parsed spec. */
    spec: ContinuumSpec;
    /** The cluster's name in the spec. */
    cluster: string;
    /** Version table. @default the spec's pins over the pinned table */
    table?: VersionTable;
}

/** What `startSshCluster` derives. */
export interface SshClusterStart {
    /** The parsed spec. */
    spec: ContinuumSpec;
    /** The version table in force. */
    table: VersionTable;
    /** The cluster's spec. */
    cluster: ClusterSpec;
    /** Its nodes' plan. */
    plan: SshClusterPlan;
    /** The distribution's version. */
    version: string;
    /** More than one control plane. */
    ha: boolean;
    /** Seconds a host script may wait, as the scripts take it. */
    waitSeconds: string;
}

/** Find the cluster of `distribution` in the spec and plan it. */
export function startSshCluster(
    args: SshClusterSource,
    distribution: string,
    versionOf: (spec: ContinuumSpec, table: VersionTable) => string,
): SshClusterStart {
    const spec = args.spec;
    const table = args.table ?? tableFor(spec);
    const cluster = findCluster(spec, args.cluster, distribution);
    const plan = planSshCluster(cluster);
    return {
        spec,
        table,
        cluster,
        plan,
        version: versionOf(spec, table),
        ha: plan.controls.length > 1,
        waitSeconds: String(scriptWaitSeconds(spec.ssh.timeoutSeconds)),
    };
}
