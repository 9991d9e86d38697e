/**
 * Pools of fleet converges (opt-in: a cluster's or KubeEdge's `fleet.pools`): the nodes of a fleet as
 * one `command:local:Command` per pool instead of one per node (fleet-node.ts). Every registered
 * resource costs the Pulumi SDK, engine and command provider a few milliseconds and tens of kilobytes
 * (bench/README.md); a pool of a hundred nodes costs that once.
 *
 *   <name>-pool-<i>   LeanLocalCommand running scripts/fleet-pool.sh, which converges the pool's
 *                     nodes N at a time with fleet-node-ssh.sh (the same pinned keys, bastion, bundle
 *                     push and logs as a node of its own).
 *
 * Each node's converge is planned as for a resource of its own (planFleetNode). The pool's stdin
 * (secret) holds every node's; its plain `CONTINUUM_POOL_NODES` lists `node=digest` lines
 * (fleet-pool-input.ts: an HMAC of the node's environment and stdin), so a preview's diff names the
 * nodes that change. The script converges only the nodes whose digest differs from its last
 * successful run's record (its stdout, which the provider passes back as PULUMI_COMMAND_STDOUT),
 * unconverges the nodes that left the pool and the spec, and fails naming every node that failed;
 * delete unconverges every node. What Pulumi's plan, `--target` and retry see is the pool, not the
 * node (docs/fleet-nodes.md).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LeanLocalCommand } from "./lean-command";
import { MAX_NODES_PER_POOL } from "../spec/fleet";
import { declareInChunks, type Chunked } from "./chunks";
import { fleetCommandLines, fleetTimeouts, planFleetNode, type FleetNodeArgs } from "./fleet-node";
import {
    nodeDigest,
    poolMembers,
    poolNodeLines,
    checkRecordBudget,
    renderPoolStdin,
    type PoolNodeInput,
} from "./fleet-pool-input";

/** The pool script, run on the machine running Pulumi. */
export const FLEET_POOL_SCRIPT = path.join(__dirname, "scripts", "fleet-pool.sh");

/** Converges a pool runs at once. */
export const DEFAULT_POOL_PARALLEL = 10;

/** What one node of a pool is made of (as a node of its own, without dependencies or parent). */
export type FleetPoolNode = Pick<FleetNodeArgs, "connection" | "steps" | "preflight" | "timeoutSeconds">;

/** The pools of a fleet. */
export interface FleetPoolsArgs<T> {
    /** The nodes (planned one pool at a time: a fleet's plans held at once are most of the program's memory). */
    items: readonly T[];
    /** A node's name (its pool is decided by it: fleet-pool-input.ts poolIndex). */
    nameOf: (item: T) => string;
    /** Plan one node's converge. */
    plan: (item: T) => FleetPoolNode;
    /** The number of pools (≥ 1). */
    pools: number;
    /** Where `pools` is in the spec, for messages (e.g. `clusters[2].fleet.pools`). */
    specPath: string;
    /** Converges a pool runs at once. @default 10 */
    parallel?: number;
    /** What every pool waits for. @default [] */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
    /** The component the pools belong to. */
    parent: pulumi.Resource;
}

/** Declare one pool of nodes (index: its pool number, 0-based). */
function declarePool<T>(name: string, index: number, members: readonly T[], args: FleetPoolsArgs<T>): LeanLocalCommand {
    const parallel = args.parallel ?? DEFAULT_POOL_PARALLEL;
    if (members.length > MAX_NODES_PER_POOL) {
        throw new Error(
            `${args.specPath}: pool ${index + 1} of ${args.pools} would hold ${members.length} nodes, more than ` +
                `${MAX_NODES_PER_POOL} (its record passes through one environment variable) — raise ${args.specPath} ` +
                `to at least ${Math.ceil((args.items.length * 1.3) / MAX_NODES_PER_POOL)}`,
        );
    }
    const planned = members.map((m) => {
        const node = args.plan(m);
        if (node.connection.nodeName !== args.nameOf(m)) {
            throw new Error(`node '${args.nameOf(m)}': its connection is named '${node.connection.nodeName}' — a bug`);
        }
        return { name: node.connection.nodeName, connection: node.connection, plan: planFleetNode(node) };
    });
    const login = planned[0].connection;
    const resolved = pulumi
        .all([
            planned.map((p) => [p.plan.environment, p.plan.stdin] as const),
            login.privateKey,
            login.bastion?.privateKey,
            login.sudoPassword,
        ])
        .apply(([pairs, privateKey, bastionKey, sudoPassword]) => {
            const nodes = pairs.map(([environment, stdin], i) => {
                const n: PoolNodeInput = {
                    name: planned[i].name,
                    environment,
                    stdin,
                    undoInput: planned[i].plan.undoInput,
                };
                return { ...n, digest: nodeDigest(privateKey, n) };
            });
            checkRecordBudget(args.specPath, index, args.pools, nodes);
            return {
                lines: poolNodeLines(nodes),
                stdin: renderPoolStdin({ privateKey, bastionKey, sudoPassword }, nodes),
            };
        });
    const poolName = `${name}-pool-${index + 1}`;
    const lines = fleetCommandLines(FLEET_POOL_SCRIPT);
    const slowest = Math.max(...planned.map((p) => p.plan.limitSeconds));
    return new LeanLocalCommand(
        poolName,
        {
            create: lines.converge,
            delete: lines.unconverge,
            // Plain: the digests are HMACs keyed with the login key; the node list is what a preview shows.
            environment: pulumi.unsecret(
                resolved.apply((r) => ({
                    CONTINUUM_POOL: poolName,
                    CONTINUUM_POOL_INDEX: String(index),
                    CONTINUUM_POOLS: String(args.pools),
                    CONTINUUM_POOL_PARALLEL: String(parallel),
                    CONTINUUM_POOL_NODES: r.lines,
                })),
            ),
            stdin: pulumi.secret(resolved.apply((r) => r.stdin)),
            // The last run's record: which nodes converged with which digest.
            addPreviousOutputInEnv: true,
            // Progress and failures shown as they come; the record (stdout) only in the state.
            logging: "stderr",
        },
        {
            parent: args.parent,
            dependsOn: args.dependsOn,
            customTimeouts: fleetTimeouts(slowest * Math.ceil(planned.length / parallel) + 120),
            deleteBeforeReplace: true,
        },
    );
}

/** Declare a fleet's nodes as pools of converges, one pool at a time (chunks.ts). */
export function declareFleetPools<T>(name: string, args: FleetPoolsArgs<T>): Chunked {
    const pools = poolMembers(args.items, args.pools, args.nameOf);
    return declareInChunks(pools, (p) => [declarePool(name, p.index, p.members, args)], 1);
}
