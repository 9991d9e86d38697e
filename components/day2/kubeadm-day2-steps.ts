/**
 * KubeadmCluster's hooks for the day-2 plan (kubeadm-day2.ts): the plan's steps as fleet converge
 * steps of a control plane (with etcd's pinned release archive where a step needs etcdctl or
 * etcdutl), the preflight check the restored init skips, and the snapshot copy of the first
 * control plane after its converge.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { ClusterNodeSpec } from "../spec/node";
import type { VersionTable } from "../versions";
import type { FleetNode, FleetNodeStep } from "../hosts/fleet-node";
import type { HostConnection } from "../hosts/connection";
import type { HostFile } from "../hosts/host-file";
import { artifactHostFile, pinnedFile } from "../hosts/artifacts";
import { backupDir } from "./k3s-day2";
import {
    KUBEADM_DAY2_SCRIPTS,
    kubeadmControlPlaneDay2,
    kubeadmSnapshotReason,
    type KubeadmDay2Step,
} from "./kubeadm-day2";
import { declareSnapshotCopy } from "./snapshot-copy";

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

function toFleetStep(step: KubeadmDay2Step, etcd: () => HostFile): FleetNodeStep {
    const files: HostFile[] = (step.files ?? []).map((f) => ({
        name: f.name,
        fileName: f.fileName,
        sha256: f.sha256,
        origin: f.origin,
        source: new pulumi.asset.FileAsset(f.localPath),
        localPath: f.localPath,
    }));
    if (step.etcdClient) files.push(etcd());
    return {
        script: step.script,
        uninstallScript: step.uninstallScript,
        params: step.params,
        ...(files.length > 0 ? { files } : {}),
    };
}

/** A control plane's converge steps before and after kubeadm-install.sh (workers: none). */
export function kubeadmDay2Steps(
    input: KubeadmDay2StepsInput,
    node: ClusterNodeSpec,
): { before: FleetNodeStep[]; after: FleetNodeStep[] } {
    const plan = kubeadmControlPlaneDay2({
        cluster: input.cluster,
        node,
        first: node === input.controls[0],
        controls: input.controls.map((c) => c.name),
        version: input.version,
        apiPort: input.apiPort,
        waitSeconds: input.waitSeconds,
    });
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
    const backup = input.cluster.backup;
    if (backup === undefined) return undefined;
    const node = input.controls[0];
    return declareSnapshotCopy(`${name}-${node.name}`, {
        connection: first.connection,
        bundle: first.fleet.bundle,
        exportScript: path.basename(KUBEADM_DAY2_SCRIPTS.snapshotExport),
        dir: backupDir(input.cluster, node.name) as string,
        keep: backup.keep,
        reason: backup.beforeChanges
            ? kubeadmSnapshotReason(
                  input.version,
                  input.controls.map((c) => c.name),
              )
            : "installed",
        after: first.fleet.converge,
        parent: input.parent,
    });
}
