/**
 * What the K3s and kubeadm clusters' day-2 hooks share (k3s-server-steps.ts,
 * kubeadm-day2-steps.ts): a planned step as a fleet converge step, and the copy of the first
 * control node's latest snapshot after its converge.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../spec/cluster";
import type { FleetNode, FleetNodeStep } from "../hosts/fleet-node";
import type { HostConnection } from "../hosts/connection";
import type { HostFile } from "../hosts/host-file";
import { backupDir } from "./k3s-day2";
import type { ClusterNodeSpec } from "../spec/node";
import { etcdDay2Scripts, etcdSnapshotReason, type ControlNodeDay2Input, type Day2Step } from "./control-plane-day2";
import type { EtcdDay2Distribution } from "../distributions/etcd-day2";
import { declareSnapshotCopy } from "./snapshot-copy";

/** A planned step as a fleet converge step; `extra`: host files pushed with it besides its own. */
export function day2FleetStep(step: Day2Step, extra: HostFile[] = []): FleetNodeStep {
    const files: HostFile[] = (step.files ?? []).map((f) => ({
        name: f.name,
        fileName: f.fileName,
        sha256: f.sha256,
        origin: f.origin,
        source: new pulumi.asset.FileAsset(f.localPath),
        localPath: f.localPath,
    }));
    files.push(...extra);
    return {
        script: step.script,
        uninstallScript: step.uninstallScript,
        params: step.params,
        ...(files.length > 0 ? { files } : {}),
    };
}

/** What the day-2 steps of a cluster's control nodes are planned from. */
export interface ControlNodesInput {
    cluster: ClusterSpec;
    /** Every control node, in spec order (the first holds the init role). */
    controls: ClusterNodeSpec[];
    /** The version being installed. */
    version: string;
    /** Seconds a step waits for the distribution's components. */
    waitSeconds: string;
}

/** The plan input of one control node. */
export function controlNodeDay2Input(input: ControlNodesInput, node: ClusterNodeSpec): ControlNodeDay2Input {
    return {
        cluster: input.cluster,
        node,
        first: node === input.controls[0],
        controls: input.controls.map((c) => c.name),
        version: input.version,
        waitSeconds: input.waitSeconds,
    };
}

/** What the snapshot copy of a cluster's first control node is declared from. */
export interface FirstSnapshotCopyInput {
    cluster: ClusterSpec;
    /** Every control node's name, in spec order (the first holds the init role). */
    controls: string[];
    /** The version being installed. */
    version: string;
}

/**
 * The copy of the first control node's latest snapshot to `<backup.target>/<cluster>/<node>/`
 * (with what the distribution's export script adds), for a cluster with `backup:`; undefined
 * without. Every member's snapshot holds the same etcd data; the others keep theirs on schedule.
 */
export function declareFirstSnapshotCopy(
    d: EtcdDay2Distribution,
    name: string,
    input: FirstSnapshotCopyInput,
    first: { connection: HostConnection; fleet: FleetNode },
    parent: pulumi.Resource,
): pulumi.Resource | undefined {
    const backup = input.cluster.backup;
    if (backup === undefined) return undefined;
    const node = input.controls[0];
    return declareSnapshotCopy(`${name}-${node}`, {
        connection: first.connection,
        bundle: first.fleet.bundle,
        exportScript: path.basename(etcdDay2Scripts(d).snapshotExport),
        dir: backupDir(input.cluster, node) as string,
        keep: backup.keep,
        reason: backup.beforeChanges ? etcdSnapshotReason(d, input.version, input.controls) : "installed",
        after: first.fleet.converge,
        parent,
    });
}
