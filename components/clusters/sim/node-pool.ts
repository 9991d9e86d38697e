import * as path from "node:path";
import { REGISTRATION_ANNOTATION, type SimNodeObject } from "./node-manifest";

/** The node-pool script (apply, delete). */
export const SIM_NODES_SCRIPT = path.join(__dirname, "scripts", "sim-nodes.sh");

/**
 * Simulated nodes per pool resource. A node is not a resource of its own: with Pulumi's
 * checkpoints on, the engine rewrites the whole state after every step, so 1,000 per-node
 * resources took 7 minutes to create and 5 to destroy (bench/README.md). A pool is one step;
 * its diff is the pool's stdin.
 */
export const SIM_NODES_PER_POOL = 200;

/** Parameters of one pool, as `scripts/sim-nodes.sh` reads them on stdin. */
export interface SimNodePoolParams {
    /** The sim cluster (its directory under `stateDir`). */
    cluster: string;
    /** Absolute directory the cluster lives in (as the control plane's). */
    stateDir: string;
    /** The pool's label value (`nodes-<n>`); every node carries it in `continuum.dev/sim-pool`. */
    pool: string;
    /** The pool's Node objects. */
    nodes: SimNodeObject[];
}

/** The nodes in pools of `size`, in spec order: appending nodes changes only the last pool. */
export function chunkNodes<T>(nodes: readonly T[], size = SIM_NODES_PER_POOL): T[][] {
    const pools: T[][] = [];
    for (let i = 0; i < nodes.length; i += size) pools.push(nodes.slice(i, i + size));
    return pools;
}

/** Label value of the index-th (0-based) node pool of a cluster (unique within its API server). */
export function nodePoolLabel(index: number): string {
    return `nodes-${index + 1}`;
}

/** Resource name of the index-th (0-based) node pool of a cluster. */
export function nodePoolName(cluster: string, index: number): string {
    return `${cluster}-${nodePoolLabel(index)}`;
}

/**
 * The script's stdin: `KEY=VALUE` lines, `---`, then the Node objects, one compact JSON object a
 * line (values are data: the script never evaluates them).
 */
export function nodePoolStdin(p: SimNodePoolParams): string {
    const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    if (!label.test(p.cluster))
        throw new Error(`sim cluster '${p.cluster}': the name must be a lowercase DNS label — rename the cluster`);
    if (!label.test(p.pool))
        throw new Error(`sim cluster '${p.cluster}': node pool '${p.pool}' is not a lowercase DNS label`);
    if (!p.stateDir.startsWith("/") || /[\r\n\0]/.test(p.stateDir)) {
        throw new Error(
            `sim cluster '${p.cluster}': state directory '${p.stateDir}' ` +
                `is not an absolute path on one line — pass one`,
        );
    }
    const entries = p.nodes.map((n) => {
        if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n.metadata.name)) {
            throw new Error(
                `sim cluster '${p.cluster}': node '${n.metadata.name}' is not a lowercase DNS name — rename the node`,
            );
        }
        return `${n.metadata.name}=${n.metadata.annotations[REGISTRATION_ANNOTATION] ?? ""}`;
    });
    return [
        `CLUSTER=${p.cluster}`,
        `STATE_DIR=${p.stateDir}`,
        `POOL=${p.pool}`,
        `NODES=${entries.join(" ")}`,
        "---",
        ...p.nodes.map((n) => JSON.stringify(n)),
        "",
    ].join("\n");
}
