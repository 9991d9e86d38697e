/**
 * Bench case `preview`: fleetSpec(N) through the real engine — `pulumi preview` of the
 * repository's program in a scratch project (temp dir: Pulumi.yaml, the stack file with
 * `continuum:spec`, a local file backend). Prints the resources the preview plans, the wall
 * seconds of `pulumi preview` (stack init excluded) and the peak RSS of the whole process tree
 * (CLI, language host, program, provider plugins). Host artifacts are empty stand-in files in an
 * airgap directory (a preview pushes nothing; nothing is downloaded). Skips, saying why, when
 * the offline toolchain or a provider plugin the program needs is missing.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BENCH_TABLE_NOTE } from "../bench-table";
import { fleetSpec } from "../fleet";
import { samplePeak } from "../process-tree";
import { benchEnv, initStack, ROOT, writeProject, writeStackConfig } from "../preview-project";
import { benchScratch } from "../stand-ins";
import { report } from "../report";
import { missingToolchain, plannedResources } from "../preview-checks";

const nodes = Number(process.argv[2] ?? "100");
const timeoutSeconds = Number(process.env.BENCH_PREVIEW_TIMEOUT ?? "1200");

async function main(): Promise<void> {
    const why = missingToolchain(ROOT);
    if (why) {
        report({ case: "preview", nodes, seconds: 0, skipped: why });
        return;
    }
    const scratch = benchScratch();
    const tmp = scratch.dir;
    try {
        const project = path.join(tmp, "project");
        const spec = { ...fleetSpec(nodes), airgap: { artifactDir: scratch.artifacts } };
        writeProject(project);
        const route = writeStackConfig(project, "bench", spec);
        const env = benchEnv(path.join(tmp, "backend"), scratch.bundles);
        initStack(project, "bench", env);

        const t0 = process.hrtime.bigint();
        // BENCH_PREVIEW_ARGS adds arguments to `pulumi preview` (e.g. `--profiling /tmp/prof/preview`).
        const extra = (process.env.BENCH_PREVIEW_ARGS ?? "").split(/\s+/).filter(Boolean);
        const child = spawn(
            "pulumi",
            ["preview", "--stack", "bench", "--non-interactive", "--color", "never", "--suppress-progress", ...extra],
            { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] },
        );
        const peak = samplePeak(child.pid as number);
        let output = "";
        child.stdout.on("data", (b: Buffer) => {
            output += b.toString("utf8");
            if (output.length > 64e6) output = output.slice(-32e6);
        });
        child.stderr.on("data", (b: Buffer) => {
            output += b.toString("utf8");
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutSeconds * 1000);
        const code: number | null = await new Promise((resolve) => child.on("close", resolve));
        clearTimeout(timer);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const tree = peak.stop();
        const rssMB = tree.peakMB;
        if (process.env.BENCH_PREVIEW_LOG) fs.writeFileSync(process.env.BENCH_PREVIEW_LOG, output);
        if (code !== 0) {
            throw new Error(`pulumi preview exited ${code} after ${seconds.toFixed(1)} s:\n${output.slice(-4000)}`);
        }
        const cpuSeconds = Math.round(Object.values(tree.byRole).reduce((s, r) => s + r.cpuSeconds, 0) * 10) / 10;
        report({
            case: "preview",
            nodes,
            resources: plannedResources(output),
            seconds,
            rssMB,
            pssMB: tree.peakPssMB,
            cpuSeconds,
            processes: tree.byRole,
            note: `spec via ${route}; ${BENCH_TABLE_NOTE}`,
        });
    } finally {
        scratch.cleanup();
    }
}

main().catch((e: Error) => {
    process.stderr.write(`bench preview ${nodes}: ${e.message}\n`);
    process.exitCode = 1;
});
