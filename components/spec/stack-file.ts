import { isMap } from "yaml";
import { BoundedReadError, readBoundedText } from "./bounded-file";
import { parseYamlText, yamlToPlain } from "./yaml-text";
import { shown } from "./shown";
import { SPEC_FILE_KEY } from "./spec-file";

/** The config key that holds the continuum. */
export const SPEC_KEY = "continuum:spec";

/** What a stack file says about its continuum: the `continuum:spec` value, a `continuum:specFile`, or both. */
export interface StackSources {
    /** The raw `continuum:spec` value (secure values left encrypted); undefined when only a spec file is named. */
    spec: unknown;
    /** The `continuum:specFile` value, relative to the Pulumi project directory. */
    specFile?: string;
}

/** A stack file that cannot be read as a continuum (not YAML, no config, no spec key). */
export class StackFileError extends Error {
    constructor(
        readonly file: string,
        readonly reason: string,
        readonly line?: number,
        readonly col?: number,
    ) {
        super(
            line !== undefined
                ? `${shown(file, 500)}:${line}:${col ?? 1}: ${reason}`
                : `${shown(file, 500)}: ${reason}`,
        );
        this.name = "StackFileError";
    }
}

/** Read `stacks/Pulumi.<stack>.yaml` and return the raw `continuum:spec` value (secure values left encrypted). */
export function readStackSpec(file: string): unknown {
    return stackSpecFromText(readStackText(file), file);
}

/** Read a stack file's `continuum:spec` and `continuum:specFile` (at least one must be set). */
export function readStackSources(file: string): StackSources {
    return stackSourcesFromText(readStackText(file), file);
}

/** The text of a stack file: a regular file under the size cap (bounded-file.ts). */
function readStackText(file: string): string {
    try {
        return readBoundedText(file);
    } catch (e) {
        if (e instanceof BoundedReadError) throw new StackFileError(file, e.reason);
        throw e;
    }
}

/** Same as readStackSpec, from text already read. */
export function stackSpecFromText(text: string, file: string): unknown {
    return stackSourcesFromText(text, file, false).spec;
}

/** Same as readStackSources, from text already read. `specFileAllowed`: a spec file may stand in for `continuum:spec`.
 * */
export function stackSourcesFromText(text: string, file: string, specFileAllowed = true): StackSources {
    const parsed = parseYamlText(text);
    const { doc, position, syntaxError } = parsed;
    const at = (node: unknown): [number?, number?] => {
        const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
        if (!range) return [];
        const pos = position(range[0]);
        return [pos.line, pos.col];
    };
    if (syntaxError) throw new StackFileError(file, syntaxError.reason, syntaxError.line, syntaxError.col);
    const root = doc.contents;
    if (!isMap(root)) {
        throw new StackFileError(
            file,
            "not a Pulumi stack file: the top level must be a mapping with a `config:` key",
            ...at(root),
        );
    }
    const config = root.get("config", true);
    if (!isMap(config)) {
        throw new StackFileError(
            file,
            "not a Pulumi stack file: no `config:` mapping — " +
                "a stack file looks like `config:\\n  continuum:spec: ...`",
            ...at(config ?? root),
        );
    }
    const specFileNode = config.get(SPEC_FILE_KEY, true);
    const specFile = specFileAllowed ? (config.get(SPEC_FILE_KEY) as unknown) : undefined;
    if (specFile !== undefined && typeof specFile !== "string") {
        throw new StackFileError(
            file,
            `${SPEC_FILE_KEY} must be a path (a string) — name the spec file relative to the project directory`,
            ...at(specFileNode),
        );
    }
    if (!config.has(SPEC_KEY) && specFile === undefined) {
        const other = config.items
            .map((p) => shown(String((p.key as { value?: unknown })?.value ?? p.key), 60))
            .filter((k) => k.endsWith(":spec"));
        const hint = other.length > 0 ? ` (found ${other.join(", ")}: the project is named continuum)` : "";
        throw new StackFileError(
            file,
            `no \`${SPEC_KEY}\` key under config${hint} — describe the continuum ` +
                `under config.${SPEC_KEY} (or name a spec file with ${SPEC_FILE_KEY})`,
            ...at(config),
        );
    }
    const plain = yamlToPlain(parsed);
    if ("problem" in plain) throw new StackFileError(file, plain.problem.reason, plain.problem.line, plain.problem.col);
    const spec = (plain.value as { config: Record<string, unknown> }).config[SPEC_KEY];
    return specFile === undefined ? { spec } : { spec, specFile };
}
