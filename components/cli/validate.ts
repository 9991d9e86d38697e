import { formatIssue } from "../spec/issues";
import { safeLine, shown } from "../spec/shown";
import { StackFileError } from "../spec/stack-file";
import { parseStackFile } from "../spec/stack-sources";
import { summarize } from "../spec/summary";
import { specWarnings } from "../spec/warnings";

/** Exit codes of `continuum validate`. */
export const EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

/** What `validate` prints and its exit code (pure apart from reading the files). */
export interface ValidateOutcome {
    code: number;
    stdout: string;
    stderr: string;
}

/** Lines as they reach the terminal: every one escaped and capped (shown.ts). */
const lines = (ls: string[]): string => ls.map((l) => `${safeLine(l)}\n`).join("");

/**
 * Check a stack file without running Pulumi, its `continuum:specFile` (if any) read as the
 * program reads it. `secure:` values stay encrypted and are never printed.
 */
export function validateStackFile(file: string): ValidateOutcome {
    let result: ReturnType<typeof parseStackFile>;
    try {
        result = parseStackFile(file);
    } catch (e) {
        if (e instanceof StackFileError) return { code: EXIT.unreadable, stdout: "", stderr: lines([e.message]) };
        throw e;
    }
    const name = shown(file, 500);
    if (!result.ok) {
        const problems = result.issues.map(formatIssue);
        return {
            code: EXIT.invalid,
            stdout: "",
            stderr: lines([`${name}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in continuum:spec`, ...problems]),
        };
    }
    const warnings = specWarnings(result.spec).map((w) => `${name}: warning: ${formatIssue(w)}`);
    return { code: EXIT.valid, stdout: lines([`${name}: valid`, ...summarize(result.spec).split("\n")]), stderr: lines(warnings) };
}
