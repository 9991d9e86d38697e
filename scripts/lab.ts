// `npm run lab`: the default continuum on this machine — real API servers, simulated nodes.
//   npm run lab                      build/reuse the toolchain, `pulumi up` the lab stack, print a summary
//   npm run lab -- --down            destroy it; no process, port or file is left but the backend (.pulumi/)
//   options: --stack <name> (default lab), --config-file <stack file>, --skip-toolchain, --skip-preview,
//            --no-checkpoints (PULUMI_SKIP_CHECKPOINTS: the state is written once, at the end),
//            --chart-dir <dir> (pinned chart archives, e.g. Akri's and EdgeMesh's; default $CONTINUUM_CHART_DIR)
import * as fs from "node:fs";
import * as path from "node:path";
import { CHART_DIR_ENV } from "../components/network/chart-source";
import { labDoctor, topologySvg, writeTopology } from "./lab-doctor";
import { formatSummary, type LabOutputs, type LiveCluster } from "./lab-summary";
import {
    clearStaleLock,
    ensureStack,
    ensureToolchain,
    kubectlCache,
    labEnv,
    labPaths,
    prepareConfig,
    pulumiOp,
    stackExists,
    stackOutputs,
    writeKubeconfig,
    type LabPaths,
} from "./lab-stack";
import { readLive } from "./lab-live";
import { clustersOnDisk, orphanClusters, portOpen, restartStopped, stopCluster } from "./lab-clusters";
import { processesUnder } from "./processes";

/** How to run the lab. */
export interface LabOptions {
    /** Skip `scripts/toolchain.sh --kube` (the tools are known to be there). */
    skipToolchain?: boolean;
    /** `pulumi up --skip-preview`. */
    skipPreview?: boolean;
    /**
     * Skip Pulumi's checkpoint after every step (`PULUMI_SKIP_CHECKPOINTS`): the state is written
     * once, at the end, so a run killed half-way leaves no record of what it created (the next
     * `npm run lab` removes the clusters the state does not know). With simulated nodes
     * registered in pools, checkpoints cost little (docs/lab.md, *Scale*). @default false
     */
    skipCheckpoints?: boolean;
    /** Print the summary. */
    quiet?: boolean;
    /** Seconds to wait for every node to report Ready after `pulumi up`. */
    readySeconds?: number;
    /**
     * Directory of chart archives the version table pins (file name and sha256), for the charts no
     * Go module carries (Akri, EdgeMesh). @default $CONTINUUM_CHART_DIR
     */
    chartDir?: string;
}

/** What an `up` produced. */
export interface LabUp {
    seconds: number;
    outputs: LabOutputs;
    live: LiveCluster[];
}

/** The tools' environment, with Pulumi's per-step checkpoints on unless asked otherwise. */
function engineEnv(p: LabPaths, opts: LabOptions): NodeJS.ProcessEnv {
    const env = labEnv(p);
    if (opts.skipCheckpoints) env.PULUMI_SKIP_CHECKPOINTS = "true";
    if (opts.chartDir) env[CHART_DIR_ENV] = path.resolve(opts.chartDir);
    return env;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** From nothing (or a previous lab) to a lab whose nodes are all Ready. */
export async function labUp(p: LabPaths, opts: LabOptions = {}): Promise<LabUp> {
    if (!opts.skipToolchain) ensureToolchain(p.root);
    const start = Date.now();
    const env = engineEnv(p, opts);
    const skipped = prepareConfig(p, env, true, env[CHART_DIR_ENV] || undefined);
    for (const s of skipped)
        console.error(`lab: skipping ${s.addon}${s.cluster ? ` on ${s.cluster}` : ""} — ${s.reason}`);
    ensureStack(p, env);
    clearStaleLock(p, env);
    // Clusters the stack does not know (a killed run never wrote its checkpoint) hold objects
    // nothing manages: start them over.
    const orphans = orphanClusters(p, env);
    for (const name of orphans) stopCluster(p, name, env);
    if (orphans.length > 0)
        console.error(
            `lab: removed clusters the stack did not know (an earlier run was killed): ${orphans.join(", ")}`,
        );
    const restarted = restartStopped(p, env);
    if (restarted.length > 0) console.error(`lab: started stopped clusters again: ${restarted.join(", ")}`);
    const code = pulumiOp(p, env, "up", opts.skipPreview ? ["--skip-preview"] : []);
    if (code !== 0)
        throw new Error(
            `pulumi up failed (exit ${code}) — see Pulumi's output above; ` +
                `\`npm run lab:down\` removes what was created, then \`npm run lab\` starts clean`,
        );
    const outputs = stackOutputs(p, env);
    outputs.skippedAddons = [...skipped, ...(outputs.skippedAddons ?? [])];
    writeKubeconfig(p, outputs);
    const names = Object.keys(outputs.clusters);
    let live = readLive(p, env, names);
    const deadline = Date.now() + (opts.readySeconds ?? 120) * 1000;
    while (live.some((c) => c.error || c.nodes.some((n) => !n.ready)) && Date.now() < deadline) {
        await sleep(1000);
        live = readLive(p, env, names);
    }
    const seconds = (Date.now() - start) / 1000;
    if (!opts.quiet) console.log(`\n${formatSummary(outputs, live, p.kubeconfig, seconds)}`);
    return { seconds, outputs, live };
}

/** What a `down` left behind (should be nothing). */
export interface LabDown {
    processes: number[];
    openPorts: number[];
    files: string[];
}

/** Destroy the stack's resources and everything the lab wrote, then check nothing is left. */
export async function labDown(p: LabPaths, opts: LabOptions = {}): Promise<LabDown> {
    const env = engineEnv(p, opts);
    const ports: number[] = [];
    if (stackExists(p, env)) {
        prepareConfig(p, env, false);
        clearStaleLock(p, env);
        try {
            for (const c of Object.values(stackOutputs(p, env).clusters))
                ports.push(Number(new URL(c.apiEndpoint).port));
        } catch {
            // no outputs yet: nothing was created, or an up failed early
        }
        const code = pulumiOp(p, env, "destroy");
        if (code !== 0)
            throw new Error(
                `pulumi destroy failed (exit ${code}) — see Pulumi's output ` +
                    `above, fix it and run \`npm run lab:down\` again`,
            );
    }
    // Clusters a failed or interrupted run left behind: the script's uninstall stops them.
    for (const name of clustersOnDisk(p)) stopCluster(p, name, env);
    fs.rmSync(p.kubeconfig, { force: true });
    fs.rmSync(topologySvg(p), { force: true });
    fs.rmSync(p.runConfig, { force: true });
    fs.rmSync(path.join(path.dirname(p.runConfig), `Pulumi.${p.stack}.spec.yaml`), { force: true });
    fs.rmSync(kubectlCache(p), { recursive: true, force: true }); // a cache: other labs rebuild theirs
    removeIfEmpty(path.dirname(p.runConfig));
    removeIfEmpty(p.stateDir);
    removeIfEmpty(path.dirname(p.kubeconfig));
    const openPorts: number[] = [];
    for (const port of ports) if (await portOpen(port)) openPorts.push(port);
    const files = [p.stateDir, p.kubeconfig, p.runConfig].filter((f) => fs.existsSync(f));
    return { processes: processesUnder(p.stateDir), openPorts, files };
}

function removeIfEmpty(dir: string): void {
    try {
        fs.rmdirSync(dir);
    } catch {
        // not empty or not there
    }
}

function parseArgs(argv: string[]): { down: boolean; stack: string; configFile?: string; opts: LabOptions } {
    const out: { down: boolean; stack: string; configFile?: string; opts: LabOptions } = {
        down: false,
        stack: "lab",
        opts: {},
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]!;
        const value = (): string => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${a} needs a value`);
            return v;
        };
        if (a === "--down") out.down = true;
        else if (a === "--stack") out.stack = value();
        else if (a === "--config-file") out.configFile = value();
        else if (a === "--skip-toolchain") out.opts.skipToolchain = true;
        else if (a === "--skip-preview") out.opts.skipPreview = true;
        else if (a === "--no-checkpoints") out.opts.skipCheckpoints = true;
        else if (a === "--chart-dir") out.opts.chartDir = value();
        else
            throw new Error(
                `unknown option ${a} — use --down, --stack <name>, --config-file ` +
                    `<file>, --skip-toolchain, --skip-preview, --no-checkpoints, --chart-dir <dir>`,
            );
    }
    return out;
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const p = labPaths(path.resolve(__dirname, ".."), args.stack, args.configFile);
    if (!args.down) {
        await labDoctor(p);
        await labUp(p, args.opts);
        console.log(`lab: topology drawn in ${await writeTopology(p)}`);
        return 0;
    }
    const left = await labDown(p, args.opts);
    const problems = [
        ...left.processes.map((pid) => `process ${pid} still runs from ${p.stateDir}`),
        ...left.openPorts.map((port) => `port ${port} still answers`),
        ...left.files.map((f) => `${f} is still there`),
    ];
    if (problems.length > 0) {
        console.error(`lab: destroyed, but something is left:\n  ${problems.join("\n  ")}`);
        return 1;
    }
    console.log(`lab: destroyed; no process, port or file is left (the stack's history stays in ${p.backend})`);
    return 0;
}

if (require.main === module) {
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (e: Error) => {
            console.error(`lab: ${e.message}`);
            process.exitCode = 1;
        },
    );
}
