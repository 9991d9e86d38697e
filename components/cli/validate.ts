import { formatIssue } from "../spec/issues";
import { shown } from "../spec/shown";
import { summarize } from "../spec/summary";
import { specWarnings } from "../spec/warnings";
import { lines, loadStackSpec } from "./stack-spec";
import { quorumRules } from "../spec/rules/day2";
import { certificateLines, stackCertificateEntries, type StackCertificates } from "../day2/certificate-lines";

/** Exit codes of `continuum validate`. */
export const EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

/** What `validate` prints and its exit code (pure apart from reading the files). */
export interface ValidateOutcome {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Check a stack file without running Pulumi, its `continuum:specFile` (if any) read as the
 * program reads it. `secure:` values stay encrypted and are never printed. With `--deployed`,
 * also the deployed stack's certificate expiry (one line each, a warning — never an error —
 * within its `warnDays`).
 */
export function validateStackFile(
    file: string,
    deployed?: Record<string, readonly string[]>,
    certificates?: StackCertificates,
    now: Date = new Date(),
): ValidateOutcome {
    const loaded = loadStackSpec(file, "");
    if (!loaded.ok) return { code: loaded.code, stdout: "", stderr: loaded.stderr };
    const name = shown(file, 500);
    const certs = certificates ? certificateLines(stackCertificateEntries(certificates), now) : undefined;
    const certOut =
        certs && certs.lines.length > 0 ? ["Certificates (deployed)", ...certs.lines.map((l) => `  ${l}`)] : [];
    const certWarnings = (certs?.warnings ?? []).map((w) => `${name}: warning: ${w}`);
    // --deployed: the change from the deployed control planes keeps etcd quorum (docs/day2.md).
    const quorum = deployed ? quorumRules(loaded.spec, deployed).map(formatIssue) : [];
    if (quorum.length > 0) {
        return {
            code: EXIT.invalid,
            stdout: lines(certOut),
            stderr: lines([
                ...certWarnings,
                `${name}: ${quorum.length} problem${quorum.length === 1 ? "" : "s"} ` +
                    `with the change from the deployed stack`,
                ...quorum,
            ]),
        };
    }
    const warnings = specWarnings(loaded.spec).map((w) => `${name}: warning: ${formatIssue(w)}`);
    return {
        code: EXIT.valid,
        stdout: lines([`${name}: valid`, ...summarize(loaded.spec).split("\n"), ...certOut]),
        stderr: lines([...warnings, ...certWarnings]),
    };
}
