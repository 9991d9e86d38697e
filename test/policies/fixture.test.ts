/**
 * The broken fixture, checked without the engine: its program runs under recording mocks,
 * and every policy of the pack runs over what it declared. The policies that report must be
 * exactly the ones the fixture claims to break (test/fixtures/policy-violations/expected.ts),
 * the same list the engine test expects from the real `pulumi preview --policy-pack`.
 * (Mocks do not carry resource options or property dependencies; the engine test does.)
 */
import { allPolicies } from "../../policies/pack";
import { EXPECTED_ADVISORY, EXPECTED_MANDATORY } from "../fixtures/policy-violations/expected";
import { installMocks, type RecordedResource } from "../helpers/pulumi-mocks";
import { runResourcePolicy, runStackPolicy, type StackResourceSpec } from "./harness";

const mocks = installMocks();

function asSpec(r: RecordedResource): StackResourceSpec {
    const provider = r.provider
        ? {
              type: r.provider.split("::")[2],
              name: r.provider.split("::")[3],
              urn: r.provider.split("::").slice(0, 4).join("::"),
              props: {},
          }
        : undefined;
    return { type: r.type, name: r.name, props: r.inputs, provider };
}

describe("the policy-violations fixture", () => {
    let reported: Map<string, string[]>;

    beforeAll(async () => {
        await import("../fixtures/policy-violations");
        await mocks.settle();
        const specs = mocks.recorded.map(asSpec);
        reported = new Map();
        for (const p of allPolicies) {
            const messages: string[] = [];
            // As the engine runs a first preview: the clusters' providers are not configured, outputs are empty.
            if ("validateStack" in p)
                messages.push(...(await runStackPolicy(p, specs, {}, { outputsUnknown: true })).map((v) => v.message));
            else for (const s of specs) messages.push(...(await runResourcePolicy(p, s)));
            if (messages.length > 0) reported.set(p.name, messages);
        }
    });

    it("declares the resources the policies look at", () => {
        const types = new Set(mocks.recorded.map((r) => r.type));
        for (const t of [
            "command:local:Command",
            "command:remote:Command",
            "pulumi:providers:kubernetes",
            "kubernetes:helm.sh/v3:Release",
            "kubernetes:node.k8s.io/v1:RuntimeClass",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:apps/v1:DaemonSetPatch",
        ]) {
            expect(types).toContain(t);
        }
    });

    it("breaks exactly the policies it claims to, mandatory and advisory", () => {
        expect([...reported.keys()].sort()).toEqual([...EXPECTED_MANDATORY, ...EXPECTED_ADVISORY].sort());
        const levels = new Map(allPolicies.map((p) => [p.name, p.enforcementLevel]));
        expect(EXPECTED_MANDATORY.every((n) => levels.get(n) === "mandatory")).toBe(true);
        expect(EXPECTED_ADVISORY.every((n) => levels.get(n) === "advisory")).toBe(true);
    });

    it("names the offending resources", () => {
        expect(reported.get("runtimeclass-declared")).toEqual([
            expect.stringContaining("Deployment 'sensor-reader' uses runtimeClassName 'kata-qemu'"),
        ]);
        expect(reported.get("cilium-cluster-identity")?.join("\n")).toContain(
            "cluster.id 1, already used by 'cilium-cloud'",
        );
        expect(reported.get("kubeedge-cloud-daemonsets-exclude-edge")?.join("\n")).toContain(
            "DaemonSetPatch 'kube-proxy'",
        );
        expect(reported.get("helm-release-version-pinned")).toEqual([
            expect.stringContaining("chart 'akri' of 'akri' pins no version"),
        ]);
    });
});
