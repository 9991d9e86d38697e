/**
 * node-reconcile.sh run with bash against a kubectl STAND-IN (test/hosts-unit/standins): labels
 * and taints are reconciled both ways — what continuum set before and the spec dropped is removed.
 * Runs as root, or as root of a user namespace (`unshare -r`) when the tests are not root.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-script";
import { renderParams } from "../../components/hosts/params";

const SCRIPT = path.join(__dirname, "../../components/hosts/scripts/node-reconcile.sh");
const STANDIN = path.join(__dirname, "standins/kubectl-standin.sh");
const dir = mkdtempSync(path.join(tmpdir(), "continuum-reconcile-"));
copyFileSync(HOST_LIB, path.join(dir, "continuum-lib.sh"));
copyFileSync(SCRIPT, path.join(dir, "node-reconcile.sh"));
const state = mkdtempSync(path.join(tmpdir(), "continuum-standin-"));

function reconcile(labels: string, taints: string) {
    writeFileSync(path.join(state, "calls"), "");
    const cmd = process.getuid?.() === 0 ? ["bash"] : ["unshare", "-r", "bash"];
    const r = spawnSync(cmd[0], [...cmd.slice(1), path.join(dir, "node-reconcile.sh")], {
        input: renderParams({ KUBECTL_FLAVOR: "kubeadm", KUBECTL_BIN: STANDIN, NODE_NAME: "w1", NODE_LABELS: labels, NODE_TAINTS: taints, WAIT_SECONDS: "30" }),
        env: { ...process.env, STANDIN_STATE: state },
        encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`node-reconcile.sh failed (${r.status}): ${r.stderr}`);
    return readFileSync(path.join(state, "calls"), "utf8").trim().split("\n").filter(Boolean);
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
