import { readFileSync } from "node:fs";
import * as path from "node:path";
import { allPolicies, policyGroups } from "../../policies/pack";

const DOC = readFileSync(path.join(__dirname, "..", "..", "docs", "policies.md"), "utf8");

describe("the policy pack", () => {
    it("has the groups the continuum needs, each with policies", () => {
        expect(Object.keys(policyGroups)).toEqual([
            "secrets",
            "ssh",
            "versions",
            "mesh",
            "runtimes",
            "edge",
            "kubeedge",
            "certificates",
        ]);
        expect(Object.values(policyGroups).every((p) => p.length > 0)).toBe(true);
    });

    it("names every policy uniquely in kebab-case, with a description and an enforcement level", () => {
        const names = allPolicies.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const p of allPolicies) {
            expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
            expect(p.description.length).toBeGreaterThan(60);
            expect(["mandatory", "advisory"]).toContain(p.enforcementLevel);
            expect(p.remediationSteps).toBeTruthy();
        }
    });

    it("keeps advisory exactly the policies the issue makes advisory", () => {
        const advisory = allPolicies
            .filter((p) => p.enforcementLevel === "advisory")
            .map((p) => p.name)
            .sort();
        expect(advisory).toEqual([
            "certificate-expiry",
            "container-image-pinned",
            "edge-workload-limits",
            "privileged-only-system-namespaces",
        ]);
    });

    it("gives every config knob a default and a description (no enforcementLevel knob)", () => {
        for (const p of allPolicies) {
            for (const [knob, schema] of Object.entries(p.configSchema?.properties ?? {})) {
                expect({
                    policy: p.name,
                    knob,
                    hasDefault: schema.default !== undefined,
                    hasDescription: !!schema.description,
                }).toEqual({ policy: p.name, knob, hasDefault: true, hasDescription: true });
                expect(knob).not.toBe("enforcementLevel");
            }
        }
    });

    it("is documented: every policy and knob has a row in docs/policies.md", () => {
        for (const p of allPolicies) {
            expect(DOC).toContain(`| \`${p.name}\``);
            for (const knob of Object.keys(p.configSchema?.properties ?? {}))
                expect({ policy: p.name, knob, documented: DOC.includes(`\`${knob}\``) }).toEqual({
                    policy: p.name,
                    knob,
                    documented: true,
                });
        }
    });
});
