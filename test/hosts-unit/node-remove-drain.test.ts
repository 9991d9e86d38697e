import * as path from "node:path";
import { nodeScript } from "./node-scripts";

const COMMON = "--ignore-daemonsets --delete-emptydir-data --force";

describe("continuum_remove_node (node-pool.sh, for a node that left the spec)", () => {
    const s = nodeScript("remove-node-harness", path.join(__dirname, "scripts"));
    afterEach(() => ["ready", "drain-fails", "api-down", "node-absent"].forEach((f) => s.set(f, undefined)));

    test("a Ready node is drained with a timeout, then deleted", () => {
        const r = s.run({ DRAIN_TIMEOUT: "90" });
        expect(r.code).toBe(0);
        expect(r.calls).toEqual([`drain w1 ${COMMON} --timeout=90s`, "delete node w1 --wait=false --ignore-not-found"]);
    });

    test("a drain that stalls (PodDisruptionBudget) is forced without eviction, then the node is deleted", () => {
        s.set("drain-fails", "");
        const r = s.run({});
        expect(r.code).toBe(0);
        expect(r.calls).toEqual([
            `drain w1 ${COMMON} --timeout=120s`,
            `drain w1 ${COMMON} --disable-eviction --timeout=60s`,
            "delete node w1 --wait=false --ignore-not-found",
        ]);
        expect(r.err).toMatch(/did not finish in 120s/);
    });

    test("an unreachable node is drained without eviction and without waiting", () => {
        s.set("ready", "Unknown");
        const r = s.run({});
        expect(r.calls).toEqual([
            `drain w1 ${COMMON} --disable-eviction --skip-wait-for-delete-timeout=1 --timeout=60s`,
            "delete node w1 --wait=false --ignore-not-found",
        ]);
    });

    test("never blocks: no API or no Node is a warning and success", () => {
        s.set("api-down", "");
        const r = s.run({});
        expect(r).toMatchObject({ code: 0, calls: [] });
        expect(r.err).toMatch(/the API does not answer here; not draining w1/);
        s.set("api-down", undefined);
        s.set("node-absent", "");
        expect(s.run({})).toMatchObject({ code: 0, calls: [] });
    });
});

describe("node-drain.sh (rolling upgrade, step 1)", () => {
    const s = nodeScript("node-drain");

    test("a node already on the target is left alone", () => {
        s.set("version", "v1.35.1");
        expect(s.run({ TARGET_VERSION: "v1.35.1" })).toMatchObject({ code: 0, calls: [] });
    });

    test("one minor up: marked, cordoned, drained with a timeout", () => {
        s.set("version", "v1.34.4");
        const r = s.run({ TARGET_VERSION: "v1.35.1", DRAIN_TIMEOUT: "300" });
        expect(r.code).toBe(0);
        expect(r.calls).toEqual([
            "annotate node w1 --overwrite continuum.dev/cordoned-for-upgrade=true",
            "cordon w1",
            `drain w1 ${COMMON} --timeout=300s`,
        ]);
    });

    test("a skipped minor is refused before anything is touched", () => {
        s.set("version", "v1.33.9");
        const r = s.run({ TARGET_VERSION: "v1.35.1" });
        expect(r.code).toBe(1);
        expect(r.calls).toEqual([]);
        expect(r.err).toMatch(
            new RegExp(
                /node w1 runs v1\.33\.9; v1\.35\.1 skips /.source +
                    /a minor version — upgrade one minor at a time: first to 1\.34\.x/.source,
            ),
        );
    });

    test("a drain that does not finish stops the upgrade of that node, which stays cordoned", () => {
        s.set("version", "v1.34.4");
        s.set("drain-fails", "");
        const r = s.run({ TARGET_VERSION: "v1.35.1" });
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/the node stays cordoned and is not upgraded — find the pods that cannot be evicted/);
    });
});
