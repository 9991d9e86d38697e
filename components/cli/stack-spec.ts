import { formatIssue } from "../spec/issues";
import { parseSpec } from "../spec/parse";
import type { ContinuumSpec } from "../spec/continuum-spec";
import { readStackSpec, StackFileError } from "../spec/stack-file";

/** A stack file's parsed spec, or what to print and the exit code (2 unreadable, 1 invalid) when there is none. */
export type LoadedSpec = { ok: true; spec: ContinuumSpec } | { ok: false; code: number; stderr: string };

/** Read and parse a stack file's continuum, as `continuum validate` does; commands that draw or check a stack start here. */
export function loadStackSpec(file: string): LoadedSpec {
    let raw: unknown;
    try {
        raw = readStackSpec(file);
    } catch (e) {
        if (e instanceof StackFileError) return { ok: false, code: 2, stderr: `${e.message}\n` };
        throw e;
    }
    const result = parseSpec(raw, { fromFile: true });
    if (result.ok) return { ok: true, spec: result.spec };
    const lines = result.issues.map(formatIssue);
    return { ok: false, code: 1, stderr: `${file}: ${lines.length} problem${lines.length === 1 ? "" : "s"} in continuum:spec — run \`continuum validate ${file}\`\n${lines.join("\n")}\n` };
}
