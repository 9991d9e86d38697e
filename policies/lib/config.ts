/** Policy configuration: the pack's defaults, overridden by what a team sets. */

/**
 * The policy's config with defaults for every knob a team did not set. (The engine fills
 * schema defaults too; doing it here keeps unit tests and older CLIs identical.)
 */
export function configOf<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
    const given = args.getConfig<Partial<T>>();
    const out = { ...defaults };
    for (const [k, v] of Object.entries(given)) {
        if (v !== undefined && k in defaults) (out as Record<string, unknown>)[k] = v;
    }
    return out;
}

/** JSON schema of a list of strings with a default, for `configSchema`. */
export function stringList(description: string, defaults: string[]) {
    return { type: "array" as const, items: { type: "string" as const }, default: defaults, description };
}
