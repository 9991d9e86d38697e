/**
 * K3sCluster's hooks for the day-2 plan (k3s-day2.ts): the plan's steps as fleet converge steps
 * of a server, and the snapshot copy of each server after its converge. Kept here so that the
 * cluster component needs a few lines only.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../spec/cluster";
import type { ClusterNodeSpec } from "../spec/node";
import type { FleetNode, FleetNodeStep } from "../hosts/fleet-node";
import type { HostConnection } from "../hosts/connection";
import { backupDir, k3sServerDay2, K3S_DAY2_SCRIPTS, snapshotReason, type Day2Step } from "./k3s-day2";
import { declareSnapshotCopy } from "./snapshot-copy";

type StepFile = NonNullable<FleetNodeStep["files"]>[number];

function toFleetStep(step: Day2Step): FleetNodeStep {
    const files: StepFile[] = (step.files ?? []).map((f) => ({
        name: f.name,
        fileName: f.fileName,
        sha256: f.sha256,
        origin: f.origin,
        source: new pulumi.asset.FileAsset(f.localPath),
    }));
    return {
        script: step.script,
        uninstallScript: step.uninstallScript,
        params: step.params,
        ...(files.length > 0 ? { files } : {}),
    };
}

/** What the servers' day-2 steps are planned from. */
export interface K3sServerStepsInput {
    cluster: ClusterSpec;
    /** Every server, in spec order (the first holds the init role). */
    servers: ClusterNodeSpec[];
    /** The K3s version being installed. */
    version: string;
    /** Seconds a step waits for K3s. */
    waitSeconds: string;
}

/** A server's converge steps before and after k3s-install.sh (agents: none). */
export function k3sServerSteps(
    input: K3sServerStepsInput,
    node: ClusterNodeSpec,
): { before: FleetNodeStep[]; after: FleetNodeStep[] } {
    if (!input.servers.includes(node)) return { before: [], after: [] };
    const plan = k3sServerDay2({
        cluster: input.cluster,
        node,
        first: node === input.servers[0],
        servers: input.servers.map((s) => s.name),
        version: input.version,
        waitSeconds: input.waitSeconds,
    });
    return { before: plan.before.map(toFleetStep), after: plan.after.map(toFleetStep) };
}

/**
 * The copy of the first server's latest snapshot (the one it takes when installed and before
 * every change), for a cluster with `backup:`; undefined without. Every member's snapshot holds
 * the same etcd data; the other servers keep theirs on schedule, on their own disks.
 */
export function declareK3sSnapshotCopy(
    name: string,
    input: K3sServerStepsInput,
    first: { connection: HostConnection; fleet: FleetNode },
    parent: pulumi.Resource,
): pulumi.Resource | undefined {
    const backup = input.cluster.backup;
    if (backup === undefined) return undefined;
    const node = input.servers[0];
    return declareSnapshotCopy(`${name}-${node.name}`, {
        connection: first.connection,
        bundle: first.fleet.bundle,
        exportScript: path.basename(K3S_DAY2_SCRIPTS.snapshotExport),
        dir: backupDir(input.cluster, node.name) as string,
        keep: backup.keep,
        reason: backup.beforeChanges
            ? snapshotReason(
                  input.version,
                  input.servers.map((s) => s.name),
              )
            : "installed",
        after: first.fleet.converge,
        parent,
    });
}
