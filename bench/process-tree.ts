/**
 * Peak resident memory of a process tree (Linux /proc), sampled while it runs: the `preview`
 * case spawns the Pulumi CLI, which starts the language host, the Node.js program and the
 * provider plugins; their RSS summed is what the machine has to hold.
 */
import { readFileSync, readdirSync } from "node:fs";

function childrenOf(pid: number): number[] {
    const out: number[] = [];
    let tasks: string[] = [];
    try {
        tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
        return out;
    }
    for (const t of tasks) {
        try {
            for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/)) if (c) out.push(Number(c));
        } catch {
            // the task ended
        }
    }
    return out;
}

function rssKiB(pid: number): number {
    try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) : 0;
    } catch {
        return 0;
    }
}

/** Sum of VmRSS over the process and its descendants, KiB. */
export function treeRssKiB(root: number): number {
    let sum = 0;
    const todo = [root];
    const seen = new Set<number>();
    while (todo.length > 0) {
        const pid = todo.pop() as number;
        if (seen.has(pid)) continue;
        seen.add(pid);
        sum += rssKiB(pid);
        todo.push(...childrenOf(pid));
    }
    return sum;
}

/** Sample a tree's RSS every `ms` until stop() is called; returns the peak in MB. */
export function samplePeak(root: number, ms = 250): { stop: () => number } {
    let peak = 0;
    const tick = () => { peak = Math.max(peak, treeRssKiB(root)); };
    const timer = setInterval(tick, ms);
    return {
        stop: () => {
            clearInterval(timer);
            return Math.round(peak / 1024);
        },
    };
}
