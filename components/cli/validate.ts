import { formatIssue } from "../spec/issues";
import { parseSpec } from "../spec/parse";
import { readStackSpec, StackFileError } from "../spec/stack-file";
import { summarize } from "../spec/summary";

/** Exit codes of `continuum validate`. */
export const EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

/** What `validate` prints and its exit code (pure apart from reading the file). */
export interface ValidateOutcome {
    code: number;
    stdout: string;
    stderr: string;
}

/** Check a stack file without running Pulumi. `secure:` values stay encrypted and are never printed. */
export function validateStackFile(file: string): ValidateOutcome {
    let raw: unknown;
    try {
        raw = readStackSpec(file);
    } catch (e) {
        if (e instanceof StackFileError) return { code: EXIT.unreadable, stdout: "", stderr: `${e.message}\n` };
        throw e;
    }
    const result = parseSpec(raw, { fromFile: true });
    if (!result.ok) {
        const lines = result.issues.map(formatIssue);
        return {
            code: EXIT.invalid,
            stdout: "",
            stderr: `${file}: ${lines.length} problem${lines.length === 1 ? "" : "s"} in continuum:spec\n${lines.join("\n")}\n`,
        };
    }
    return { code: EXIT.valid, stdout: `${file}: valid\n${summarize(result.spec)}\n`, stderr: "" };
}
