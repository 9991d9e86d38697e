/**
 * `npm run bench`: runs every case in a fresh process, at least 3 times per size, and prints one
 * JSON line per case and size (the median run) plus a table. Benchmarks print figures; they are
 * not timed tests. `npm run bench -- --sizes 10 --runs 1` is what CI runs to keep them working.
 * `--cases validate,model` picks cases (the model case runs with the program's node arguments
 * from Pulumi.yaml, as `pulumi preview` would); `--timeout <seconds>` (default 900) ends a run that takes
 * longer and records it as not measured (`skipped: timed out …`) instead of waiting forever.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Measurement } from "./report";

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const sizes = opt("sizes", "10,100,1000,10000").split(",").map(Number);
const runs = Math.max(1, Number(opt("runs", "3")));
const cases = opt("cases", "validate,model,preview").split(",");
const timeoutSeconds = Number(opt("timeout", "900"));

/** The program's node arguments (Pulumi.yaml runtime.options.nodeargs): the model case runs with them too. */
const project = parse(readFileSync(join(__dirname, "..", "Pulumi.yaml"), "utf8")) as {
    runtime?: { options?: { nodeargs?: string } };
};
const nodeArgs = (project.runtime?.options?.nodeargs ?? "").split(/\s+/).filter(Boolean);

const rows: Measurement[] = [];
for (const c of cases) {
    for (const n of sizes) {
        const results: Measurement[] = [];
        for (let r = 0; r < runs; r++) {
            const p = spawnSync(
                process.execPath,
                [
                    ...(c === "model" ? nodeArgs : []),
                    "-r",
                    "ts-node/register/transpile-only",
                    join(__dirname, "cases", `${c}.ts`),
                    String(n),
                ],
                {
                    cwd: join(__dirname, ".."),
                    encoding: "utf8",
                    maxBuffer: 64 * 1024 * 1024,
                    env: { ...process.env, TS_NODE_PROJECT: join(__dirname, "..", "tsconfig.json") },
                    timeout: timeoutSeconds * 1000,
                    killSignal: "SIGKILL",
                },
            );
            if (p.error && (p.error as NodeJS.ErrnoException).code === "ETIMEDOUT") {
                results.push({
                    case: c,
                    nodes: n,
                    seconds: timeoutSeconds,
                    skipped: `timed out after ${timeoutSeconds} s (not measured)`,
                });
                break;
            }
            const line = p.stdout
                .trim()
                .split("\n")
                .filter((l) => l.startsWith("{"))
                .pop();
            if (p.status !== 0 || !line) {
                process.stderr.write(`bench ${c} ${n}: failed (exit ${p.status})\n${p.stderr.slice(-2000)}\n`);
                process.exitCode = 1;
                break;
            }
            const m = JSON.parse(line) as Measurement;
            results.push(m);
            if (m.skipped) break;
        }
        if (results.length === 0) continue;
        const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
        const median = sorted[Math.floor(sorted.length / 2)];
        rows.push(median);
        process.stdout.write(`${JSON.stringify({ ...median, runs: results.length })}\n`);
    }
}

process.stdout.write("\ncase      nodes   resources  res/node  seconds  cpu s   rssMB   pssMB\n");
for (const r of rows) {
    if (r.skipped) {
        process.stdout.write(`${r.case.padEnd(9)} ${String(r.nodes).padStart(6)}   skipped: ${r.skipped}\n`);
        continue;
    }
    const perNode = r.resources !== undefined ? (r.resources / r.nodes).toFixed(2) : "-";
    const cpu = r.cpuSeconds !== undefined ? r.cpuSeconds.toFixed(1) : "-";
    process.stdout.write(
        `${r.case.padEnd(9)} ${String(r.nodes).padStart(6)} ${String(r.resources ?? "-").padStart(11)} ` +
            `${perNode.padStart(9)} ${r.seconds.toFixed(2).padStart(8)} ${cpu.padStart(6)} ` +
            `${String(r.rssMB ?? "-").padStart(7)} ${String(r.pssMB ?? "-").padStart(7)}\n`,
    );
}
