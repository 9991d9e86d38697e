/**
 * node-reconcile.sh run with bash against a kubectl STAND-IN (test/hosts-unit/standins): labels
 * and taints are reconciled both ways — what continuum set before and the spec dropped is removed.
 * Runs as root, or as root of a user namespace (`unshare -r`) when the tests are not root.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { nodeScript } from "./node-scripts";

const s = nodeScript("node-reconcile");
const state = s.state;

function reconcile(labels: string, taints: string): string[] {
    const r = s.run({ NODE_LABELS: labels, NODE_TAINTS: taints, WAIT_SECONDS: "30" });
    if (r.code !== 0) throw new Error(`node-reconcile.sh failed (${r.code}): ${r.err}`);
    return r.calls;
}

describe("node-reconcile.sh", () => {
    test("first run sets labels and taints and records what it manages", () => {
        const calls = reconcile("site=a,zone=z1", "dedicated=cam:NoSchedule,gpu:NoExecute");
        expect(calls).toEqual([
            "label node w1 --overwrite site=a zone=z1",
            "taint node w1 --overwrite dedicated=cam:NoSchedule",
            "taint node w1 --overwrite gpu:NoExecute",
            expect.stringMatching(/^annotate node w1 --overwrite continuum\.dev\/managed-labels=(site,zone|zone,site) continuum\.dev\/managed-taints=/),
        ]);
    });

    test("labels and taints dropped from the spec are removed; kept ones stay", () => {
        const calls = reconcile("site=b", "gpu:NoExecute");
        expect(calls).toContain("label node w1 zone-");
        expect(calls).toContain("taint node w1 dedicated:NoSchedule-");
        expect(calls).toContain("label node w1 --overwrite site=b");
        expect(calls).not.toContain("label node w1 site-");
        expect(calls).not.toContain("taint node w1 gpu:NoExecute-");
        expect(readFileSync(path.join(state, "annotation-managed-labels"), "utf8")).toBe("site");
        expect(readFileSync(path.join(state, "annotation-managed-taints"), "utf8")).toBe("gpu:NoExecute");
    });

    test("an empty spec removes everything continuum set, nothing else", () => {
        const calls = reconcile("", "");
        expect(calls.filter((c) => !c.startsWith("annotate"))).toEqual(["label node w1 site-", "taint node w1 gpu:NoExecute-"]);
    });
});
