import { readFileSync } from "node:fs";
import { isMap } from "yaml";
import { parseYamlText } from "./yaml-text";

/** The config key that holds the continuum. */
export const SPEC_KEY = "continuum:spec";

/** A stack file that cannot be read as a continuum (not YAML, no config, no spec key). */
export class StackFileError extends Error {
    constructor(
        readonly file: string,
        readonly reason: string,
        readonly line?: number,
        readonly col?: number,
    ) {
        super(line !== undefined ? `${file}:${line}:${col ?? 1}: ${reason}` : `${file}: ${reason}`);
        this.name = "StackFileError";
    }
}

/** Read `stacks/Pulumi.<stack>.yaml` and return the raw `continuum:spec` value (secure values left encrypted). */
export function readStackSpec(file: string): unknown {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (e) {
        throw new StackFileError(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)}) — check the path`);
    }
    return stackSpecFromText(text, file);
}

/** Same as readStackSpec, from text already read. */
export function stackSpecFromText(text: string, file: string): unknown {
    const { doc, position, syntaxError } = parseYamlText(text);
    const at = (node: unknown): [number?, number?] => {
        const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
        if (!range) return [];
        const pos = position(range[0]);
        return [pos.line, pos.col];
    };
    if (syntaxError) throw new StackFileError(file, syntaxError.reason, syntaxError.line, syntaxError.col);
    const root = doc.contents;
    if (!isMap(root)) {
        throw new StackFileError(file, "not a Pulumi stack file: the top level must be a mapping with a `config:` key", ...at(root));
    }
    const config = root.get("config", true);
    if (!isMap(config)) {
        throw new StackFileError(file, "not a Pulumi stack file: no `config:` mapping — a stack file looks like `config:\\n  continuum:spec: ...`", ...at(config ?? root));
    }
    if (!config.has(SPEC_KEY)) {
        const other = config.items.map((p) => String((p.key as { value?: unknown })?.value ?? p.key)).filter((k) => k.endsWith(":spec"));
        const hint = other.length > 0 ? ` (found ${other.join(", ")}: the project is named continuum)` : "";
        throw new StackFileError(file, `no \`${SPEC_KEY}\` key under config${hint} — describe the continuum under config.${SPEC_KEY}`, ...at(config));
    }
    return doc.toJS().config[SPEC_KEY];
}

