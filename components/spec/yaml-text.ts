/**
 * YAML as continuum reads it (stack files, spec files): duplicate keys refused, positions kept
 * for messages, the first syntax error as `line:col` and a reason that says what to do. Aliases
 * are expanded up to a bound (an alias bomb — `&a [*a, …]` nested — is refused, not expanded),
 * and nesting too deep for the parser is reported as such.
 */
import { isAlias, LineCounter, parseDocument, visit, type Document } from "yaml";
import { shown } from "./shown";

/** How many alias expansions a document may need before it is refused as an alias bomb. @default 100 */
export const MAX_ALIAS_COUNT = 100;

/** A position and a reason (what is wrong — what to do). */
export interface YamlProblem {
    line: number;
    col: number;
    reason: string;
}

/** A parsed YAML text, or where and why it is not YAML. */
export interface YamlText {
    doc: Document;
    /** 1-based line and column of an offset in the text. */
    position(offset: number): { line: number; col: number };
    /** The first syntax error, if any. */
    syntaxError?: YamlProblem;
}

/** Parse YAML text (pure). */
export function parseYamlText(text: string): YamlText {
    const lines = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
    const position = (offset: number) => lines.linePos(offset);
    const err = doc.errors[0];
    if (!err) return { doc, position };
    const pos = position(err.pos[0]);
    const first = err.message.split("\n")[0];
    const reason = /call stack/i.test(first)
        ? "the YAML is nested too deeply to read — a continuum spec is a few levels deep; check the file"
        : `not valid YAML: ${shown(first, 200)} — fix the syntax at this position`;
    return { doc, position, syntaxError: { ...pos, reason } };
}

/** The document as plain data, or the position of the first alias when it expands too much. */
export function yamlToPlain(parsed: YamlText): { value: unknown } | { problem: YamlProblem } {
    try {
        return { value: parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
    } catch (e) {
        if (!(e instanceof ReferenceError || e instanceof RangeError)) throw e;
        let at = 0;
        visit(parsed.doc, {
            Alias(_key, node) {
                if (isAlias(node) && node.range) at = node.range[0];
                return visit.BREAK;
            },
        });
        const reason =
            e instanceof ReferenceError
                ? `aliases expand beyond ${MAX_ALIAS_COUNT} copies (an alias ` +
                  `bomb) — write the values out or use fewer aliases`
                : "the YAML expands too deeply to read — check the aliases and nesting";
        return { problem: { ...parsed.position(at), reason } };
    }
}
