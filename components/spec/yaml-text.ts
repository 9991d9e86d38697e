/**
 * YAML as continuum reads it (stack files, spec files): duplicate keys refused, positions kept
 * for messages, the first syntax error as `line:col` and a reason that says what to do.
 */
import { LineCounter, parseDocument, type Document } from "yaml";

/** A parsed YAML text, or where and why it is not YAML. */
export interface YamlText {
    doc: Document;
    /** 1-based line and column of an offset in the text. */
    position(offset: number): { line: number; col: number };
    /** The first syntax error, if any. */
    syntaxError?: { line: number; col: number; reason: string };
}

/** Parse YAML text (pure). */
export function parseYamlText(text: string): YamlText {
    const lines = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
    const position = (offset: number) => lines.linePos(offset);
    const err = doc.errors[0];
    if (!err) return { doc, position };
    const pos = position(err.pos[0]);
    return { doc, position, syntaxError: { ...pos, reason: `not valid YAML: ${err.message.split("\n")[0]} — fix the syntax at this position` } };
}
