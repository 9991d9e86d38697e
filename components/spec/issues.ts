import { safeLine, shown } from "./shown";

/** One thing wrong with a spec: where, what, and what to do. */
export interface SpecIssue {
    /** Path inside `continuum:spec`, e.g. ["clusters", 1, "network", "podCidr"]. */
    path: (string | number)[];
    /** What is wrong. */
    message: string;
    /** What to do about it. */
    hint: string;
}

/** `clusters[1].network.podCidr` from a path array; a key that is not a plain name is quoted, escaped and cut short:
 * `registryMirrors["registry.lan:5000"]`. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(part)))
            out += `["${shown(String(part), 60).replace(/"/g, '\\"')}"]`;
        else out += out === "" ? String(part) : `.${String(part)}`;
    }
    return out === "" ? "(spec)" : out;
}

/**
 * `<yaml path>: <what is wrong> — <what to do>`, made safe for a terminal (validate and the
 * program's preview error both print it): control characters escaped, the line capped.
 */
export function formatIssue(issue: SpecIssue): string {
    return safeLine(`${formatPath(issue.path)}: ${issue.message} — ${issue.hint}`);
}

/** Shorthand used by the rules. */
export const issue = (path: (string | number)[], message: string, hint: string): SpecIssue => ({ path, message, hint });
