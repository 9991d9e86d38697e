/**
 * Every stack in stacks/ passes the pack: its program runs under capturing mocks (inputs,
 * providers, resource options, property dependencies as the engine would hand them over) and
 * every policy runs over what it declared. No mandatory violation may be reported; advisory
 * ones are listed in the failure message of the one test that prints them.
 * The engine tier repeats this with the real CLI (test/engine/policies.test.ts).
 */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { captureProgram } from "./capture";
import { kwokKubeconfig } from "../clusters/sim-fixtures";

// Mocks first: components register resources as they are constructed.
const program = captureProgram((r) => {
    if (r.type === "command:local:Command") {
        const port = /API_PORT=(\d+)/.exec(String(r.inputs.stdin))?.[1] ?? "6443";
        return { stdout: kwokKubeconfig(r.name.replace(/-control-plane$/, ""), Number(port)), stderr: "" };
    }
    return {};
});

import { allPolicies } from "../../policies/pack";
import { Continuum } from "../../components/continuum";
import { parseSpecOrThrow } from "../../components/spec/parse";
import { readStackSpec } from "../../components/spec/stack-file";
import { runResourcePolicy, runStackPolicy, type StackResourceSpec } from "./harness";

const STACKS = path.join(__dirname, "..", "..", "stacks");
const stackFiles = readdirSync(STACKS).filter((f) => /^Pulumi\..+\.yaml$/.test(f));

interface Reported { policy: string; level: string; message: string }

async function runPack(specs: StackResourceSpec[], outputsUnknown: boolean): Promise<Reported[]> {
    const out: Reported[] = [];
    for (const p of allPolicies) {
        const level = p.enforcementLevel ?? "mandatory";
        if ("validateStack" in p) for (const v of await runStackPolicy(p, specs, {}, { outputsUnknown })) out.push({ policy: p.name, level, message: v.message });
        else for (const s of specs) for (const m of await runResourcePolicy(p, s)) out.push({ policy: p.name, level, message: m });
    }
    return out;
}

afterAll(() => program.restore());

describe.each(stackFiles)("%s under the policy pack", (file) => {
    let specs: StackResourceSpec[];
    let reported: Reported[];
    let reportedFirstPreview: Reported[];

    beforeAll(async () => {
        program.captured.length = 0;
        new Continuum("continuum", { spec: parseSpecOrThrow(readStackSpec(path.join(STACKS, file))) });
        await program.settle();
        specs = program.specs();
        reported = await runPack(specs, false);
        reportedFirstPreview = await runPack(specs, true);
    });

    it("declares what the policies look at (providers, charts, RuntimeClasses)", () => {
        const types = new Set(specs.map((s) => s.type));
        expect(types).toContain("pulumi:providers:kubernetes");
        expect(types).toContain("kubernetes:helm.sh/v3:Release");
        expect([...types].some((t) => t.startsWith("kubernetes:node.k8s.io/v1:RuntimeClass"))).toBe(true);
    });

    it("reports no mandatory violation, at the first preview (outputs unknown) or later", () => {
        expect(reported.filter((r) => r.level === "mandatory")).toEqual([]);
        expect(reportedFirstPreview.filter((r) => r.level === "mandatory")).toEqual([]);
    });
});
