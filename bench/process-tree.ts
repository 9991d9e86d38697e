/**
 * Peak resident memory of a process tree (Linux /proc), sampled while it runs: the `preview`
 * case spawns the Pulumi CLI, which starts the language host, the Node.js program and the
 * provider plugins (one process per provider instance: a kubernetes plugin per cluster). Their
 * RSS summed counts the pages they share (the same plugin binary's code, once per process) once
 * per process; their PSS summed (Linux smaps_rollup: a shared page split between its sharers) is
 * what the machine has to hold. Both are reported.
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
            for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/))
                if (c) out.push(Number(c));
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

function pssKiB(pid: number): number {
    try {
        const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
        return m ? Number(m[1]) : 0;
    } catch {
        return 0;
    }
}

/** The process and its descendants. */
export function treePids(root: number): number[] {
    const out: number[] = [];
    const todo = [root];
    const seen = new Set<number>();
    while (todo.length > 0) {
        const pid = todo.pop() as number;
        if (seen.has(pid)) continue;
        seen.add(pid);
        out.push(pid);
        todo.push(...childrenOf(pid));
    }
    return out;
}

/** Sum of VmRSS over the process and its descendants, KiB. */
export function treeRssKiB(root: number): number {
    return treePids(root).reduce((sum, pid) => sum + rssKiB(pid), 0);
}

/** What a process of the tree is, for the breakdown: the CLI, the program, a plugin. */
function roleOf(pid: number): string {
    try {
        const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        const exe = (args[0] ?? "").split("/").pop() ?? "";
        if (exe === "node") return args.some((a) => a.includes("cmd/run")) ? "program" : "node";
        return exe.replace(/^pulumi-resource-/, "plugin:").replace(/^pulumi-language-/, "language:");
    } catch {
        return "?";
    }
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return 0;
    }
}

/** Peak tree RSS and PSS, and per role the peak RSS of one process, the CPU seconds of all and how many. */
export interface TreeSample {
    peakMB: number;
    peakPssMB: number;
    byRole: Record<string, { rssMB: number; cpuSeconds: number; count: number }>;
}

/** Sample a tree (or several: their sum) every `ms` until stop() is called. */
export function samplePeak(root: number | number[], ms = 250): { stop: () => TreeSample } {
    const roots = Array.isArray(root) ? root : [root];
    let peak = 0;
    let peakPss = 0;
    const rss = new Map<number, number>();
    const cpu = new Map<number, number>();
    const role = new Map<number, string>();
    const tick = () => {
        let sum = 0;
        let pss = 0;
        for (const pid of roots.flatMap(treePids)) {
            const r = rssKiB(pid);
            sum += r;
            pss += pssKiB(pid);
            rss.set(pid, Math.max(rss.get(pid) ?? 0, r));
            cpu.set(pid, Math.max(cpu.get(pid) ?? 0, cpuSeconds(pid)));
            if (!role.has(pid)) role.set(pid, roleOf(pid));
        }
        peak = Math.max(peak, sum);
        peakPss = Math.max(peakPss, pss);
    };
    const timer = setInterval(tick, ms);
    return {
        stop: () => {
            clearInterval(timer);
            const byRole: TreeSample["byRole"] = {};
            for (const [pid, r] of role) {
                const e = byRole[r] ?? { rssMB: 0, cpuSeconds: 0, count: 0 };
                e.count++;
                e.rssMB = Math.max(e.rssMB, Math.round((rss.get(pid) ?? 0) / 1024));
                e.cpuSeconds = Math.round((e.cpuSeconds + (cpu.get(pid) ?? 0)) * 10) / 10;
                byRole[r] = e;
            }
            return { peakMB: Math.round(peak / 1024), peakPssMB: Math.round(peakPss / 1024), byRole };
        },
    };
}
