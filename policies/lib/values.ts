/**
 * Reading resource properties safely. During `pulumi preview` the policy SDK hands policies a
 * proxy that throws `UnknownValueError` on every value the engine cannot know yet (an output of
 * a resource not created). A policy that lets that escape is downgraded to an advisory "can't
 * run during preview" for the whole stack, so every policy first copies the properties into
 * plain data with `toPlain`, where an unknown value becomes the `UNKNOWN` marker, and then
 * decides for itself what an unknown means (usually: "set, by a resource" → not a violation).
 */
import { UnknownValueError } from "@pulumi/policy";

/** Marks a value the engine does not know yet (preview of a resource not created). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** Plain data as the policies see it. */
export type Plain = string | number | boolean | null | Unknown | Plain[] | { [key: string]: Plain };
export type PlainObject = { [key: string]: Plain };

/** Read one member, turning an unknown value into `UNKNOWN`. */
function member(obj: Record<string | number, unknown>, key: string | number): unknown {
    try {
        return obj[key];
    } catch (e) {
        if (e instanceof UnknownValueError) return UNKNOWN;
        throw e;
    }
}

/**
 * A deep plain copy of resource properties: proxies unwrapped, unknowns as `UNKNOWN`,
 * `undefined` members dropped, assets and other class instances kept as their own fields.
 */
export function toPlain(value: unknown): Plain {
    if (value === UNKNOWN) return UNKNOWN;
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        return value;
    if (Array.isArray(value)) {
        const out: Plain[] = [];
        for (let i = 0; i < value.length; i++) {
            const v = member(value as unknown as Record<number, unknown>, i);
            out.push(v === undefined ? null : toPlain(v));
        }
        return out;
    }
    if (typeof value === "object") {
        const out: PlainObject = {};
        for (const key of Object.keys(value)) {
            const v = member(value as Record<string, unknown>, key);
            if (v !== undefined && typeof v !== "function") out[key] = toPlain(v);
        }
        return out;
    }
    return null;
}

/** True for a plain object (not an array, not unknown). */
export function isObject(v: Plain | undefined): v is PlainObject {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Walk a path; `UNKNOWN` if an unknown value is met on the way, `undefined` if absent. */
export function at(obj: Plain | undefined, ...path: (string | number)[]): Plain | undefined {
    let cur: Plain | undefined = obj;
    for (const key of path) {
        if (cur === UNKNOWN) return UNKNOWN;
        if (Array.isArray(cur) && typeof key === "number") cur = cur[key];
        else if (isObject(cur) && typeof key === "string") cur = cur[key];
        else return undefined;
    }
    return cur;
}

/** The string at a path, `UNKNOWN`, or undefined when absent or not a string. */
export function str(obj: Plain | undefined, ...path: (string | number)[]): string | Unknown | undefined {
    const v = at(obj, ...path);
    return typeof v === "string" || v === UNKNOWN ? v : undefined;
}

/** The array at a path (empty when absent), or `UNKNOWN`. */
export function list(obj: Plain | undefined, ...path: (string | number)[]): Plain[] | Unknown {
    const v = at(obj, ...path);
    if (v === UNKNOWN) return UNKNOWN;
    return Array.isArray(v) ? v : [];
}

/** Every string inside a value, with its dotted path (for pattern scans). */
export function stringsIn(value: Plain | undefined, path = ""): { path: string; text: string }[] {
    if (typeof value === "string") return [{ path, text: value }];
    const out: { path: string; text: string }[] = [];
    if (Array.isArray(value)) value.forEach((v, i) => out.push(...stringsIn(v, `${path}[${i}]`)));
    else if (isObject(value))
        for (const [k, v] of Object.entries(value)) out.push(...stringsIn(v, path ? `${path}.${k}` : k));
    return out;
}

/** Compile user-supplied patterns (policy config) once; a bad pattern names itself. */
export function patterns(sources: readonly string[], what: string): RegExp[] {
    return sources.map((s) => {
        try {
            return new RegExp(s, "i");
        } catch (e) {
            throw new Error(
                `policy config ${what}: '${s}' is not a valid regular expression ` +
                    `(${(e as Error).message}) — fix the pattern in the policy pack config`,
            );
        }
    });
}
