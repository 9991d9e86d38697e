/**
 * continuum-lib.sh's etcd quorum guard (run by k3s- and kubeadm-etcd-quorum-guard.sh), run for
 * real with bash: it refuses exactly the changes day2/quorum.ts refuses, and names the cluster,
 * the leaving members and the fix.
 */
import { spawnSync } from "node:child_process";
import { HOST_LIB } from "../../components/hosts/host-file";
import { planControlPlaneChange } from "../../components/day2/quorum";

/** The guard with the live members `members` and the spec's control planes `wanted`. */
function guard(members: string[], wanted: string[]) {
    const r = spawnSync(
        "bash",
        ["-c", 'set -euo pipefail; source "$1"; continuum_etcd_quorum_guard edge "$2" "$3" server', "t"].concat([
            HOST_LIB,
            members.map((m) => `${m}\n`).join(""),
            wanted.join(","),
        ]),
        { encoding: "utf8" },
    );
    return { code: r.status, out: r.stdout, err: r.stderr };
}

const CASES: [string[], string[]][] = [
    [
        ["a", "b", "c"],
        ["a", "b", "c"],
    ],
    [
        ["a", "b", "c"],
        ["a", "b"],
    ],
    [["a", "b", "c"], ["a"]],
    [["a", "b", "c"], ["c"]],
    [
        ["a", "b", "c"],
        ["a", "d", "e"],
    ],
    [
        ["a", "b", "c"],
        ["a", "b", "c", "d", "e"],
    ],
    [["a", "b"], ["a"]],
    [
        ["a", "b", "c", "d", "e"],
        ["a", "b", "c"],
    ],
    [
        ["a", "b", "c", "d", "e"],
        ["a", "b"],
    ],
    [["a"], ["a", "b", "c"]],
    [
        ["a", "b", "c"],
        ["b", "c", "d"],
    ],
];

describe("continuum_etcd_quorum_guard", () => {
    test.each(CASES)("members %j, spec %j: the same verdict as planControlPlaneChange", (members, wanted) => {
        const refused = planControlPlaneChange("edge", members, wanted).refusal !== undefined;
        const r = guard(members, wanted);
        expect({ code: r.code, refused }).toEqual({ code: refused ? 1 : 0, refused });
        if (!refused) expect(r.out).toMatch(/^cluster edge: \d+ etcd members, .* — quorum kept\n$/);
    });

    test("a refusal names the cluster, the leaving members and how many may go per pulumi up", () => {
        const r = guard(["a", "b", "c"], ["a"]);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/cluster edge: removing 2 of 3 control planes at once \(b, c\) leaves 1 of 3/);
        expect(r.err).toMatch(/remove at most 1 server\(s\) per pulumi up/);
    });

    test("duplicate and empty member lines count once", () => {
        const r = guard(["a", "a", "", "b", "c"], ["a", "b"]);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/3 etcd members, 2 stay, 0 join, 1 leave/);
    });
});
