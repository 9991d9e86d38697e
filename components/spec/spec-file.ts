/**
 * A continuum too large for stack config. Pulumi hands a program its config in one environment
 * variable (PULUMI_CONFIG), and Linux caps one variable at 128 KiB (MAX_ARG_STRLEN): a spec of
 * roughly 500 nodes with host keys no longer starts ("fork/exec …: argument list too long").
 * `continuum:specFile` names a YAML (or JSON) file — relative to the Pulumi project directory —
 * holding the spec, or the large part of it (the node inventory). `continuum:spec`, when also
 * set, is merged over it: mappings key by key, anything else replaced. Secrets stay in stack
 * config (`pulumi config set --secret --path 'continuum:spec.ssh.privateKey'`): a secret field
 * that only the file sets is refused, as a plain secret in a stack file is.
 */
import * as path from "node:path";
import { BoundedReadError, MAX_INVENTORY_FILE_BYTES, readBoundedText } from "./bounded-file";
import { parseYamlText, yamlToPlain } from "./yaml-text";
import { shown } from "./shown";
import { issue, type SpecIssue } from "./issues";
import { parseSpec, type ParseOptions, type ParseResult } from "./parse";
import { SecretValue } from "./secret";

/** The config key naming the spec file. */
export const SPEC_FILE_KEY = "continuum:specFile";

/** A spec file that cannot be read as a continuum spec (the message names the file and what to do). */
export class SpecFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SpecFileError";
    }
}

/** Read a spec file (YAML or JSON); errors (SpecFileError) name the file and the position. */
export function readSpecFile(file: string, projectDir: string): unknown {
    const full = shown(path.resolve(projectDir, file), 500);
    let text: string;
    try {
        text = readBoundedText(path.resolve(projectDir, file), MAX_INVENTORY_FILE_BYTES);
    } catch (e) {
        if (!(e instanceof BoundedReadError)) throw e;
        throw new SpecFileError(
            `${SPEC_FILE_KEY} is ${shown(file, 500)} but ${full} ` +
                e.reason
                    .replace(/^cannot read the file/, "cannot be read")
                    .replace(/ — check the path$/, " — the path is relative to the Pulumi project directory"),
        );
    }
    const parsed = parseYamlText(text);
    const { syntaxError } = parsed;
    if (syntaxError) throw new SpecFileError(`${full}:${syntaxError.line}:${syntaxError.col}: ${syntaxError.reason}`);
    const plain = yamlToPlain(parsed);
    if ("problem" in plain)
        throw new SpecFileError(`${full}:${plain.problem.line}:${plain.problem.col}: ${plain.problem.reason}`);
    const spec = plain.value;
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
        throw new SpecFileError(
            `${full}: the spec file must hold a mapping (the continuum spec: clusters, kubeedge, ssh, …)`,
        );
    }
    return spec;
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);

/** `over` merged onto `base`: mappings key by key, everything else (lists, scalars) replaced. Pure. */
export function mergeSpecSources(base: unknown, over: unknown): unknown {
    if (over === undefined) return base;
    if (!isMapping(base) || !isMapping(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeSpecSources(base[k], v);
    return out;
}

/** Whether the raw config value sets something at `path`. */
function setsPath(raw: unknown, at: (string | number)[]): boolean {
    let v = raw;
    for (const k of at) {
        if (v === null || typeof v !== "object") return false;
        v = (v as Record<string | number, unknown>)[k];
    }
    return v !== undefined;
}

/** Secret fields of the parsed spec that came from the spec file rather than from stack config. */
export function secretsFromSpecFile(spec: unknown, configRaw: unknown, file: string): SpecIssue[] {
    const out: SpecIssue[] = [];
    const walk = (v: unknown, at: (string | number)[]) => {
        if (v instanceof SecretValue) {
            if (!setsPath(configRaw, at)) {
                out.push(
                    issue(
                        at,
                        `is a secret but is set in the spec file ${file}`,
                        `remove it from the file and set it in stack config: ` +
                            `\`pulumi config set --secret --path 'continuum:spec.${at.join(".")}' <value>\``,
                    ),
                );
            }
            return;
        }
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
        else if (isMapping(v)) for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    };
    walk(spec, []);
    return out;
}

/**
 * Parse a spec given as a spec file, stack config, or both (config merged over the file).
 * Secret fields must come from stack config. `projectDir`: where the file path is relative to.
 */
export function parseSpecSources(
    configRaw: unknown,
    specFile: string | undefined,
    projectDir: string,
    options: ParseOptions = {},
): ParseResult {
    if (specFile === undefined) return parseSpec(configRaw, options);
    const merged = mergeSpecSources(readSpecFile(specFile, projectDir), configRaw);
    const result = parseSpec(merged, options);
    if (!result.ok) return result;
    const issues = secretsFromSpecFile(result.spec, configRaw, specFile);
    return issues.length > 0 ? { ok: false, issues } : result;
}
