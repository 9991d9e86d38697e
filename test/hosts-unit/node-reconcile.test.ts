/**
 * node-reconcile.sh (a rolling upgrade's last step) run with bash against a kubectl STAND-IN
 * (test/hosts-unit/standins): a node cordoned for its upgrade is uncordoned once Ready on the
 * target version; labels and taints are not its business (node-pool.sh sets them).
 * Runs as root, or as root of a user namespace (`unshare -r`) when the tests are not root.
 */
import { nodeScript } from "./node-scripts";

const s = nodeScript("node-reconcile");

describe("node-reconcile.sh", () => {
    afterEach(() => ["annotation-cordoned-for-upgrade", "ready", "version"].forEach((f) => s.set(f, undefined)));

    test("a node that was not cordoned for an upgrade is left as it is", () => {
        const r = s.run({ TARGET_VERSION: "v1.35.1", WAIT_SECONDS: "30" });
        expect(r.code).toBe(0);
        expect(r.calls).toEqual([]);
    });

    test("a node cordoned for its upgrade is uncordoned once Ready on the target version", () => {
        s.set("annotation-cordoned-for-upgrade", "true");
        s.set("version", "v1.35.1");
        const r = s.run({ TARGET_VERSION: "v1.35.1", WAIT_SECONDS: "30" });
        expect(r.code).toBe(0);
        expect(r.calls).toEqual(["uncordon w1", "annotate node w1 continuum.dev/cordoned-for-upgrade-"]);
    });

    test("a node still on the old version after the upgrade stays cordoned and the step fails", () => {
        s.set("annotation-cordoned-for-upgrade", "true");
        s.set("version", "v1.34.4");
        const r = s.run({ TARGET_VERSION: "v1.35.1", WAIT_SECONDS: "2" });
        expect(r.code).not.toBe(0);
        expect(r.calls).toEqual([]);
        expect(r.err).toMatch(/node w1 to be Ready on v1\.35\.1/);
    });
});
