/**
 * The converge input of a node (scripts/node-converge.sh reads it on stdin): global
 * parameters, then one env-file section per step. Pure: no Pulumi here.
 */
import { PARAMS_MARKER, parseParams, renderParams } from "./params";
import { remoteFileName } from "./remote-commands";

/** The line that starts a step's section. */
export const STEP_MARKER = "# continuum-step ";

/** One step as the converge runs it. */
export interface ConvergeStepInput {
    /** The step's script (base name in the bundle). */
    script: string;
    /** Its uninstall script (base name), run by node-unconverge.sh. @default nothing to undo */
    uninstall?: string;
    /** The step's parameters (resolved; secrets as plain strings here — the caller keeps stdin secret). */
    params: Record<string, string>;
}

/** Global parameters and step sections, as node-converge.sh / node-unconverge.sh read them. */
export function renderConvergeInput(
    nodeName: string,
    steps: ConvergeStepInput[],
    extra: Record<string, string> = {},
): string {
    if (steps.length === 0) throw new Error(`node '${nodeName}': a converge needs at least one step`);
    const names = steps.map((s) => remoteFileName(s.script));
    if (new Set(names).size !== names.length) {
        throw new Error(
            `node '${nodeName}': a step script appears twice in the converge ` +
                `(${names.join(", ")}) — give each step its own script`,
        );
    }
    const global = renderParams({
        ...extra,
        NODE_NAME: nodeName,
        STEPS: names.join(" "),
        UNINSTALLS: steps.map((s) => `${s.script}:${s.uninstall ? remoteFileName(s.uninstall) : "-"}`).join(" "),
    });
    return global + steps.map((s) => `${STEP_MARKER}${s.script}\n${renderParams(s.params)}`).join("");
}

/** The inverse of renderConvergeInput (tests, and reading a recorded stdin). */
export function parseConvergeInput(text: string): {
    global: Record<string, string>;
    steps: Record<string, Record<string, string>>;
} {
    const parts = text.split(new RegExp(`^${STEP_MARKER}`, "m"));
    const global = parseParams(parts[0]);
    const steps: Record<string, Record<string, string>> = {};
    for (const part of parts.slice(1)) {
        const nl = part.indexOf("\n");
        const name = part.slice(0, nl);
        const body = part.slice(nl + 1);
        if (!body.startsWith(PARAMS_MARKER))
            throw new Error(`step ${name}: its section does not start with '${PARAMS_MARKER}'`);
        steps[name] = parseParams(body);
    }
    return { global, steps };
}
