/**
 * Provisioning N test hosts over SSH with the real engine (the K3s fixture, stand-in k3s binary):
 * wall time of `pulumi up` from nothing, for N = 1, 5, 20 — in parallel (Pulumi's default
 * --parallel 8, and --parallel 64) versus the same per-host steps one after another
 * (--parallel 1). One server, N-1 agents. Needs root (test hosts); prints one JSON line per
 * measurement and a table. Goal: 20 hosts in under 1.5x the time of one, >= 5x faster than
 * sequential.
 *
 * The hosts share this machine's CPUs with the engine, so each row also says where the CPU went:
 * `runnerCpu` (pulumi, the language host and program, the command provider: bash `times`),
 * `hostsCpu` (every process of every host: their cgroup2 cpu.stat), `busy` (the whole machine's
 * busy share over the up, /proc/stat, other users included) and `cpuFloor` = (runnerCpu +
 * hostsCpu) / CPUs, the wall time no scheduling can beat here.
 *
 *   npx ts-node --transpile-only bench/hosts-provision.ts [--sizes 1,5,20] [--runs 1] [--modes 8,64,1]
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { k3sStack } from "../test/hosts/harness/k3s-fixture";
import { errorDiagnostics, stepOps } from "../test/hosts/harness/pulumi-stack";
import { runScriptSync } from "../test/hosts/harness/shell";
import { TestHostRun } from "../test/hosts/harness/test-hosts";

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const sizes = opt("sizes", "1,5,20").split(",").map(Number);
const runs = Math.max(1, Number(opt("runs", "1")));
const modes = opt("modes", "8,64,1").split(",").map(Number);

interface Row {
    case: string;
    nodes: number;
    parallel: number;
    seconds: number;
    engineSeconds: number;
    steps: number;
    runnerCpu: number;
    hostsCpu: number;
    busy: number;
    cpuFloor: number;
}

/** Busy and total jiffies of all CPUs (/proc/stat). */
function cpuJiffies(): { busy: number; total: number } {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
}

const round = (x: number) => Math.round(x * 100) / 100;

async function measure(n: number): Promise<Row[]> {
    const hosts = await TestHostRun.create();
    const rows: Row[] = [];
    try {
        const names = Array.from({ length: n }, (_, i) => (i === 0 ? "srv" : `agt${i}`));
        await hosts.add(names.map((name) => ({ name })));
        const fx = await k3sStack(hosts, `bench${n}`, {
            nodes: names.map((name, i) => ({ name, role: i === 0 ? "server" : "agent" })),
        });
        for (const parallel of modes) {
            for (let r = 0; r < runs; r++) {
                const hostCpu = () => names.reduce((sum, h) => sum + hosts.hostCpuSeconds(h), 0);
                const cpu0 = cpuJiffies();
                const hosts0 = hostCpu();
                const up = await fx.stack.up(["--parallel", String(parallel)]);
                const hostsCpu = hostCpu() - hosts0;
                const cpu1 = cpuJiffies();
                if (up.status !== 0)
                    throw new Error(
                        `up of ${n} hosts (--parallel ${parallel}) failed:\n${errorDiagnostics(up.events).join("\n")}`,
                    );
                const summary = up.events.find((e) => e.summaryEvent)?.summaryEvent as
                    { durationSeconds?: number } | undefined;
                const row: Row = {
                    case: "hosts-provision",
                    nodes: n,
                    parallel,
                    seconds: up.seconds,
                    engineSeconds: summary?.durationSeconds ?? NaN,
                    steps: stepOps(up.events).create ?? 0,
                    runnerCpu: round(up.cpuSeconds),
                    hostsCpu: round(hostsCpu),
                    busy: round((cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total)),
                    cpuFloor: round((up.cpuSeconds + hostsCpu) / cpus().length),
                };
                rows.push(row);
                process.stdout.write(`${JSON.stringify(row)}\n`);
                const d = await fx.stack.destroy();
                if (d.status !== 0)
                    throw new Error(`destroy of ${n} hosts failed:\n${errorDiagnostics(d.events).join("\n")}`);
            }
        }
    } finally {
        hosts.destroy();
    }
    return rows;
}

async function main(): Promise<void> {
    if (process.getuid?.() !== 0) throw new Error("the test hosts need root — run as root");
    runScriptSync("cleanup.sh", {});
    const rows: Row[] = [];
    for (const n of sizes) rows.push(...(await measure(n)));
    const median = (n: number, p: number) => {
        const xs = rows
            .filter((r) => r.nodes === n && r.parallel === p)
            .map((r) => r.seconds)
            .sort((a, b) => a - b);
        return xs.length ? xs[Math.floor(xs.length / 2)] : NaN;
    };
    const pick = (n: number, p: number) =>
        rows.find((r) => r.nodes === n && r.parallel === p && r.seconds === median(n, p));
    process.stdout.write(
        `\n${cpus().length} CPUs\nnodes  parallel  up seconds  x one host  ` +
            `sequential/this  runner CPU s  hosts CPU s  busy  CPU floor s\n`,
    );
    for (const n of sizes) {
        for (const p of modes) {
            const s = median(n, p);
            const r = pick(n, p);
            const vsOne = s / median(sizes[0], p);
            const vsSeq = median(n, 1) / s;
            process.stdout.write(
                `${String(n).padStart(5)} ${String(p).padStart(9)} ${s.toFixed(1).padStart(11)} ` +
                    `${vsOne.toFixed(2).padStart(11)} ${vsSeq.toFixed(2).padStart(16)} ` +
                    `${String(r?.runnerCpu).padStart(13)} ${String(r?.hostsCpu).padStart(12)} ` +
                    `${String(r?.busy).padStart(5)} ${String(r?.cpuFloor).padStart(12)}\n`,
            );
        }
    }
}

main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
});
