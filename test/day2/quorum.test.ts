import { etcdQuorum, faultTolerance, planControlPlaneChange } from "../../components/day2/quorum";

describe("etcd quorum", () => {
    it("is a majority of the members", () => {
        expect([1, 2, 3, 4, 5, 7].map(etcdQuorum)).toEqual([1, 2, 2, 3, 3, 4]);
        expect([1, 3, 5].map(faultTolerance)).toEqual([0, 1, 2]);
    });
});

describe("control-plane changes", () => {
    it("a new cluster is planned as joins, nothing refused", () => {
        const p = planControlPlaneChange("c", [], ["a", "b", "c"]);
        expect(p).toMatchObject({ added: ["a", "b", "c"], removed: [], init: "a", initMoves: false });
        expect(p.refusal).toBeUndefined();
    });

    it("removing one of three is allowed, with a snapshot first and the member removed before the host", () => {
        const p = planControlPlaneChange("c", ["a", "b", "c"], ["a", "b"]);
        expect(p.refusal).toBeUndefined();
        expect(p.steps).toEqual([
            "snapshot etcd on a (backup.beforeChanges)",
            "remove c's etcd member (from a), then drain, delete and uninstall c",
        ]);
    });

    it("removing the first control plane moves the init role to the first survivor", () => {
        const p = planControlPlaneChange("c", ["a", "b", "c"], ["b", "c"]);
        expect(p).toMatchObject({ init: "b", initMoves: true, removed: ["a"] });
        expect(p.refusal).toBeUndefined();
        expect(p.steps).toContain("move the init role from a to b");
    });

    it("replacing one of three (the first included) in one up is allowed", () => {
        const p = planControlPlaneChange("c", ["a", "b", "c"], ["b", "c", "d"]);
        expect(p.refusal).toBeUndefined();
        expect(p.steps).toEqual([
            "snapshot etcd on b (backup.beforeChanges)",
            "join d as an etcd member",
            "move the init role from a to b",
            "remove a's etcd member (from b), then drain, delete and uninstall a",
        ]);
    });

    it("removing two of three at once is refused, naming the steps that do it", () => {
        const p = planControlPlaneChange("edge", ["a", "b", "c"], ["a"]);
        expect(p.refusal).toBe(
            "cluster 'edge': removing 2 of 3 control planes at once (b, " +
                "c) leaves 1 of 3 etcd members, fewer than the 2 etcd needs for quorum while " +
                "the change runs — do it in steps: 1) remove b and run pulumi up; 2) remove " +
                "c and run pulumi up",
        );
    });

    it("replacing two of three at once is refused: the joins need a quorum the leaving members may not give", () => {
        const p = planControlPlaneChange("edge", ["a", "b", "c"], ["a", "d", "e"]);
        expect(p.refusal).toContain(
            "do it in steps: 1) add d, e (keep b, c in the spec) and run pulumi up; 2) remove b, c and run pulumi up",
        );
    });

    it("removing two of five at once is allowed; three of five is not", () => {
        expect(planControlPlaneChange("c", ["a", "b", "c", "d", "e"], ["a", "b", "c"]).refusal).toBeUndefined();
        expect(planControlPlaneChange("c", ["a", "b", "c", "d", "e"], ["a", "b"]).refusal).toContain(
            "1) remove c, d and run pulumi up; 2) remove e and run pulumi up",
        );
    });

    it("removing every control plane is refused", () => {
        expect(planControlPlaneChange("c", ["a"], []).refusal).toBe(
            "cluster 'c': removing every control plane (a) would delete " +
                "the cluster's etcd — keep at least one control plane, or destroy the cluster " +
                "on purpose (pulumi destroy)",
        );
    });
});
