/**
 * Environment for running the offline Pulumi toolchain that `npm run toolchain` builds.
 *
 *   import { toolchainEnv, requireToolchain } from "./scripts/toolchain-env";
 *   requireToolchain(repoRoot);                        // throws, naming `npm run toolchain`
 *   const env = toolchainEnv(repoRoot, { backendDir }); // pass to child_process / Automation API
 *   execFileSync("pulumi", ["preview", "--stack", "dev"], { cwd: repoRoot, env });
 *   // Automation API: LocalWorkspace.create({ workDir: repoRoot, envVars: ... }) with
 *   // pulumiCommand: await PulumiCommand.get({ root: path.join(repoRoot, ".tools") })
 *   // (never PulumiCommand.install(): it downloads).
 *
 * toolchainEnv returns process.env plus:
 *   PATH                 <repo>/.tools/bin first (pulumi, pulumi-language-nodejs, plugins)
 *   PULUMI_HOME          <repo>/.tools/pulumi-home (plugin cache; no ~/.pulumi, no credentials)
 *   PULUMI_BACKEND_URL   file://<backendDir>, default file://<repo>/.pulumi (local file backend)
 *   PULUMI_SKIP_UPDATE_CHECK=true
 *   PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true (a missing plugin fails fast, never downloads)
 *   PULUMI_CONFIG_PASSPHRASE  only when `passphrase` is given: the lab and the tests pass
 *                        LAB_PASSPHRASE for their own stacks. Otherwise nothing is set, so
 *                        `pulumi stack init` of any other stack asks for a passphrase or a
 *                        secrets provider as Pulumi normally does (a real stack's SSH keys are
 *                        never encrypted with a passphrase printed in this repository).
 * The shell equivalent is scripts/toolchain-env.sh: eval "$(scripts/toolchain-env.sh [--lab] [backendDir])".
 */
import * as fs from "fs";
import * as path from "path";

export interface ToolchainEnvOptions {
    /** Directory of the local file backend (state). Default: <repoRoot>/.pulumi. */
    backendDir?: string;
    /**
     * PULUMI_CONFIG_PASSPHRASE for the stacks this environment runs: only the lab and test stacks
     * pass one (LAB_PASSPHRASE); PULUMI_CONFIG_PASSPHRASE_FILE is then dropped so it cannot compete.
     * @default none — Pulumi asks for a passphrase or secrets provider as usual
     */
    passphrase?: string;
}

/** Binaries `npm run toolchain` puts in .tools/bin that every Pulumi run needs. */
export const requiredBinaries: readonly string[] = ["pulumi", "pulumi-language-nodejs"];

/** The public passphrase of the lab and test stacks (throwaway secrets only; never a real stack's). */
export const LAB_PASSPHRASE = "continuum-lab";

export function toolsBin(repoRoot: string): string {
    return path.join(path.resolve(repoRoot), ".tools", "bin");
}

export function toolchainEnv(repoRoot: string, opts: ToolchainEnvOptions = {}): NodeJS.ProcessEnv {
    const root = path.resolve(repoRoot);
    const backendDir = path.resolve(root, opts.backendDir ?? ".pulumi");
    const bin = toolsBin(root);
    const inherited = process.env.PATH ?? "";
    const rest = inherited.split(path.delimiter).filter((p) => p !== "" && path.resolve(p) !== bin);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: [bin, ...rest].join(path.delimiter),
        PULUMI_HOME: path.join(root, ".tools", "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    if (opts.passphrase !== undefined) {
        env.PULUMI_CONFIG_PASSPHRASE = opts.passphrase;
        delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
    }
    return env;
}

/** Throws a clear error naming `npm run toolchain` when a required binary is missing. */
export function requireToolchain(repoRoot: string, binaries: readonly string[] = requiredBinaries): void {
    const bin = toolsBin(repoRoot);
    const missing = binaries.filter((name) => !executable(path.join(bin, name)) && !inPluginCache(repoRoot, name));
    if (missing.length > 0) {
        throw new Error(
            `The offline Pulumi toolchain is missing ${missing.join(", ")} in ${bin} (or its plugin cache): ` +
                "run `npm run toolchain` (add `-- --kube` for the Kubernetes binaries) in the repository root.",
        );
    }
}

function executable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** A provider plugin installed in <repo>/.tools/pulumi-home/plugins/<kind>-<name>-v<version>/ (where the toolchain puts
 * resource plugins). */
function inPluginCache(repoRoot: string, binary: string): boolean {
    const m = /^pulumi-(resource|analyzer|language)-(.+)$/.exec(binary);
    if (!m) return false;
    const plugins = path.join(path.resolve(repoRoot), ".tools", "pulumi-home", "plugins");
    let dirs: string[];
    try {
        dirs = fs.readdirSync(plugins);
    } catch {
        return false;
    }
    return dirs.some((d) => d.startsWith(`${m[1]}-${m[2]}-v`) && executable(path.join(plugins, d, binary)));
}
