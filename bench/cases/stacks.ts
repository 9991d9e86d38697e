/**
 * Bench case `stacks`: a fleet past one stack. N edge nodes over BENCH_STACKS (default 10)
 * stacks of the repository's program — each stack a fleetSpec(N / stacks): a cloud cluster, its
 * KubeEdge nodes and K3s edge clusters of at most 1,000 agents — previewed in parallel
 * (BENCH_STACKS_PARALLEL at a time, default all), then a root stack whose program
 * (bench/root-program.ts) reads every part's outputs with StackReferences, previewed after them.
 * Prints the parts' resources, the wall seconds of the parallel previews, the CPU seconds and the
 * peak RSS/PSS of all their process trees together; the root preview's seconds go in the note.
 * Same scratch projects, backend and stand-ins as the `preview` case.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { BENCH_TABLE_NOTE } from "../bench-table";
import { fleetSpec } from "../fleet";
import { samplePeak } from "../process-tree";
import { benchEnv, initStack, ROOT, writeProject, writeStackConfig } from "../preview-project";
import { benchScratch } from "../stand-ins";
import { report } from "../report";
import { missingToolchain, plannedResources } from "../preview-checks";
import * as fs from "node:fs";
import { stringify } from "yaml";

const nodes = Number(process.argv[2] ?? "1000");
const stacks = Math.max(1, Number(process.env.BENCH_STACKS ?? "10"));
const parallel = Math.max(1, Number(process.env.BENCH_STACKS_PARALLEL ?? String(stacks)));
const timeoutSeconds = Number(process.env.BENCH_PREVIEW_TIMEOUT ?? "1800");

interface Run {
    code: number | null;
    output: string;
    seconds: number;
}

/** `pulumi preview` of one stack; its pid goes to `started` for the sampler. */
function preview(cwd: string, stack: string, env: NodeJS.ProcessEnv, started: (pid: number) => void): Promise<Run> {
    const t0 = process.hrtime.bigint();
    const child = spawn(
        "pulumi",
        ["preview", "--stack", stack, "--non-interactive", "--color", "never", "--suppress-progress"],
        { cwd, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    started(child.pid as number);
    let output = "";
    const keep = (b: Buffer) => {
        output += b.toString("utf8");
        if (output.length > 16e6) output = output.slice(-8e6);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutSeconds * 1000);
    return new Promise((resolve) =>
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, output, seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
        }),
    );
}

async function main(): Promise<void> {
    const why = missingToolchain(ROOT);
    if (why) {
        report({ case: "stacks", nodes, seconds: 0, skipped: why });
        return;
    }
    const scratch = benchScratch();
    try {
        const project = path.join(scratch.dir, "fleet");
        const rootProject = path.join(scratch.dir, "root");
        const env = benchEnv(path.join(scratch.dir, "backend"), scratch.bundles);
        writeProject(project);
        const names = Array.from({ length: stacks }, (_, i) => `part-${i + 1}`);
        const per = Math.ceil(nodes / stacks);
        for (const [i, name] of names.entries()) {
            const count = Math.min(per, nodes - i * per);
            writeStackConfig(project, name, { ...fleetSpec(count), airgap: { artifactDir: scratch.artifacts } });
            initStack(project, name, env);
        }
        writeProject(rootProject, path.join(ROOT, "bench", "root-program.ts"), "continuum-root");
        fs.writeFileSync(
            path.join(rootProject, "Pulumi.root.yaml"),
            stringify({ config: { "root:stacks": names.map((n) => `organization/continuum/${n}`) } }),
        );
        initStack(rootProject, "root", env);

        const pids: number[] = [];
        const peak = samplePeak(pids);
        const t0 = process.hrtime.bigint();
        const queue = [...names];
        const runs: Run[] = [];
        await Promise.all(
            Array.from({ length: Math.min(parallel, stacks) }, async () => {
                for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
                    let root = 0;
                    const run = await preview(project, name, env, (pid) => {
                        root = pid;
                        pids.push(pid);
                    });
                    // An ended preview's pid may be reused by an unrelated process: stop sampling it.
                    pids.splice(pids.indexOf(root), 1);
                    runs.push(run);
                }
            }),
        );
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const tree = peak.stop();
        const failed = runs.find((r) => r.code !== 0);
        if (failed)
            throw new Error(
                `a part's pulumi preview exited ${failed.code} after ${failed.seconds.toFixed(1)} ` +
                    `s:\n${failed.output.slice(-4000)}`,
            );
        const root = await preview(rootProject, "root", env, () => undefined);
        if (root.code !== 0)
            throw new Error(`the root stack's pulumi preview exited ${root.code}:\n${root.output.slice(-4000)}`);
        const resources = runs.reduce((s, r) => s + (plannedResources(r.output) ?? 0), 0);
        const cpuSeconds = Math.round(Object.values(tree.byRole).reduce((s, r) => s + r.cpuSeconds, 0) * 10) / 10;
        const slowest = Math.max(...runs.map((r) => r.seconds));
        report({
            case: "stacks",
            nodes,
            resources,
            seconds,
            rssMB: tree.peakMB,
            pssMB: tree.peakPssMB,
            cpuSeconds,
            processes: tree.byRole,
            note:
                `${stacks} stacks of ~${per} nodes, ${Math.min(parallel, stacks)} ` +
                `previewed at a time (slowest ${slowest.toFixed(1)} s); root stack (${stacks} ` +
                `StackReferences) previewed after them in ${root.seconds.toFixed(1)} s; ${BENCH_TABLE_NOTE}`,
        });
    } finally {
        scratch.cleanup();
    }
}

main().catch((e: Error) => {
    process.stderr.write(`bench stacks ${nodes}: ${e.message}\n`);
    process.exitCode = 1;
});
