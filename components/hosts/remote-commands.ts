/**
 * The only command strings continuum sends over SSH. Each is fixed text plus a path
 * under the login user's home directory that this module builds from a restricted
 * alphabet: no parameter, value or secret ever appears in a command string (they go on
 * stdin), so a failed command that echoes its command line leaks nothing.
 */
import { createHash } from "node:crypto";

/** How root is obtained: `sudo -n`, `sudo -S` with the password as the first stdin line, or not at all. */
export const SUDO_MODES = ["nopasswd", "password", "none"] as const;

/** Where one-shot steps (host-step.ts) put their files, relative to the login user's home directory. */
export const REMOTE_ROOT = ".continuum/run";

const SAFE_PATH = /^[A-Za-z0-9._][A-Za-z0-9._+/-]*$/;

function checkPath(path: string): string {
    if (!SAFE_PATH.test(path) || path.includes("..")) {
        throw new Error(
            `remote path '${path}' has characters continuum does not put ` +
                `in a command — use letters, digits, '.', '_', '+', '-' and '/'`,
        );
    }
    return path;
}

/** The per-step directory on the host: readable name plus a short hash of the full name (unique per stack). */
export function remoteDir(stepName: string): string {
    const readable =
        stepName
            .toLowerCase()
            .replace(/[^a-z0-9._-]+/g, "-")
            .replace(/^-+|-+$/g, "")
            .slice(0, 60) || "step";
    const hash = createHash("sha256").update(stepName).digest("hex").slice(0, 8);
    return checkPath(`${REMOTE_ROOT}/${readable}-${hash}`);
}

/** The base name a file gets on the host (its local base name, checked). */
export function remoteFileName(localPath: string): string {
    const base = localPath.split(/[\\/]/).pop() ?? "";
    return checkPath(base);
}

/**
 * Run `bash <script>` as root in the given sudo mode. With `timeoutSeconds`, the run is bounded on
 * the host: `timeout` runs as root between sudo and bash, so when it fires it stops the script and
 * everything the script started (its process group), even after the SSH connection is gone.
 */
export function runScriptCommand(sudoMode: string, scriptPath: string, timeoutSeconds?: number): string {
    const path = checkPath(scriptPath);
    let run = `bash ${path}`;
    if (timeoutSeconds !== undefined) {
        if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
            throw new Error(
                `timeout ${timeoutSeconds} for ${path} is not a whole number ` +
                    `of seconds ≥ 1 — set ssh.timeoutSeconds to one`,
            );
        }
        run = `timeout --kill-after=15 ${timeoutSeconds} ${run}`;
    }
    switch (sudoMode) {
        case "nopasswd":
            return `sudo -n -- ${run}`;
        case "password":
            // -k: always ask, so the password line is always consumed; -p '': no prompt text.
            return `sudo -k -S -p '' -- ${run}`;
        case "none":
            return run;
        default:
            throw new Error(`sudo mode '${sudoMode}' is not known — use one of: ${SUDO_MODES.join(", ")}`);
    }
}
