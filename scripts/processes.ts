// Live processes of this machine, from /proc (the lab finds its clusters' and Pulumi's by command line).
import * as fs from "node:fs";

/** PIDs of live processes (not this one) whose command line passes `test`. */
export function processesMatching(test: (cmdline: string) => boolean): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        try {
            const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
            if (test(cmdline)) pids.push(Number(entry));
        } catch {
            // gone meanwhile
        }
    }
    return pids;
}

/** PIDs of live processes whose command line names `dir` (the clusters' own processes). */
export const processesUnder = (dir: string): number[] => processesMatching((cmd) => cmd.includes(dir));
