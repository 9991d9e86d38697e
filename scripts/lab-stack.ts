// The lab's moving parts: the toolchain, the local file backend, the stack, and the live clusters.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { mergeKubeconfigs } from "../components/clusters/sim/kubeconfig";
import type { ChartName } from "../components/versions";
import { parseFetchedCharts, runConfigFor, type ChartDirListing } from "./lab-config";
import type { LabOutputs, SkippedAddon } from "./lab-summary";
import { processesMatching } from "./processes";
import { LAB_PASSPHRASE, requireToolchain, toolchainEnv } from "./toolchain-env";

/** What the lab runs: the Pulumi set and the Kubernetes set of `npm run toolchain -- --kube`. */
export const LAB_BINARIES: readonly string[] = [
    "pulumi",
    "pulumi-language-nodejs",
    "pulumi-resource-kubernetes",
    "pulumi-resource-command",
    "kwokctl",
    "kwok",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "etcd",
    "kubectl",
];

/** Where one lab stack lives. */
export interface LabPaths {
    /** Repository root (Pulumi.yaml). */
    root: string;
    /** Stack name. */
    stack: string;
    /** The stack file the spec comes from (stacks/Pulumi.<stack>.yaml unless given). */
    configFile: string;
    /**
     * The copy Pulumi runs with (`--config-file`): Pulumi writes an `encryptionsalt` into the
     * config file it uses, and the tracked stack files stay as they are.
     */
    runConfig: string;
    /** KWOK_WORKDIR of the stack's sim clusters (the SimCluster default). */
    stateDir: string;
    /** Merged kubeconfig. */
    kubeconfig: string;
    /** Local file backend. */
    backend: string;
}

/** Paths of a stack: the `lab` stack's kubeconfig is .lab/kubeconfig, other stacks' .lab/<stack>.kubeconfig. */
export function labPaths(root: string, stack = "lab", configFile?: string): LabPaths {
    return {
        root,
        stack,
        configFile: path.resolve(root, configFile ?? path.join("stacks", `Pulumi.${stack}.yaml`)),
        runConfig: path.join(root, ".lab", "config", `Pulumi.${stack}.yaml`),
        stateDir: path.join(root, ".lab", stack),
        kubeconfig: path.join(root, ".lab", stack === "lab" ? "kubeconfig" : `${stack}.kubeconfig`),
        backend: path.join(root, ".pulumi"),
    };
}

/**
 * The environment every tool runs in: the toolchain's (PATH, PULUMI_HOME), the project's file
 * backend, and the lab's public passphrase (a lab stack holds only throwaway secrets; a
 * PULUMI_CONFIG_PASSPHRASE of the caller's shell is kept, as the stack may have been made with it).
 */
export function labEnv(p: LabPaths): NodeJS.ProcessEnv {
    const passphrase = process.env.PULUMI_CONFIG_PASSPHRASE ?? LAB_PASSPHRASE;
    // kubectl's discovery cache goes under .lab/, not ~/.kube/cache.
    return { ...toolchainEnv(p.root, { backendDir: p.backend, passphrase }), KUBECACHEDIR: kubectlCache(p) };
}

/** Where the lab's kubectl calls keep their discovery cache. */
export const kubectlCache = (p: LabPaths): string => path.join(p.root, ".lab", "kubectl-cache");

/** Build or reuse the toolchain with the Kubernetes set, then check it is complete. */
export function ensureToolchain(root: string): void {
    const r = spawnSync("bash", [path.join(root, "scripts", "toolchain.sh"), "--kube"], {
        cwd: root,
        stdio: "inherit",
    });
    if (r.status !== 0)
        throw new Error(`scripts/toolchain.sh --kube failed (exit ${r.status ?? r.signal}) — see its output above`);
    requireToolchain(root, LAB_BINARIES);
}

/** Run a tool; `inherit` shows its own output (Pulumi's progress display), otherwise it is captured. */
export function run(
    cmd: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd: string,
    inherit = false,
): SpawnSyncReturns<string> {
    return spawnSync(cmd, args, {
        cwd,
        env,
        encoding: "utf8",
        stdio: inherit ? "inherit" : "pipe",
        maxBuffer: 512 * 1024 * 1024,
    });
}

export function must(r: SpawnSyncReturns<string>, what: string): string {
    if (r.error) throw new Error(`${what}: ${r.error.message}`);
    if (r.status !== 0)
        throw new Error(`${what} failed (exit ${r.status ?? r.signal})${r.stderr ? `:\n${r.stderr.trim()}` : ""}`);
    return r.stdout ?? "";
}

const stackArgs = (p: LabPaths): string[] => ["--stack", p.stack, "--config-file", p.runConfig, "--non-interactive"];

/** The files of a chart directory (`--chart-dir`, `$CONTINUUM_CHART_DIR`); refuses one that is not there. */
export function chartDirListing(dir: string): ChartDirListing {
    const abs = path.resolve(dir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
        throw new Error(
            `chart directory ${abs} (--chart-dir or CONTINUUM_CHART_DIR) ` +
                `is not a directory — point it at the directory holding the chart archives`,
        );
    }
    return { dir: abs, files: fs.readdirSync(abs) };
}

/**
 * Write the config Pulumi runs with. Up: the stack file with its spec made runnable offline
 * (see lab-config.ts), charts taken from `chartDir` too; returns the add-ons left out. Down
 * (`forUp` false): the copy an up wrote (destroy does not run the program), else a plain copy.
 */
export function prepareConfig(p: LabPaths, env: NodeJS.ProcessEnv, forUp: boolean, chartDir?: string): SkippedAddon[] {
    if (!forUp && fs.existsSync(p.runConfig)) return [];
    if (!fs.existsSync(p.configFile))
        throw new Error(`no stack file ${p.configFile} — write the spec there or pass --config-file`);
    fs.mkdirSync(path.dirname(p.runConfig), { recursive: true });
    const text = fs.readFileSync(p.configFile, "utf8");
    if (!forUp) {
        fs.writeFileSync(p.runConfig, text);
        return [];
    }
    const specFile = path.join(path.dirname(p.runConfig), `Pulumi.${p.stack}.spec.yaml`);
    const listDir = (dir: string): string[] =>
        fs.existsSync(path.resolve(p.root, dir)) ? fs.readdirSync(path.resolve(p.root, dir)) : [];
    const run = runConfigFor(
        text,
        p.root,
        path.relative(p.root, specFile),
        fetchCharts(p, env),
        listDir,
        chartDir ? chartDirListing(chartDir) : undefined,
    );
    fs.writeFileSync(p.runConfig, run.stackFileText);
    if (run.specFileText !== undefined) fs.writeFileSync(specFile, run.specFileText);
    else fs.rmSync(specFile, { force: true });
    return run.skipped;
}

/** Charts `scripts/fetch-charts.sh` extracts from Go modules (none when it cannot). */
export function fetchCharts(p: LabPaths, env: NodeJS.ProcessEnv): Partial<Record<ChartName, string>> {
    const script = path.join(p.root, "scripts", "fetch-charts.sh");
    if (!fs.existsSync(script)) return {};
    const r = run("bash", [script], env, p.root);
    if (r.status !== 0)
        console.error(
            `lab: scripts/fetch-charts.sh failed (exit ${r.status ?? r.signal}); ` +
                `going on without its charts:\n${(r.stderr ?? "").trim()}`,
        );
    return parseFetchedCharts(r.stdout ?? "");
}

/**
 * Create the stack in the local backend (passphrase secrets) unless it exists. `pulumi stack init`
 * writes an `encryptionsalt` into the project's stack file, so it runs in a scratch copy of the
 * project (`-C`); the salt also lives in the stack's state, which is what later runs use.
 */
export function ensureStack(p: LabPaths, env: NodeJS.ProcessEnv): void {
    fs.mkdirSync(p.backend, { recursive: true });
    if (stackExists(p, env)) return;
    const scratch = fs.mkdtempSync(path.join(path.dirname(p.runConfig), ".init-"));
    try {
        fs.copyFileSync(path.join(p.root, "Pulumi.yaml"), path.join(scratch, "Pulumi.yaml"));
        must(
            run(
                "pulumi",
                [
                    "stack",
                    "init",
                    "--secrets-provider",
                    "passphrase",
                    "--no-select",
                    "--non-interactive",
                    "-C",
                    scratch,
                    p.stack,
                ],
                env,
                p.root,
            ),
            `pulumi stack init ${p.stack}`,
        );
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

/**
 * A `pulumi` that was killed leaves its lock in the file backend, and every later run stops at
 * it. When no process of ours works on the stack, the lock is stale: `pulumi cancel` removes it.
 */
export function clearStaleLock(p: LabPaths, env: NodeJS.ProcessEnv): boolean {
    const locks = path.join(p.backend, ".pulumi", "locks");
    const held =
        fs.existsSync(locks) &&
        (fs.readdirSync(locks, { recursive: true }) as string[]).some(
            (f) => f.endsWith(".json") && path.basename(path.dirname(f)) === p.stack,
        );
    if (!held) return false;
    const running = processesMatching((cmd) => /(^|\/)pulumi /.test(cmd) && cmd.includes(`--stack ${p.stack} `));
    if (running.length > 0) return false;
    must(
        run("pulumi", ["cancel", "--yes", "--stack", p.stack, "--non-interactive"], env, p.root),
        `pulumi cancel ${p.stack}`,
    );
    console.error(`lab: removed the lock a killed pulumi left on stack '${p.stack}'`);
    return true;
}

/** Whether the stack exists in the backend. */
export function stackExists(p: LabPaths, env: NodeJS.ProcessEnv): boolean {
    const r = run("pulumi", ["stack", "ls", "--json"], env, p.root);
    if (r.status !== 0) return false;
    return (JSON.parse(r.stdout) as { name: string }[]).some(
        (s) => s.name === p.stack || s.name.endsWith(`/${p.stack}`),
    );
}

/** `pulumi up|destroy|preview` with Pulumi's own display; returns the exit code. */
export function pulumiOp(
    p: LabPaths,
    env: NodeJS.ProcessEnv,
    op: "up" | "destroy" | "preview",
    extra: string[] = [],
): number {
    const args = [op, ...(op === "preview" ? [] : ["--yes"]), ...stackArgs(p), ...extra];
    return run("pulumi", args, env, p.root, true).status ?? 1;
}

/** `pulumi up --expect-no-changes`-style check: the number of changes a preview would make. */
export function previewChanges(p: LabPaths, env: NodeJS.ProcessEnv): Record<string, number> {
    const out = must(run("pulumi", ["preview", "--json", ...stackArgs(p)], env, p.root), "pulumi preview");
    const summary = (JSON.parse(out) as { changeSummary?: Record<string, number> }).changeSummary ?? {};
    return Object.fromEntries(Object.entries(summary).filter(([k, n]) => k !== "same" && n > 0));
}

/** The stack outputs, secrets decrypted (the kubeconfigs). */
export function stackOutputs(p: LabPaths, env: NodeJS.ProcessEnv): LabOutputs {
    const out = must(
        run("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", p.stack], env, p.root),
        "pulumi stack output",
    );
    const parsed = JSON.parse(out) as Partial<LabOutputs>;
    return {
        clusters: parsed.clusters ?? {},
        ...(parsed.topology ? { topology: parsed.topology } : {}),
        ...(parsed.skippedAddons ? { skippedAddons: parsed.skippedAddons } : {}),
        ...(parsed.devices ? { devices: parsed.devices } : {}),
        ...(parsed.certificates ? { certificates: parsed.certificates } : {}),
    };
}

/** Write the merged kubeconfig (mode 0600: it holds client keys). */
export function writeKubeconfig(p: LabPaths, outputs: LabOutputs): void {
    const merged = mergeKubeconfigs(
        Object.entries(outputs.clusters).map(([name, c]) => ({ name, kubeconfig: c.kubeconfig })),
    );
    fs.mkdirSync(path.dirname(p.kubeconfig), { recursive: true });
    fs.writeFileSync(p.kubeconfig, merged, { mode: 0o600 });
    fs.chmodSync(p.kubeconfig, 0o600);
}
