/**
 * `fleet:` of a K3s cluster over SSH and of KubeEdge: how the nodes' converges are grouped into
 * Pulumi resources (components/hosts/fleet-pool.ts, docs/fleet-nodes.md). Off by default: one
 * converge resource per node. The rule that keeps it to the nodes it applies to is in
 * rules/fleet.ts.
 */
import { z } from "zod";

/** Nodes a pool may hold: its record and node list pass through one environment variable each (≤ 128 KiB). */
export const MAX_NODES_PER_POOL = 500;

/** How a fleet's converges are grouped. */
export const fleetSchema = z.strictObject({
    /**
     * Converge pools: the fleet's nodes (K3s agents, KubeEdge edge nodes) as this many
     * `command:local:Command` resources instead of one per node. A node's pool is decided by its
     * name (sha256 modulo `pools`): adding or removing nodes moves no other node; changing `pools`
     * moves most of them (docs/fleet-nodes.md: what that does on a live stack).
     * @default unset: one converge resource per node
     */
    pools: z.number().int().min(1).max(100_000).optional(),
    /** Converges a pool runs at once (over SSH, from the machine running Pulumi). @default 10 */
    parallel: z.number().int().min(1).max(100).default(10),
});
export type FleetSpec = z.infer<typeof fleetSchema>;
