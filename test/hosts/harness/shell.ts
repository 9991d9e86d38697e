/**
 * Runs the harness's own scripts (test/hosts/scripts/*.sh) on this machine. Parameters go in
 * the environment of the script, never into a command string.
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";

/** Directory of the harness scripts. */
export const SCRIPTS_DIR = path.join(__dirname, "..", "scripts");

/** Result of a finished process. */
export interface Finished {
    status: number;
    stdout: string;
    stderr: string;
}

function scriptPath(name: string): string {
    if (!/^[a-z-]+\.sh$/.test(name)) throw new Error(`not a harness script: ${name}`);
    return path.join(SCRIPTS_DIR, name);
}

function failure(name: string, r: Finished): Error {
    return new Error(
        `test/hosts/scripts/${name} failed (exit ${r.status}):\n${r.stderr.trim().split("\n").slice(-25).join("\n")}`,
    );
}

/** Run a harness script and wait; throws with the end of its stderr when it fails. */
export function runScriptSync(
    name: string,
    env: Record<string, string>,
    timeoutMs = 120_000,
    args: string[] = [],
): Finished {
    const p = spawnSync("bash", [scriptPath(name), ...args], {
        env: { ...process.env, ...env },
        encoding: "utf8",
        timeout: timeoutMs,
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 16 * 1024 * 1024,
    });
    const r = {
        status: p.status ?? -1,
        stdout: p.stdout ?? "",
        stderr: `${p.stderr ?? ""}${p.error ? `\n${p.error.message}` : ""}`,
    };
    if (r.status !== 0) throw failure(name, r);
    return r;
}

/** Run any program and collect its output (no throw). */
export function run(
    argv: string[],
    opts: { input?: string; env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {},
): Promise<Finished> {
    return new Promise((resolve) => {
        const child = spawn(argv[0], argv.slice(1), {
            env: { ...process.env, ...(opts.env ?? {}) },
            cwd: opts.cwd,
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs) : undefined;
        child.on("error", (e) => {
            stderr += e.message;
        });
        child.on("close", (code, signal) => {
            if (timer) clearTimeout(timer);
            resolve({ status: code ?? (signal ? 128 : -1), stdout, stderr });
        });
        child.stdin.on("error", () => undefined);
        child.stdin.end(opts.input ?? "");
    });
}

/** Run a harness script without blocking (hosts boot in parallel); throws when it fails. */
export async function runScript(name: string, env: Record<string, string>, timeoutMs = 120_000): Promise<Finished> {
    const r = await run(["bash", scriptPath(name)], { env, timeoutMs });
    if (r.status !== 0) throw failure(name, r);
    return r;
}
