/**
 * How a node's labels and taints travel to host scripts (node-reconcile.sh, node-pool.sh, K3s
 * `node-label` / `node-taint`): one sorted, comma-separated line each. Pure.
 */
import type { Taint } from "../spec/node";

/** `k=v,k2=v2` (sorted) for node-reconcile.sh; label keys and values cannot hold ',' or '='. */
export function labelList(labels: Record<string, string>): string {
    return Object.keys(labels)
        .sort()
        .map((k) => `${k}=${labels[k]}`)
        .join(",");
}

/** `key=value:Effect,...` (sorted) for node-reconcile.sh and K3s `node-taint`. */
export function taintList(taints: Taint[]): string {
    return taints
        .map((t) =>
            t.value !== undefined && t.value !== "" ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`,
        )
        .sort()
        .join(",");
}
