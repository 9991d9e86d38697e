/**
 * Engine-tier helpers for the component package (components/package/): a Pulumi YAML project in a
 * throwaway directory that adds the package with `pulumi package add` (what a user does), a
 * throwaway project that runs this repository's TypeScript program, and `pulumi preview --json`
 * of either with the policy pack, on a throwaway local file backend.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { LAB_PASSPHRASE, toolchainEnv } from "../../scripts/toolchain-env";

export const ROOT = path.resolve(__dirname, "..", "..");
/** The package directory `pulumi package add` takes. */
export const PACKAGE_DIR = path.join(ROOT, "components", "package");

import type { PreviewStep } from "./js-project";

export type { PreviewStep } from "./js-project";

/** A finished preview. */
export interface Preview {
    status: number | null;
    /** The tail of stdout and stderr, for failure messages. */
    output: string;
    /** The whole stdout (the JSON), to look for secrets. */
    stdout: string;
    steps: PreviewStep[];
    /** Seconds the preview took. */
    seconds: number;
}

/** A throwaway project directory, its backend and the environment the CLI runs with. */
export interface Project {
    dir: string;
    env: NodeJS.ProcessEnv;
    run(args: string[], input?: string): SpawnSyncReturns<string>;
    cleanup(): void;
}

function project(dir: string): Project {
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-pkg-state-"));
    const env = toolchainEnv(ROOT, { backendDir: backend, passphrase: LAB_PASSPHRASE });
    const run = (args: string[], input?: string) => {
        const r = spawnSync("pulumi", args, {
            cwd: dir,
            env,
            input,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
            timeout: 900_000,
        });
        if (r.error) throw new Error(`pulumi ${args.join(" ")}: ${r.error.message}`);
        return r;
    };
    return {
        dir,
        env,
        run,
        cleanup: () => {
            fs.rmSync(dir, { recursive: true, force: true });
            fs.rmSync(backend, { recursive: true, force: true });
        },
    };
}

/** Fails with the command's output. */
export function must(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
    if (r.status !== 0)
        throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout.slice(-8000)}\n${r.stderr.slice(-8000)}`);
    return r;
}

/**
 * A Pulumi YAML project with `program` (resources, variables, config, outputs) that uses the
 * package, added the way a user adds it; `packageAddSeconds` is how long `pulumi package add` took.
 */
export function yamlProject(name: string, program: Record<string, unknown>): Project & { packageAddSeconds: number } {
    const p = project(fs.mkdtempSync(path.join(os.tmpdir(), "continuum-yaml-")));
    fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), YAML.stringify({ name, runtime: "yaml", ...program }));
    const start = Date.now();
    must(p.run(["package", "add", PACKAGE_DIR]), "pulumi package add");
    return { ...p, packageAddSeconds: (Date.now() - start) / 1000 };
}

/** A project running this repository's TypeScript program (index.ts) with `stackFile` from stacks/. */
export function typescriptProject(stackFile: string): Project {
    const p = project(fs.mkdtempSync(path.join(os.tmpdir(), "continuum-ts-")));
    for (const f of [
        "index.ts",
        "components",
        "node_modules",
        "package.json",
        "tsconfig.json",
        "tsconfig.program.json",
        "Pulumi.yaml",
    ]) {
        fs.symlinkSync(path.join(ROOT, f), path.join(p.dir, f));
    }
    fs.mkdirSync(path.join(p.dir, "stacks"));
    fs.copyFileSync(path.join(ROOT, "stacks", stackFile), path.join(p.dir, "stacks", stackFile));
    return p;
}

/** `pulumi stack init` then `pulumi preview --json` with the policy pack; config as `--path` pairs (secret ones on the
 * command's stdin). */
export function preview(p: Project, stack: string, secrets: Record<string, string> = {}): Preview {
    must(
        p.run(["stack", "init", stack, "--secrets-provider", "passphrase", "--non-interactive"]),
        `pulumi stack init ${stack}`,
    );
    for (const [key, value] of Object.entries(secrets)) {
        must(p.run(["config", "set", "--secret", "--stack", stack, key], value), `pulumi config set --secret ${key}`);
    }
    const start = Date.now();
    const r = p.run([
        "preview",
        "--stack",
        stack,
        "--policy-pack",
        path.join(ROOT, "policies"),
        "--json",
        "--non-interactive",
    ]);
    let steps: PreviewStep[] = [];
    try {
        steps = (JSON.parse(r.stdout) as { steps?: PreviewStep[] }).steps ?? [];
    } catch {
        // not JSON: the assertions on status show the output
    }
    return {
        status: r.status,
        output: `${r.stdout.slice(-20000)}\n${r.stderr.slice(-20000)}`,
        stdout: r.stdout,
        steps,
        seconds: (Date.now() - start) / 1000,
    };
}

/** The type of a step's resource. */
export const typeOf = (s: PreviewStep): string => s.newState?.type ?? s.urn.split("::")[2]?.split("$").pop() ?? "";
/** The name of a step's resource. */
export const nameOf = (s: PreviewStep): string => s.urn.split("::").pop() ?? "";

/** How many resources of each type a preview declares. */
export function countsByType(steps: PreviewStep[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of steps) out[typeOf(s)] = (out[typeOf(s)] ?? 0) + 1;
    return out;
}

/** The `continuum:spec` of a stack file in stacks/ (plain data). */
export function stackSpec(stackFile: string): Record<string, unknown> {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks", stackFile), "utf8")) as {
        config: Record<string, Record<string, unknown>>;
    };
    return doc.config["continuum:spec"];
}
