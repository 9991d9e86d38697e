/**
 * A throw-away Pulumi project for the engine tier: a plain-JavaScript program run by the offline
 * toolchain's CLI against a file backend in a temporary directory, with stack `t` initialised.
 * What the upgrade and migration tests share (fleet-node-upgrade, fleet-pool-switch, kubeadm-upgrade).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LAB_PASSPHRASE, toolchainEnv } from "../../scripts/toolchain-env";
import type { ExportedStack } from "../../scripts/exported-state";

const ROOT = path.resolve(__dirname, "..", "..");

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
    op: string;
    urn: string;
    newState?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

/** The project, its environment and the CLI on its stack. */
export interface JsProject {
    /** The project directory (removed by `remove`). */
    dir: string;
    /** `pulumi <args> --stack t --non-interactive`, whatever its exit status. */
    pulumi(args: string[]): SpawnSyncReturns<string>;
    /** The same, throwing with the CLI's output when it fails; its stdout. */
    run(args: string[]): string;
    /** The steps of `pulumi preview --json` (throwing when the preview fails). */
    previewSteps(): PreviewStep[];
    /** `pulumi stack export`, `edit` on the exported stack, `pulumi stack import`. */
    editState(edit: (stack: ExportedStack) => void): void;
    /** Removes the directory. */
    remove(): void;
}

/**
 * A project named `name` whose program is `program` (the index.js text), with the repository's
 * node_modules on NODE_PATH and node bundles under the project directory; `env` adds variables.
 */
export function jsProject(name: string, program: string, env: NodeJS.ProcessEnv = {}): JsProject {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `continuum-${name}-`));
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
    );
    fs.writeFileSync(path.join(dir, "index.js"), program);
    fs.mkdirSync(path.join(dir, "backend"));
    const fullEnv: NodeJS.ProcessEnv = {
        ...toolchainEnv(ROOT, { backendDir: path.join(dir, "backend"), passphrase: LAB_PASSPHRASE }),
        NODE_PATH: path.join(ROOT, "node_modules"),
        CONTINUUM_BUNDLE_DIR: path.join(dir, "bundles"),
        ...env,
    };
    const pulumi = (args: string[]) =>
        spawnSync("pulumi", [...args, "--stack", "t", "--non-interactive"], {
            cwd: dir,
            env: fullEnv,
            encoding: "utf8",
            timeout: 300_000,
        });
    const run = (args: string[]) => {
        const r = pulumi(args);
        if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`.slice(-4000));
        return r.stdout;
    };
    const init = spawnSync("pulumi", ["stack", "init", "t", "--secrets-provider", "passphrase", "--non-interactive"], {
        cwd: dir,
        env: fullEnv,
        encoding: "utf8",
    });
    if (init.status !== 0) throw new Error(`pulumi stack init failed:\n${init.stdout}\n${init.stderr}`);
    const editState = (edit: (stack: ExportedStack) => void) => {
        const file = path.join(dir, "state.json");
        run(["stack", "export", "--file", file]);
        const exported = JSON.parse(fs.readFileSync(file, "utf8")) as ExportedStack;
        edit(exported);
        fs.writeFileSync(file, JSON.stringify(exported));
        run(["stack", "import", "--file", file]);
    };
    const previewSteps = () => (JSON.parse(run(["preview", "--json"])) as { steps?: PreviewStep[] }).steps ?? [];
    return {
        dir,
        pulumi,
        run,
        previewSteps,
        editState,
        remove: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}
