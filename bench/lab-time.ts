/**
 * Time from nothing to ready for the lab on the sim substrate: the default lab, and the same lab
 * with N (default 1,000) simulated KubeEdge edge nodes. "Ready" = `pulumi up` done, the merged
 * kubeconfig written and every node of every cluster reporting Ready. Each run starts from
 * nothing (its own stack, destroyed first) and is destroyed after. A benchmark, not a test:
 * it prints figures and the goals (≤ 90 s and ≤ 5 min on a 2-core machine).
 *
 *   npx ts-node --transpile-only bench/lab-time.ts [--edge-nodes 1000] [--only default|edge] [--no-checkpoints]
 * [--noop]
 *
 * As `npm run lab` does, Pulumi's per-step checkpoints are on; `--no-checkpoints` measures without
 * them (PULUMI_SKIP_CHECKPOINTS). `--noop` also times, on the lab that is up, a `pulumi preview`
 * and a `pulumi up --expect-no-changes` (it fails if any resource — so any command — would run).
 * Each figure carries the size of the stack's state file.
 *
 * Needs the toolchain (`npm run toolchain -- --kube`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { readStackSpec } from "../components/spec/stack-file";
import { labDown, labUp } from "../scripts/lab";
import { LAB_BINARIES, labEnv, labPaths, previewChanges, pulumiOp, type LabPaths } from "../scripts/lab-stack";
import { requireToolchain } from "../scripts/toolchain-env";

const ROOT = path.resolve(__dirname, "..");
const LAB_FILE = path.join(ROOT, "stacks", "Pulumi.lab.yaml");

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};

/** The lab spec with `count` KubeEdge edge nodes (the lab's own first, then generated ones). */
export function labWithEdgeNodes(count: number): Record<string, unknown> {
    const spec = readStackSpec(LAB_FILE) as { kubeedge: { nodes: Record<string, unknown>[] } };
    const nodes = spec.kubeedge.nodes.slice(0, count);
    for (let i = nodes.length + 1; i <= count; i++) {
        nodes.push({
            name: `ke-sim-${i}`,
            arch: i % 2 === 0 ? "arm64" : "amd64",
            labels: { site: `field-${1 + (i % 50)}` },
            capacity: { cpu: "2", memory: "2Gi", pods: 50 },
        });
    }
    spec.kubeedge.nodes = nodes;
    return spec;
}

interface Figure {
    name: string;
    nodes: number;
    seconds: number;
    goalSeconds: number;
    downSeconds: number;
    /** Bytes of the stack's state file after the up. */
    stateBytes: number;
    /** `--noop`: seconds of a preview and of an up that changes nothing. */
    previewSeconds?: number;
    noopUpSeconds?: number;
}

const skipCheckpoints = args.includes("--no-checkpoints");
const noop = args.includes("--noop");

/** The stack's state file in the lab's file backend. */
function stateBytes(p: LabPaths): number {
    const file = path.join(p.backend, ".pulumi", "stacks", "continuum", `${p.stack}.json`);
    return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

function timed(what: string, f: () => number): number {
    const t = Date.now();
    const code = f();
    if (code !== 0) throw new Error(`${what} failed (exit ${code})`);
    return (Date.now() - t) / 1000;
}

async function measure(name: string, stack: string, configFile: string, goalSeconds: number): Promise<Figure> {
    const p = labPaths(ROOT, stack, configFile);
    await labDown(p, { skipCheckpoints });
    const up = await labUp(p, {
        skipToolchain: true,
        skipPreview: true,
        quiet: true,
        readySeconds: 600,
        skipCheckpoints,
    });
    const nodes = up.live.reduce((s, c) => s + c.nodes.length, 0);
    const notReady = up.live.reduce((s, c) => s + c.nodes.filter((n) => !n.ready).length, 0);
    if (notReady > 0) throw new Error(`${name}: ${notReady} of ${nodes} nodes never became Ready`);
    const figure: Figure = { name, nodes, seconds: up.seconds, goalSeconds, downSeconds: 0, stateBytes: stateBytes(p) };
    if (noop) {
        const env = labEnv(p);
        if (skipCheckpoints) env.PULUMI_SKIP_CHECKPOINTS = "true";
        figure.previewSeconds = timed("pulumi preview", () =>
            Object.keys(previewChanges(p, env)).length === 0 ? 0 : 1,
        );
        figure.noopUpSeconds = timed("pulumi up --expect-no-changes", () =>
            pulumiOp(p, env, "up", ["--skip-preview", "--expect-no-changes", "--suppress-progress"]),
        );
    }
    const t = Date.now();
    const left = await labDown(p, { skipCheckpoints });
    figure.downSeconds = (Date.now() - t) / 1000;
    if (left.processes.length + left.openPorts.length + left.files.length > 0)
        throw new Error(`${name}: destroy left ${JSON.stringify(left)}`);
    return figure;
}

async function main(): Promise<void> {
    requireToolchain(ROOT, LAB_BINARIES);
    const only = opt("only", "");
    const edgeNodes = Number(opt("edge-nodes", "1000"));
    const figures: Figure[] = [];
    if (only === "" || only === "default") figures.push(await measure("default lab", "bench-default", LAB_FILE, 90));
    if (only === "" || only === "edge") {
        const dir = path.join(ROOT, ".lab", "bench");
        fs.mkdirSync(dir, { recursive: true });
        // The spec goes in a spec file: Pulumi hands the program its whole config in one environment
        // variable (PULUMI_CONFIG), which Linux caps at 128 KiB — about 1,000 such node entries.
        const specFile = path.join(dir, `bench-edge-${edgeNodes}.spec.yaml`);
        fs.writeFileSync(specFile, stringify(labWithEdgeNodes(edgeNodes)));
        const file = path.join(dir, `Pulumi.bench-edge-${edgeNodes}.yaml`);
        fs.writeFileSync(file, stringify({ config: { "continuum:specFile": path.relative(ROOT, specFile) } }));
        try {
            figures.push(await measure(`lab + ${edgeNodes} edge nodes`, `bench-edge-${edgeNodes}`, file, 300));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
            try {
                fs.rmdirSync(path.join(ROOT, ".lab"));
            } catch {
                /* other labs live there */
            }
        }
    }
    for (const f of figures) console.log(JSON.stringify({ case: "lab-time", checkpoints: !skipCheckpoints, ...f }));
    console.log(
        `\ncase (Pulumi checkpoints ${skipCheckpoints ? "off" : "on"})` +
            `    nodes   up→ready   goal     destroy   state`,
    );
    for (const f of figures) {
        const verdict = f.seconds <= f.goalSeconds ? "met" : "MISSED";
        const extra =
            f.noopUpSeconds !== undefined
                ? `  preview ${f.previewSeconds!.toFixed(1)} s, no-op up ${f.noopUpSeconds.toFixed(1)} s`
                : "";
        console.log(
            `${f.name.padEnd(28)}  ${String(f.nodes).padStart(5)}  ${f.seconds.toFixed(1).padStart(7)} ` +
                `s  ≤ ${f.goalSeconds} s ${verdict.padEnd(6)}  ${f.downSeconds.toFixed(1).padStart(6)} ` +
                `s  ${(f.stateBytes / 1e6).toFixed(1)} MB${extra}`,
        );
    }
}

if (require.main === module) {
    main().catch((e: Error) => {
        console.error(`bench lab-time: ${e.message}`);
        process.exitCode = 1;
    });
}
