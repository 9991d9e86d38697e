/**
 * Script parameters as an env file on stdin (components/hosts/scripts/continuum-lib.sh reads it).
 * Pure: no Pulumi here. Values are data, never shell: the library assigns them with
 * `printf -v`, so nothing in a value is expanded or executed.
 */

/** The line that starts the parameters; anything before it (an unconsumed sudo password) is skipped. */
export const PARAMS_MARKER = "# continuum-params v1";

const KEY = /^[A-Z][A-Z0-9_]*$/;

/** A parameter name as scripts see it: upper-case, digits and '_', starting with a letter. */
export function isParamKey(key: string): boolean {
    return KEY.test(key);
}

/** `k3s` → `K3S`, `cniPlugins` → `CNI_PLUGINS`: the ARTIFACT_<NAME> part of an artifact's params. */
export function paramName(name: string): string {
    const out = name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/[^A-Za-z0-9]+/g, "_")
        .toUpperCase();
    if (!isParamKey(out))
        throw new Error(`'${name}' cannot become a parameter name — use letters and digits, starting with a letter`);
    return out;
}

/**
 * Render parameters as the env file: `KEY=value` for single-line values, `KEY:b64=...` for
 * values with line breaks (config files). Keys are sorted so the text is stable.
 */
export function renderParams(params: Record<string, string>): string {
    const lines = [PARAMS_MARKER];
    for (const key of Object.keys(params).sort()) {
        if (!isParamKey(key)) {
            throw new Error(
                `script parameter '${key}' is not a valid name — use upper-case ` +
                    `letters, digits and '_' (like K3S_VERSION)`,
            );
        }
        const value = params[key];
        if (typeof value !== "string") {
            throw new Error(`script parameter '${key}' must be a string, got ${typeof value}`);
        }
        if (/[\r\n\0]/.test(value)) {
            lines.push(`${key}:b64=${Buffer.from(value, "utf8").toString("base64")}`);
        } else {
            lines.push(`${key}=${value}`);
        }
    }
    return `${lines.join("\n")}\n`;
}

/** Parse an env file (the inverse of renderParams; used by tests and by preflight output). */
export function parseParams(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    let seen = false;
    for (const line of text.split("\n")) {
        if (!seen) {
            seen = line === PARAMS_MARKER;
            continue;
        }
        if (line === "" || line.startsWith("#")) continue;
        const b64 = /^([A-Z][A-Z0-9_]*):b64=(.*)$/.exec(line);
        const plain = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
        if (b64) out[b64[1]] = Buffer.from(b64[2], "base64").toString("utf8");
        else if (plain) out[plain[1]] = plain[2];
        else throw new Error(`malformed parameter line '${line.slice(0, 40)}' — expected KEY=value`);
    }
    return out;
}

/** What goes on stdin: the sudo password line (password mode only), then the env file. */
export function composeStdin(envFile: string, sudoPassword?: string): string {
    if (sudoPassword === undefined) return envFile;
    if (/[\r\n]/.test(sudoPassword)) {
        throw new Error(
            "the sudo password contains a line break — sudo reads one line " +
                "from stdin; use a password without line breaks",
        );
    }
    return `${sudoPassword}\n${envFile}`;
}

/** `key=value` lines (preflight facts) → a record; lines without '=' are ignored. */
export function parseFacts(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const at = line.indexOf("=");
        if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    return out;
}
