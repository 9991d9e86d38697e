/**
 * K3sCluster's hooks for the day-2 plan (k3s-day2.ts): the plan's steps as fleet converge steps
 * of a server, and the snapshot copy of each server after its converge. Kept here so that the
 * cluster component needs a few lines only.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../spec/cluster";
import type { ClusterNodeSpec } from "../spec/node";
import type { FleetNode, FleetNodeStep } from "../hosts/fleet-node";
import type { HostConnection } from "../hosts/connection";
import { k3sServerDay2 } from "./k3s-day2";
import { K3S_ETCD_DAY2 } from "../distributions/etcd-day2";
import { controlNodeDay2Input, day2FleetStep, declareFirstSnapshotCopy } from "./day2-fleet-steps";

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
    const plan = k3sServerDay2(controlNodeDay2Input({ ...input, controls: input.servers }, node));
    return { before: plan.before.map((st) => day2FleetStep(st)), after: plan.after.map((st) => day2FleetStep(st)) };
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
    const servers = input.servers.map((s) => s.name);
    return declareFirstSnapshotCopy(K3S_ETCD_DAY2, name, { ...input, controls: servers }, first, parent);
}
