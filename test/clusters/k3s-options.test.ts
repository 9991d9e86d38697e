import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumi-mocks";
import { healthyFacts, NODE_KUBECONFIG, sshSpec } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

const mocks = installMocks((r) => {
    if (r.type !== "command:local:Command") return {};
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { K3sCluster } from "../../components/clusters/k3s/k3s-cluster";
import { failingRules, preflightRules } from "../../components/hosts/preflight-rules";
import { parseFacts } from "../../components/hosts/params";
import { k3sPreflight } from "../../components/clusters/k3s/k3s-preflight";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { defaultBundleDir } from "../../components/hosts/node-bundle";
import { plain } from "../hosts-unit/recorded";

describe("K3sCluster options", () => {
    const airgap = standInAirgap();
    beforeAll(async () => {
        await new K3sCluster("edge-a", {
            spec: sshSpec("k3s", (raw) => {
                raw.airgap = { artifactDir: airgap.artifactDir };
            }),
            cluster: "edge-a",
            joinToken: pulumi.secret("given-join-token"),
            skipPreflightChecks: ["cgroups"],
            manageNodes: false,
        }).nodesDeclared;
        for (let i = 0; i < 6; i++) await mocks.settle();
    });
    afterAll(() => airgap.cleanup());

    test("a given join token replaces the generated one and stays secret", () => {
        expect(mocks.ofType("random:index/randomPassword:RandomPassword")).toEqual([]);
        const run = mocks.ofType("command:local:Command").find((c) => c.name === "edge-a-edge-a-s1-converge")!;
        expect(parseConvergeInput(plain<string>(run.inputs.stdin)).steps["k3s-install.sh"].K3S_TOKEN).toBe(
            "given-join-token",
        );
    });

    test("manageNodes: false declares no lifecycle steps and no pool step", () => {
        expect(
            mocks
                .ofType("command:local:Command")
                .filter((c) => c.name.includes("-lifecycle-") || c.name.startsWith("edge-a-nodes")),
        ).toEqual([]);
    });

    test(
        "a skipped check is only reported by the node's preflight gate; " +
            "without the skip it fails naming the check",
        async () => {
            const converge = mocks.ofType("command:local:Command").find((c) => c.name === "edge-a-edge-a-a2-converge")!;
            const bundle = plain<Record<string, string>>(converge.inputs.environment).CONTINUUM_BUNDLE;
            const rules = fs
                .readFileSync(path.join(defaultBundleDir(), bundle, "preflight-rules.tsv"), "utf8")
                .trim()
                .split("\n");
            expect(rules.filter((l) => l.startsWith("warn\t")).map((l) => l.split("\t")[1])).toEqual([
                "cgroups",
                "cgroups",
            ]);
            const node = sshSpec("k3s").clusters[0].nodes[0];
            const facts = parseFacts(healthyFacts().replace("cgroup_fs=cgroup2fs", "cgroup_fs=tmpfs"));
            const req = k3sPreflight(node, true, true, true);
            expect(failingRules(facts, preflightRules(req, ["cgroups"])).map((r) => [r.check, r.mode])).toEqual([
                ["cgroups", "warn"],
            ]);
            expect(failingRules(facts, preflightRules(req)).map((r) => [r.check, r.mode])).toEqual([
                ["cgroups", "enforce"],
            ]);
        },
    );
});
