// Engine tier, issue 20: the component package used from Pulumi YAML. A YAML program that adds
// components/package with `pulumi package add` and declares the default lab continuum (the spec of
// stacks/Pulumi.lab.yaml as the Continuum's `spec`) previews with the policy pack and declares the
// same resources, type by type, as the TypeScript program (index.ts) previewing the lab stack —
// plus exactly the one the package adds: the package's Continuum component, which wraps the
// toolkit's (a component package's provider is no resource of the program).
import * as fs from "node:fs";
import * as path from "node:path";
import { requireToolchain } from "../../scripts/toolchain-env";
import {
    countsByType,
    preview,
    ROOT,
    stackSpec,
    typeOf,
    typescriptProject,
    yamlProject,
    type Preview,
} from "./component-package-project";

const STACK_FILE = "Pulumi.lab.yaml";

let yaml: Preview;
let ts: Preview;
let packageAddSeconds: number;
let sdkFiles: string[];

beforeAll(() => {
    requireToolchain(ROOT, [
        "pulumi",
        "pulumi-language-nodejs",
        "pulumi-language-yaml",
        "pulumi-resource-kubernetes",
        "pulumi-resource-command",
        "pulumi-resource-tls",
        "pulumi-resource-random",
    ]);
    const y = yamlProject("continuum-yaml-lab", {
        resources: { continuum: { type: "continuum:Continuum", properties: { spec: stackSpec(STACK_FILE) } } },
        outputs: { clusters: "${continuum.clusters}", kubeconfigs: "${continuum.kubeconfigs}" },
    });
    const t = typescriptProject(STACK_FILE);
    try {
        packageAddSeconds = y.packageAddSeconds;
        sdkFiles = fs.readdirSync(path.join(y.dir, "sdks", "continuum"));
        yaml = preview(y, "lab");
        ts = preview(t, "lab");
    } finally {
        y.cleanup();
        t.cleanup();
    }
    console.log(
        `component package: package add ${packageAddSeconds.toFixed(1)} ` +
            `s, YAML preview ${yaml.seconds.toFixed(1)} s, TypeScript preview ${ts.seconds.toFixed(1)} s`,
    );
}, 1_800_000);

it("pulumi package add writes the package's YAML SDK (the package declaration)", () => {
    expect(sdkFiles).toEqual(["continuum-0.1.0.yaml"]);
});

it("the YAML program previews the lab with the policy pack and no mandatory violation", () => {
    if (yaml.status !== 0) throw new Error(`YAML preview failed (exit ${yaml.status}):\n${yaml.output}`);
    expect(yaml.output).not.toMatch(/\[mandatory\]/);
    if (ts.status !== 0) throw new Error(`TypeScript preview failed (exit ${ts.status}):\n${ts.output}`);
});

it("declares the same resources by type as the TypeScript program, plus the package's Continuum", () => {
    const expected = countsByType(ts.steps);
    expected["continuum:index:Continuum"] = (expected["continuum:index:Continuum"] ?? 0) + 1;
    expect(countsByType(yaml.steps)).toEqual(expected);
    expect(yaml.steps.length).toBeGreaterThan(50);
});

it("nests the toolkit's Continuum under the package's, so every other resource keeps its place", () => {
    const continuums = yaml.steps
        .filter((s) => typeOf(s) === "continuum:index:Continuum")
        .map((s) => s.urn.split("::")[2]);
    expect(continuums.sort()).toEqual([
        "continuum:index:Continuum",
        "continuum:index:Continuum$continuum:index:Continuum",
    ]);
});
