/**
 * Replacing or removing control planes without losing etcd quorum (pure).
 *
 * etcd stays writable while a majority of its members answers: `quorum(n) = floor(n / 2) + 1`.
 * A change of the control-plane set is applied by `pulumi up` as joins first (new members, one at
 * a time), then removals (each etcd member removed before its host is uninstalled). While it runs,
 * a member being removed may be gone before its removal is recorded, so a change is safe only
 * when the members that stay are a quorum of the membership before the change *and* of the
 * membership at its largest (old plus new): otherwise one failure in between leaves etcd
 * without quorum. Removing two of three at once fails that test; removing one, then the next,
 * passes it.
 *
 * The init role (the node that starts the cluster and runs the cluster-wide steps) moves to the
 * first surviving control plane in spec order when its holder leaves.
 */

/** Members needed for etcd to answer. */
export function etcdQuorum(members: number): number {
    return Math.floor(members / 2) + 1;
}

/** Members etcd can lose and still answer. */
export function faultTolerance(members: number): number {
    return members - etcdQuorum(members);
}

/** A control-plane change, planned. */
export interface ControlPlaneChangePlan {
    /** Members that stay (in spec order). */
    kept: string[];
    /** Members that join (in spec order). */
    added: string[];
    /** Members that leave (in their previous order). */
    removed: string[];
    /** The node holding the init role after the change. */
    init: string;
    /** The init role moves (its previous holder leaves). */
    initMoves: boolean;
    /** The ordered actions of the change, one line each (what `preview` shows). */
    steps: string[];
    /** Why the change is refused (empty when it is safe). */
    refusal?: string;
}

/**
 * Plan the change from the control planes deployed before (`previous`, in order; empty for a new
 * cluster) to the ones the spec lists now (`next`, in order).
 */
export function planControlPlaneChange(
    cluster: string,
    previous: readonly string[],
    next: readonly string[],
): ControlPlaneChangePlan {
    const prevSet = new Set(previous);
    const nextSet = new Set(next);
    const kept = next.filter((n) => prevSet.has(n));
    const added = next.filter((n) => !prevSet.has(n));
    const removed = previous.filter((n) => !nextSet.has(n));
    const init = next[0] ?? "";
    const initMoves = previous.length > 0 && previous[0] !== init;
    const steps: string[] = [];
    if (removed.length > 0 && previous.length > 0)
        steps.push(`snapshot etcd on ${kept[0] ?? previous[0]} (backup.beforeChanges)`);
    for (const a of added) steps.push(`join ${a} as an etcd member`);
    if (initMoves) steps.push(`move the init role from ${previous[0]} to ${init}`);
    for (const r of removed)
        steps.push(`remove ${r}'s etcd member (from ${init}), then drain, delete and uninstall ${r}`);
    const plan: ControlPlaneChangePlan = { kept, added, removed, init, initMoves, steps };
    if (previous.length === 0 || removed.length === 0) return plan;
    if (next.length === 0) {
        plan.refusal =
            `cluster '${cluster}': removing every control plane ` +
            `(${removed.join(", ")}) would delete the cluster's etcd — keep at least ` +
            `one control plane, or destroy the cluster on purpose (pulumi destroy)`;
        return plan;
    }
    // Joins need a quorum of the old membership (the leaving members may already be gone); at
    // its largest, the membership needs a quorum of old and new members that stay.
    const largest = previous.length + added.length;
    if (kept.length < etcdQuorum(previous.length) || kept.length + added.length < etcdQuorum(largest)) {
        plan.refusal =
            `cluster '${cluster}': removing ${removed.length} ` +
            `of ${previous.length} control planes at once (${removed.join(", ")}) leaves ${kept.length} ` +
            `of ${previous.length} etcd members, fewer than the ${etcdQuorum(previous.length)} ` +
            `etcd needs for quorum while the change runs — do it in steps: ` +
            inSteps(previous.length, removed, added);
    }
    return plan;
}

/**
 * The sequence of `pulumi up`s that reaches the new set without losing quorum: the new members
 * first (one up), then as many removals per up as the membership at that point tolerates.
 */
function inSteps(previous: number, removed: string[], added: string[]): string {
    const out: string[] = [];
    let members = previous;
    if (added.length > 0) {
        out.push(`add ${added.join(", ")} (keep ${removed.join(", ")} in the spec) and run pulumi up`);
        members += added.length;
    }
    const left = [...removed];
    while (left.length > 0) {
        const k = Math.max(1, Math.min(left.length, faultTolerance(members)));
        const batch = left.splice(0, k);
        out.push(`remove ${batch.join(", ")} and run pulumi up`);
        members -= batch.length;
    }
    return out.map((s, i) => `${i + 1}) ${s}`).join("; ");
}
