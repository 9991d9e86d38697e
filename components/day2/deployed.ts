/**
 * The control planes of a deployed stack, read from its outputs (pure): what the quorum rule
 * (spec/rules/day2.ts `quorumRules`) compares the spec with. `continuum validate --deployed FILE`
 * takes `pulumi stack output --json` (or only its `clusters` output), where each cluster lists its
 * `controlPlanes` (components/continuum.ts).
 */

/** Each cluster's deployed control planes, in order; throws naming what is wrong and what to do. */
export function deployedControlPlanes(json: unknown, what: string): Record<string, string[]> {
    const fix = "write it with `pulumi stack output --json > FILE` (a stack deployed by this version of continuum)";
    const root =
        json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
    if (!root) throw new Error(`${what} is not a JSON object — ${fix}`);
    const clusters = (root.clusters && typeof root.clusters === "object" ? root.clusters : root) as Record<
        string,
        unknown
    >;
    const out: Record<string, string[]> = {};
    for (const [name, c] of Object.entries(clusters)) {
        const cps = c && typeof c === "object" ? (c as { controlPlanes?: unknown }).controlPlanes : undefined;
        if (cps === undefined) continue;
        if (!Array.isArray(cps) || !cps.every((x) => typeof x === "string")) {
            throw new Error(`${what}: clusters.${name}.controlPlanes is not a list of node names — ${fix}`);
        }
        out[name] = cps as string[];
    }
    if (Object.keys(out).length === 0) throw new Error(`${what} lists no cluster's controlPlanes — ${fix}`);
    return out;
}
