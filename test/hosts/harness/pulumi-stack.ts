/**
 * Drives a fixture program with the real Pulumi CLI and engine from the offline toolchain
 * (`npm run toolchain` → .tools/bin, scripts/toolchain-env.ts), on a local file backend in the
 * test run's directory. The stack's config lives in a file the test writes (`--config-file`);
 * secrets go in through `pulumi config set --secret`, so they are encrypted in it like a user's.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { LAB_PASSPHRASE, requireToolchain, toolchainEnv, toolsBin } from "../../../scripts/toolchain-env";
import { run } from "./shell";
import type { Finished } from "./shell";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
/** Binaries the hosts tier needs from the toolchain. */
export const HOSTS_TIER_BINARIES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-command"];

/**
 * PATH entries for required binaries `scripts/toolchain.sh --list` knows but .tools/bin lacks
 * (it can list a cached binary it did not link).
 */
function cachedToolDirs(): string[] {
    const bin = toolsBin(REPO_ROOT);
    const missing = HOSTS_TIER_BINARIES.filter((b) => !existsSync(path.join(bin, b)));
    if (missing.length === 0) return [];
    const list =
        spawnSync("bash", [path.join(REPO_ROOT, "scripts", "toolchain.sh"), "--list"], { encoding: "utf8" }).stdout ??
        "";
    const dirs: string[] = [];
    for (const line of list.split("\n")) {
        const m = /^(\S+) -> (\/\S+)$/.exec(line.trim());
        if (m && missing.includes(m[1]) && existsSync(m[2])) dirs.push(path.dirname(m[2]));
    }
    return dirs;
}

/** Result of one CLI run. */
export interface PulumiRun extends Finished {
    seconds: number;
    /** CPU seconds (user + system) of the CLI and everything it ran: engine, plugins, program. */
    cpuSeconds: number;
    /** Engine events (`--json` output of up/destroy: one JSON object per line). */
    events: Record<string, unknown>[];
}

/** A stack of a fixture program on a private backend. */
export class FixtureStack {
    readonly configFile: string;
    readonly projectDir: string;
    private readonly env: NodeJS.ProcessEnv;
    private counter = 0;

    constructor(
        /** The fixture program directory (holds its Pulumi.yaml and index.ts). */
        readonly programDir: string,
        readonly stack: string,
        /** Directory for the backend, project and config file, and event logs. */
        readonly stateDir: string,
    ) {
        mkdirSync(path.join(stateDir, "backend"), { recursive: true });
        this.projectDir = path.join(stateDir, "project");
        mkdirSync(this.projectDir, { recursive: true });
        const project = parse(readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        writeFileSync(path.join(this.projectDir, "Pulumi.yaml"), stringify({ ...project, main: programDir }));
        this.configFile = path.join(this.projectDir, `Pulumi.${stack}.yaml`);
        const extra = cachedToolDirs();
        requireToolchain(
            REPO_ROOT,
            HOSTS_TIER_BINARIES.filter((b) => !extra.some((d) => existsSync(path.join(d, b)))),
        );
        const env = toolchainEnv(REPO_ROOT, { backendDir: path.join(stateDir, "backend"), passphrase: LAB_PASSPHRASE });
        env.PATH = [...extra, env.PATH].join(path.delimiter);
        // The fixture's TypeScript compiles against the repository's tsconfig.
        env.TS_NODE_PROJECT = path.join(REPO_ROOT, "tsconfig.json");
        // The repository type-checks the fixture (npm run typecheck); the engine only runs it.
        env.TS_NODE_TRANSPILE_ONLY = "true";
        this.env = env;
    }

    /** Run `pulumi <args>` in the program directory with this stack and config file. */
    async cli(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<PulumiRun> {
        const wantsEvents = ["up", "destroy"].includes(args[0]);
        const full = [...args, "--stack", this.stack, "--non-interactive", ...(wantsEvents ? ["--json"] : [])];
        const cpuFile = path.join(this.stateDir, "cpu-times");
        // bash's `times`: the second line is the CPU time of its children (pulumi and what it waited for).
        const wrapper = `pulumi "$@"; rc=$?; times > ${JSON.stringify(cpuFile)}; exit $rc`;
        const start = Date.now();
        const r = await run(["bash", "-c", wrapper, "pulumi", ...full], {
            input: opts.input,
            timeoutMs: opts.timeoutMs ?? 600_000,
            cwd: this.projectDir,
            env: this.env as Record<string, string>,
        });
        const seconds = (Date.now() - start) / 1000;
        const cpuSeconds = existsSync(cpuFile) ? bashTimesChildren(readFileSync(cpuFile, "utf8")) : NaN;
        const log = path.join(this.stateDir, `pulumi-${++this.counter}-${args[0]}.log`);
        writeFileSync(
            log,
            `$ pulumi ${full.join(" ")}\n# exit ${r.status} after ${seconds}s\n${r.stdout}\n# stderr\n${r.stderr}`,
        );
        const events: Record<string, unknown>[] = [];
        if (wantsEvents) {
            for (const line of r.stdout.split("\n")) {
                if (!line.startsWith("{")) continue;
                try {
                    events.push(JSON.parse(line) as Record<string, unknown>);
                } catch {
                    // a multi-line JSON document, not an event line
                }
            }
        }
        return { ...r, seconds, cpuSeconds, events };
    }

    private async must(args: string[], input?: string): Promise<PulumiRun> {
        const r = await this.cli(args, { input });
        if (r.status !== 0)
            throw new Error(
                `pulumi ${args[0]} ${args[1] ?? ""} failed (exit ${r.status}):\n` +
                    `${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`,
            );
        return r;
    }

    /** Create the stack with plain config (object values allowed) and secrets set by config path. */
    async init(config: Record<string, unknown>, secrets: Record<string, string>): Promise<void> {
        await this.must(["stack", "init", "--secrets-provider", "passphrase"]);
        const doc = existsSync(this.configFile)
            ? (parse(readFileSync(this.configFile, "utf8")) as Record<string, unknown>)
            : {};
        writeFileSync(this.configFile, stringify({ ...doc, config }));
        for (const [key, value] of Object.entries(secrets)) {
            await this.must(["config", "set", "--secret", "--path", key], value);
        }
    }

    /** Change plain config values (secure values already in the file stay). */
    updateConfig(change: (config: Record<string, unknown>) => void): void {
        const doc = parse(readFileSync(this.configFile, "utf8")) as { config: Record<string, unknown> };
        change(doc.config);
        writeFileSync(this.configFile, stringify(doc));
    }

    /** The plain config as written (secure values appear as `{ secure: ... }`). */
    config(): Record<string, unknown> {
        return (parse(readFileSync(this.configFile, "utf8")) as { config: Record<string, unknown> }).config;
    }

    up(extra: string[] = []): Promise<PulumiRun> {
        return this.cli(["up", "--yes", "--skip-preview", ...extra]);
    }

    preview(extra: string[] = []): Promise<PulumiRun> {
        return this.cli(["preview", ...extra]);
    }

    destroy(): Promise<PulumiRun> {
        return this.cli(["destroy", "--yes", "--skip-preview"]);
    }

    /** Stack outputs with secrets shown. */
    async outputs(): Promise<Record<string, unknown>> {
        return JSON.parse((await this.must(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<
            string,
            unknown
        >;
    }

    /** The stack's state (`pulumi stack export`), as stored (secrets encrypted) or decrypted. */
    async exportState(showSecrets = false): Promise<string> {
        return (await this.must(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])])).stdout;
    }

    /** Inputs of the resource of this type and name, wherever it is parented (secrets decrypted). */
    async resourceInputs(type: string, name: string): Promise<Record<string, unknown>> {
        const state = JSON.parse(await this.exportState(true)) as {
            deployment: { resources?: { urn: string; inputs?: Record<string, unknown> }[] };
        };
        const r = (state.deployment.resources ?? []).find(
            (x) => x.urn.endsWith(`::${type}::${name}`) || x.urn.endsWith(`$${type}::${name}`),
        );
        if (!r) throw new Error(`no ${type} named ${name} in the state of ${this.stack}`);
        return unwrapSecrets(r.inputs ?? {}) as Record<string, unknown>;
    }
}

/** User + system seconds of the children line of bash's `times` ("0m1.250s 0m0.310s"). */
export function bashTimesChildren(text: string): number {
    const line = text.trim().split("\n")[1] ?? "";
    const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    return parts.length === 2 ? parts[0] + parts[1] : NaN;
}

/** The signature key Pulumi marks a secret value with in exported state. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Replace exported secrets (`{ <sig>: ..., plaintext: "<json>" }`) by their values. */
export function unwrapSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (SECRET_SIG in o && typeof o.plaintext === "string") return unwrapSecrets(JSON.parse(o.plaintext));
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

/** Resource operations an engine event log reports, e.g. `{ create: 12, same: 3 }`. */
export function stepOps(events: Record<string, unknown>[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of events) {
        const pre = e.resourcePreEvent as { metadata?: { op?: string; type?: string } } | undefined;
        const op = pre?.metadata?.op;
        if (op && pre?.metadata?.type !== "pulumi:pulumi:Stack") out[op] = (out[op] ?? 0) + 1;
    }
    return out;
}

/** The engine's diagnostics of severity error (message text). */
export function errorDiagnostics(events: Record<string, unknown>[]): string[] {
    return events
        .map((e) => e.diagnosticEvent as { severity?: string; message?: string; urn?: string } | undefined)
        .filter(
            (d): d is { severity: string; message: string; urn?: string } =>
                d?.severity === "error" && typeof d.message === "string",
        )
        .map((d) => `${d.urn ?? ""} ${d.message}`);
}
