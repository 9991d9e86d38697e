import { formatIssue } from "../spec/issues";
import type { ContinuumSpec } from "../spec/continuum-spec";
import { safeLine, shown } from "../spec/shown";
import { StackFileError } from "../spec/stack-file";
import { parseStackFile } from "../spec/stack-sources";

/** A stack file's parsed spec, or what to print and the exit code (2 unreadable, 1 invalid) when there is none. */
export type LoadedSpec = { ok: true; spec: ContinuumSpec } | { ok: false; code: number; stderr: string };

/** Lines as they reach the terminal: every one escaped and capped (spec/shown.ts). */
export const lines = (ls: string[]): string => ls.map((l) => `${safeLine(l)}\n`).join("");

/**
 * Read and parse a stack file's continuum as `continuum validate` does (its `continuum:specFile`
 * too); commands that draw or check a stack start here. Problems are printed escaped, as validate prints them.
 * @param invalidHint appended to the line that counts the problems (FILE: the file's name)
 */
export function loadStackSpec(file: string, invalidHint = " — `continuum validate FILE` says the same"): LoadedSpec {
    let result: ReturnType<typeof parseStackFile>;
    try {
        result = parseStackFile(file);
    } catch (e) {
        if (e instanceof StackFileError) return { ok: false, code: 2, stderr: lines([e.message]) };
        throw e;
    }
    if (result.ok) return { ok: true, spec: result.spec };
    const problems = result.issues.map(formatIssue);
    const name = shown(file, 500);
    const hint = invalidHint.replace("FILE", name);
    return {
        ok: false,
        code: 1,
        stderr: lines([
            `${name}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in continuum:spec${hint}`,
            ...problems,
        ]),
    };
}
