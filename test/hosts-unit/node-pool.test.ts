/**
 * node-pool.sh run for real with bash against a kubectl STAND-IN (test/hosts-unit/standins/
 * kubectl-pool-standin.sh: no Kubernetes API here): one server-side apply of every node's labels,
 * taints reconciled from the managed-taints annotation, nodes that left the spec drained and
 * deleted, unregistered nodes waited for. Parameters are what node-pool.ts renders.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-file";
import {
    NODE_LABELS_MANAGER,
    NODE_POOL_SCRIPT,
    nodeLabelsManifest,
    nodePoolParams,
    nodeTaintLines,
} from "../../components/clusters/ssh/node-pool";
import { renderParams } from "../../components/hosts/params";
import type { Taint } from "../../components/spec/node";
import { hostRootBash } from "./host-sandbox";

const STANDIN = path.join(__dirname, "standins/kubectl-pool-standin.sh");
const dir = mkdtempSync(path.join(tmpdir(), "continuum-node-pool-"));
copyFileSync(HOST_LIB, path.join(dir, "continuum-lib.sh"));
copyFileSync(NODE_POOL_SCRIPT, path.join(dir, "node-pool.sh"));

const nodes: { name: string; labels: Record<string, string>; taints: Taint[] }[] = [
    { name: "s1", labels: { "continuum.dev/cluster": "edge", site: "a" }, taints: [] },
    {
        name: "a1",
        labels: { "continuum.dev/cluster": "edge", site: "b" },
        taints: [{ key: "dedicated", value: "camera", effect: "NoSchedule" }],
    },
    { name: "a2", labels: { "continuum.dev/cluster": "edge", "runtime.continuum.dev/kata": "true" }, taints: [] },
];

function pool(registered: string, opts: { nodes?: typeof nodes; taints?: Record<string, string>; wait?: number } = {}) {
    const state = mkdtempSync(path.join(tmpdir(), "continuum-pool-standin-"));
    writeFileSync(path.join(state, "nodes"), registered);
    for (const [n, t] of Object.entries(opts.taints ?? {})) writeFileSync(path.join(state, `taints-${n}`), t);
    const list = opts.nodes ?? nodes;
    const params = nodePoolParams({
        cluster: "edge",
        kubectlFlavor: "kubeadm",
        nodes: list,
        taints: list,
        waitSeconds: opts.wait ?? 30,
        drainTimeoutSeconds: 90,
    });
    writeFileSync(path.join(state, "calls"), "");
    const r = spawnSync(...hostRootBash(path.join(dir, "node-pool.sh")), {
        input: renderParams({ ...params, KUBECTL_BIN: STANDIN }),
        env: { ...process.env, STANDIN_STATE: state },
        encoding: "utf8",
    });
    const read = (f: string) => {
        try {
            return readFileSync(path.join(state, f), "utf8");
        } catch {
            return "";
        }
    };
    return {
        code: r.status,
        out: r.stdout,
        err: r.stderr,
        calls: read("calls").trim().split("\n").filter(Boolean),
        applied: read("applied"),
        read,
    };
}

describe("node-pool.sh", () => {
    test(
        "every node's labels in one server-side apply under continuum's " + "field manager; taints only where wanted",
        () => {
            const r = pool("s1 edge\na1 edge\na2 edge\n");
            expect(r.err).toBe("");
            expect(r.code).toBe(0);
            expect(r.calls).toEqual([
                `apply --server-side --force-conflicts --field-manager=${NODE_LABELS_MANAGER} -f -`,
                "taint node a1 --overwrite dedicated=camera:NoSchedule",
                "annotate node a1 --overwrite continuum.dev/managed-taints=dedicated:NoSchedule",
            ]);
            expect(JSON.parse(r.applied)).toEqual(JSON.parse(nodeLabelsManifest(nodes)));
            expect(r.out).toBe("cluster edge: 3 node(s) labelled, 1 with taints, 0 removed\n");
        },
    );

    test("a second run with the same spec re-applies the labels (a no-op server side) and touches no taint", () => {
        const r = pool("s1 edge\na1 edge\na2 edge\n", { taints: { a1: "dedicated:NoSchedule" } });
        expect(r.code).toBe(0);
        expect(r.calls).toEqual([`apply --server-side --force-conflicts --field-manager=${NODE_LABELS_MANAGER} -f -`]);
    });

    test("a taint dropped from the spec is removed, and so is the annotation's record of it", () => {
        const noTaints = nodes.map((n) => ({ ...n, taints: [] }));
        const r = pool("s1 edge\na1 edge\na2 edge\n", { nodes: noTaints, taints: { a1: "dedicated:NoSchedule" } });
        expect(r.code).toBe(0);
        expect(r.calls.slice(1)).toEqual([
            "taint node a1 dedicated:NoSchedule-",
            "annotate node a1 --overwrite continuum.dev/managed-taints=",
        ]);
    });

    test(
        "a node of this cluster that left the spec is drained and deleted; " + "other clusters' nodes are left alone",
        () => {
            const r = pool("s1 edge\na1 edge\na2 edge\ngone edge\nother cloud\n");
            expect(r.code).toBe(0);
            expect(r.calls).toEqual(
                expect.arrayContaining([
                    "drain gone --ignore-daemonsets --delete-emptydir-data --force --timeout=90s",
                    "delete node gone --wait=false --ignore-not-found",
                ]),
            );
            expect(r.calls.join("\n")).not.toContain("other");
            expect(r.out).toContain("1 removed");
        },
    );

    test("waits for every node to register, then names the ones that never did", () => {
        const r = pool("s1 edge\n", { wait: 1 });
        expect(r.code).toBe(1);
        expect(r.err).toMatch(
            /timed out after 1s: 2 node\(s\) of edge never registered, e\.g\. a1,a2 — check those hosts/,
        );
        expect(r.calls).toEqual([]);
    });
});

describe("node-pool params", () => {
    test("the manifest is one line (stdin keeps it plain text), names every node, carries only labels", () => {
        const m = nodeLabelsManifest(nodes);
        expect(m).not.toContain("\n");
        expect(JSON.parse(m)).toEqual({
            apiVersion: "v1",
            kind: "List",
            items: nodes.map((n) => ({ apiVersion: "v1", kind: "Node", metadata: { name: n.name, labels: n.labels } })),
        });
        expect(nodeTaintLines(nodes)).toBe("a1 dedicated=camera:NoSchedule");
    });
});
