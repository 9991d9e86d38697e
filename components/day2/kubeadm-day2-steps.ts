/**
 * KubeadmCluster's hooks for the day-2 plan (kubeadm-day2.ts): the plan's steps as fleet converge
 * steps of a control plane (with etcd's pinned release archive where a step needs etcdctl or
 * etcdutl), the preflight check the restored init skips, and the snapshot copy of the first
 * control plane after its converge.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { ClusterNodeSpec } from "../spec/node";
import type { VersionTable } from "../versions";
import type { FleetNode, FleetNodeStep } from "../hosts/fleet-node";
import type { HostConnection } from "../hosts/connection";
import type { HostFile } from "../hosts/host-file";
import { artifactHostFile, pinnedFile } from "../hosts/artifacts";
import { kubeadmControlPlaneDay2, type KubeadmDay2Step } from "./kubeadm-day2";
import { KUBEADM_ETCD_DAY2 } from "../distributions/etcd-day2";
import { controlNodeDay2Input, day2FleetStep, declareFirstSnapshotCopy } from "./day2-fleet-steps";

/** What the control planes' day-2 steps are planned from. */
export interface KubeadmDay2StepsInput {
    spec: ContinuumSpec;
    table: VersionTable;
    cluster: ClusterSpec;
    /** Every control plane, in spec order (the first holds the init role). */
    controls: ClusterNodeSpec[];
    /** The Kubernetes version being installed. */
    version: string;
    /** The API server's port. */
    apiPort: number;
    /** Seconds a step waits for a component. */
    waitSeconds: string;
    /** The cluster component (owner of the artifact fetches). */
    parent: pulumi.Resource;
}

/** A planned step as a fleet step, with etcd's release archive where it needs etcdctl or etcdutl. */
function toFleetStep(step: KubeadmDay2Step, etcd: () => HostFile): FleetNodeStep {
    return day2FleetStep(step, step.etcdClient ? [etcd()] : []);
}

/** A control plane's converge steps before and after kubeadm-install.sh (workers: none). */
export function kubeadmDay2Steps(
    input: KubeadmDay2StepsInput,
    node: ClusterNodeSpec,
): { before: FleetNodeStep[]; after: FleetNodeStep[] } {
    const plan = kubeadmControlPlaneDay2({ ...controlNodeDay2Input(input, node), apiPort: input.apiPort });
    const etcd = (): HostFile =>
        artifactHostFile(pinnedFile(input.table, "etcd", node.arch), {
            airgapDir: input.spec.airgap.artifactDir,
            parent: input.parent,
        });
    return {
        before: plan.before.map((s) => toFleetStep(s, etcd)),
        after: plan.after.map((s) => toFleetStep(s, etcd)),
    };
}

/**
 * The copy of the first control plane's latest snapshot and the cluster's CAs (`pki.tar`) to
 * `<backup.target>/<cluster>/<node>/`, for a cluster with `backup:`; undefined without. Every
 * member's snapshot holds the same etcd data; the other control planes keep theirs on schedule.
 */
export function declareKubeadmSnapshotCopy(
    name: string,
    input: KubeadmDay2StepsInput,
    first: { connection: HostConnection; fleet: FleetNode },
): pulumi.Resource | undefined {
    const controls = input.controls.map((c) => c.name);
    return declareFirstSnapshotCopy(KUBEADM_ETCD_DAY2, name, { ...input, controls }, first, input.parent);
}
