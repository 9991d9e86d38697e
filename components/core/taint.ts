/**
 * The Kubernetes taint, the one type of it in the toolkit: the spec's taints, the taints a
 * distribution puts on its control planes, and every component's taint args share it.
 */

import { TaintEffect } from "./enums";

export { TaintEffect } from "./enums";

/** The effects, in Kubernetes' order (the spec's enum). */
export const TAINT_EFFECTS = [TaintEffect.NoSchedule, TaintEffect.PreferNoSchedule, TaintEffect.NoExecute] as const;

/** A taint on a node. */
export interface TaintArgs {
    /** Taint key. */
    key: string;
    /** Taint value. @default none */
    value?: string;
    /** NoSchedule, PreferNoSchedule or NoExecute. */
    effect: TaintEffect;
}

/**
 * `key=value:Effect` (or `key:Effect`), the form of K3s `node-taint` and `kubectl taint`.
 * `where` names the node for the error when the effect is not one Kubernetes knows (component
 * args reach here unchecked from other languages).
 */
export function taintString(t: TaintArgs, where = "node"): string {
    if (!(TAINT_EFFECTS as readonly string[]).includes(t.effect)) {
        const fix = "use NoSchedule, PreferNoSchedule or NoExecute";
        throw new Error(`${where}: taint '${t.key}' has effect '${t.effect}' — ${fix}`);
    }
    return t.value !== undefined && t.value !== "" ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** The same taint (key and effect: Kubernetes keeps one taint per key and effect). */
export function sameTaint(a: TaintArgs, b: TaintArgs): boolean {
    return a.key === b.key && a.effect === b.effect;
}
