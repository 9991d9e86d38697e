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
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseYamlText } from "./yaml-text";
import { issue, type SpecIssue } from "./issues";
import { parseSpec, type ParseOptions, type ParseResult } from "./parse";
import { SecretValue } from "./secret";

/** The config key naming the spec file. */
export const SPEC_FILE_KEY = "continuum:specFile";

/** Read a spec file (YAML or JSON); errors name the file and the position. */
export function readSpecFile(file: string, projectDir: string): unknown {
    const full = path.resolve(projectDir, file);
    let text: string;
    try {
        text = readFileSync(full, "utf8");
    } catch (e) {
        throw new Error(`${SPEC_FILE_KEY} is ${file} but ${full} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}) — the path is relative to the Pulumi project directory`);
    }
    const { doc, syntaxError } = parseYamlText(text);
    if (syntaxError) throw new Error(`${full}:${syntaxError.line}:${syntaxError.col}: ${syntaxError.reason}`);
    const spec = doc.toJS() as unknown;
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
        throw new Error(`${full}: the spec file must hold a mapping (the continuum spec: clusters, kubeedge, ssh, …)`);
    }
    return spec;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

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
                out.push(issue(at, `is a secret but is set in the spec file ${file}`, `remove it from the file and set it in stack config: \`pulumi config set --secret --path 'continuum:spec.${at.join(".")}' <value>\``));
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
export function parseSpecSources(configRaw: unknown, specFile: string | undefined, projectDir: string, options: ParseOptions = {}): ParseResult {
    if (specFile === undefined) return parseSpec(configRaw, options);
    const merged = mergeSpecSources(readSpecFile(specFile, projectDir), configRaw);
    const result = parseSpec(merged, options);
    if (!result.ok) return result;
    const issues = secretsFromSpecFile(result.spec, configRaw, specFile);
    return issues.length > 0 ? { ok: false, issues } : result;
}
