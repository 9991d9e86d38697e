import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumi-mocks";
import { healthyFacts, NODE_KUBECONFIG, sshSpec } from "../hosts-unit/ssh-fixtures";

// Hosts that boot hybrid cgroups: the cgroups check fails unless skipped.
const mocks = installMocks((r) => {
    if (r.type !== "command:remote:Command") return {};
    if (r.name.endsWith("-preflight-run-run")) return { stdout: healthyFacts(r.name.includes("-s2-") ? "aarch64" : "x86_64").replace("cgroup_fs=cgroup2fs", "cgroup_fs=tmpfs") };
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { K3sCluster } from "../../components/clusters/k3s/k3s-cluster";
import { preflightVerdict } from "../../components/hosts/host-preflight";
import { k3sPreflight } from "../../components/clusters/k3s/k3s-preflight";
import { parseParams } from "../../components/hosts/params";
import { plain } from "../hosts-unit/recorded";

describe("K3sCluster options", () => {
    beforeAll(async () => {
        new K3sCluster("edge-a", {
            spec: sshSpec("k3s"), cluster: "edge-a",
            joinToken: pulumi.secret("given-join-token"), skipPreflightChecks: ["cgroups"], manageNodes: false,
        });
        for (let i = 0; i < 6; i++) await mocks.settle();
    });

    test("a given join token replaces the generated one and stays secret", () => {
        expect(mocks.ofType("random:index/randomPassword:RandomPassword")).toEqual([]);
        const run = mocks.ofType("command:remote:Command").find((c) => c.name === "edge-a-edge-a-s1-k3s-run")!;
        expect(parseParams(plain<string>(run.inputs.stdin)).K3S_TOKEN).toBe("given-join-token");
    });

    test("manageNodes: false declares no lifecycle steps", () => {
        expect(mocks.ofType("command:remote:Command").filter((c) => c.name.includes("-lifecycle-"))).toEqual([]);
    });

    test("a skipped check lets the install proceed; without the skip it fails naming the check", () => {
        expect(mocks.ofType("command:remote:Command").some((c) => c.name === "edge-a-edge-a-a2-k3s-run")).toBe(true);
        const node = sshSpec("k3s").clusters[0].nodes[0];
        const facts = healthyFacts().replace("cgroup_fs=cgroup2fs", "cgroup_fs=tmpfs");
        const req = k3sPreflight(node, true, true, true);
        expect(preflightVerdict(facts, req, ["cgroups"])).toMatchObject({ failures: [], skipped: [{ check: "cgroups" }] });
        expect(preflightVerdict(facts, req, []).failures.map((f) => f.check)).toEqual(["cgroups"]);
    });
});
