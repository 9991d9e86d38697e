/**
 * Parameters of the local-substrate scripts, as the env file they read on stdin
 * (scripts/local-lib.sh). The same format as the host scripts' env file: one
 * `KEY=value` per line, `KEY:b64=...` for values with line breaks, keys sorted so the
 * text is stable. Values are data: the scripts assign them with `printf -v`, never eval.
 */

/** The first line of the env file. */
export const LOCAL_PARAMS_MARKER = "# continuum-params v1";

const KEY = /^[A-Z][A-Z0-9_]*$/;

/** Render script parameters as the env file fed on stdin. */
export function renderLocalParams(params: Record<string, string>): string {
    const lines = [LOCAL_PARAMS_MARKER];
    for (const key of Object.keys(params).sort()) {
        if (!KEY.test(key)) {
            throw new Error(`script parameter '${key}' is not a valid name — use upper-case letters, digits and '_'`);
        }
        const value = params[key];
        lines.push(
            /[\r\n\0]/.test(value) ? `${key}:b64=${Buffer.from(value, "utf8").toString("base64")}` : `${key}=${value}`,
        );
    }
    return `${lines.join("\n")}\n`;
}

/** Extra files a create script writes under its state directory, as FILE_<n>_PATH / FILE_<n>_CONTENT. */
export function fileParams(files: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    const paths = Object.keys(files).sort();
    paths.forEach((p, i) => {
        if (p.startsWith("/") || p.split("/").includes("..")) {
            throw new Error(`state file '${p}' must be a relative path inside the state directory`);
        }
        out[`FILE_${i}_PATH`] = p;
        out[`FILE_${i}_CONTENT`] = files[p];
    });
    out.FILE_COUNT = String(paths.length);
    return out;
}
