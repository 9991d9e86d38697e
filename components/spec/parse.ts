import type { z } from "zod";
import { continuumSpecSchema, type ContinuumSpec } from "./continuum-spec";
import { formatIssue, formatPath, issue, type SpecIssue } from "./issues";
import { SecretValue } from "./secret";
import { shown } from "./shown";
import { clusterNames, nodeIdentity } from "./rules/names";
import { cidrRules, cniRules, meshRules } from "./rules/network";
import { akriRules, kubeEdgeRules, roleRules, substrateRules } from "./rules/topology";
import { kataNeedsKvm, sshRules } from "./rules/hosts";
import { artifactArchRules, artifactPinRules } from "./rules/artifacts";
import { day2Rules } from "./rules/day2";
import { fleetRules } from "./rules/fleet";
import { VERSION_TABLE } from "../version-table";
import type { VersionTable } from "../versions";

/** Result of parsing a spec: the validated, defaulted spec, or every issue found. */
export type ParseResult = { ok: true; spec: ContinuumSpec } | { ok: false; issues: SpecIssue[] };

/** Where the raw spec came from. */
export interface ParseOptions {
    /**
     * Read from a stack file (not decrypted by the engine): a plain string where a secret
     * belongs means a key sits in git unencrypted, and is refused.
     * @default false
     */
    fromFile?: boolean;
    /**
     * The version table artifacts are checked against.
     * @default VERSION_TABLE
     */
    versions?: VersionTable;
}

/** Every cross-field rule, in the order their errors are reported. */
export const RULES: ((spec: ContinuumSpec, versions: VersionTable) => SpecIssue[])[] = [
    clusterNames,
    meshRules,
    cidrRules,
    substrateRules,
    roleRules,
    nodeIdentity,
    kubeEdgeRules,
    akriRules,
    sshRules,
    kataNeedsKvm,
    artifactPinRules,
    artifactArchRules,
    day2Rules,
    cniRules,
    fleetRules,
];

/** Parse, default and cross-check a raw `continuum:spec` value. Nothing is provisioned from a failure. */
export function parseSpec(raw: unknown, options: ParseOptions = {}): ParseResult {
    const parsed = continuumSpecSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
        return { ok: false, issues: parsed.error.issues.map(fromZod) };
    }
    const spec = parsed.data;
    const issues = RULES.flatMap((rule) => rule(spec, options.versions ?? VERSION_TABLE));
    if (options.fromFile) issues.push(...plainSecrets(spec));
    return issues.length > 0 ? { ok: false, issues } : { ok: true, spec };
}

/** Parse or throw one error listing every issue (for the Pulumi program). */
export function parseSpecOrThrow(raw: unknown, options: ParseOptions = {}): ContinuumSpec {
    const result = parseSpec(raw, options);
    if (result.ok) return result.spec;
    throw new Error(`continuum:spec is invalid:\n${result.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`);
}

function fromZod(i: z.core.$ZodIssue): SpecIssue {
    const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
    switch (i.code) {
        case "unrecognized_keys":
            return issue(
                path,
                `unknown field${i.keys.length > 1 ? "s" : ""} ${unknownKeys(i.keys)}`,
                "remove it or fix the spelling (README: stack file reference)",
            );
        case "invalid_type":
            if (i.input === undefined) return issue(path, "is required", `add it (${i.expected})`);
            return issue(
                path,
                `expected ${i.expected}, got ${describe(i.input)}`,
                `write ${/^[aeiou]/.test(i.expected) ? "an" : "a"} ${i.expected} here`,
            );
        case "invalid_value":
            if (i.input === undefined)
                return issue(path, "is required", `add it: one of ${i.values.map((v) => String(v)).join(", ")}`);
            return issue(
                path,
                `${describe(i.input)} is not allowed`,
                `use one of: ${i.values.map((v) => String(v)).join(", ")}`,
            );
        case "invalid_key":
            return splitHint(path, i.issues[0]?.message ?? i.message, "see the README's stack file reference");
        case "invalid_union":
            return splitHint(path, i.message, "check the field's form in the README");
        default:
            return splitHint(path, i.message, "see the README's stack file reference");
    }
}

/** Our schema messages are written as `what — what to do`; others get a generic hint. */
function splitHint(path: (string | number)[], message: string, fallback: string): SpecIssue {
    const at = message.indexOf(" — ");
    if (at > 0) return issue(path, message.slice(0, at), message.slice(at + 3));
    return issue(path, message, fallback);
}

/** The unknown keys named in a message: escaped, each cut short, at most five. */
function unknownKeys(keys: readonly string[]): string {
    const named = keys
        .slice(0, 5)
        .map((k) => `'${shown(k, 60)}'`)
        .join(", ");
    return keys.length > 5 ? `${named} and ${keys.length - 5} more` : named;
}

function describe(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "a mapping";
    if (typeof v === "string") return `'${shown(v, 60)}'`;
    return String(v);
}

/** Secret fields that hold plain text in a stack file. */
function plainSecrets(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    walk(spec, [], (value, path) => {
        if (value instanceof SecretValue && !value.isEncrypted) {
            out.push(
                issue(
                    path,
                    "is a plain-text secret in the stack file",
                    `encrypt it: \`pulumi config set --secret --path 'continuum:spec.${formatPath(path)}' <value>\``,
                ),
            );
        }
    });
    return out;
}

function walk(v: unknown, path: (string | number)[], visit: (v: unknown, path: (string | number)[]) => void): void {
    visit(v, path);
    if (v instanceof SecretValue) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], visit));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k], visit);
}
