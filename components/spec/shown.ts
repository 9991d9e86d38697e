/**
 * User values echoed in messages: escaped so no control character (ESC/OSC sequences, NUL,
 * CR, bidi overrides) reaches the terminal, and truncated so a huge value prints as its start
 * and its length.
 */

/** Longest value echoed whole. @default 120 */
export const SHOWN_MAX = 120;

// C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text
// (bidi embeddings/overrides/isolates, zero-width joiners, line/paragraph separators, BOM).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** The text with every unsafe character written as `\xNN` / `\u{NNNN}` (printable text unchanged). */
export function escapeText(text: string): string {
    return text.replace(UNSAFE, (c) => {
        const code = c.codePointAt(0) ?? 0;
        return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
    });
}

/** A user value as a message shows it: escaped, and cut at `max` characters with the full length named. */
export function shown(value: string, max: number = SHOWN_MAX): string {
    const cut = value.length > max ? value.slice(0, max) : value;
    const safe = escapeText(cut);
    return value.length > max ? `${safe}… (${value.length} characters)` : safe;
}

/** A line of output made safe as a whole (the last guard before the terminal): escaped and capped. */
export function safeLine(line: string, max = 2000): string {
    return shown(line, max);
}
