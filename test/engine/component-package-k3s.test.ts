// Engine tier, issue 20: the component package's pieces wired by hand from Pulumi YAML — a
// K3sCluster over SSH, a RuntimeCatalog and Akri on it: examples/yaml/k3s/Pulumi.yaml. The add-ons get the cluster as
// plain data
// (a YAML variable) and its kubeconfig as the cluster's secret output; the SSH key is a secret
// config value. The preview (policy pack enforced) declares the cluster per node, the RuntimeClass,
// Akri's chart and Configuration, gives each add-on's provider the cluster's own stable identity,
// and never shows the key.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { requireToolchain } from "../../scripts/toolchain-env";
import { nameOf, preview, ROOT, typeOf, yamlProject, type Preview } from "./component-package-project";

/** examples/yaml/k3s/Pulumi.yaml without its `packages:` (the test adds the package by absolute path). */
function exampleProgram(): { name: string; program: Record<string, unknown>; nodes: { name: string }[] } {
    const doc = YAML.parse(
        fs.readFileSync(path.join(ROOT, "examples", "yaml", "k3s", "Pulumi.yaml"), "utf8"),
    ) as Record<string, unknown>;
    const { name, packages: _packages, runtime: _runtime, ...program } = doc;
    const nodes = (doc.variables as { edgeA: { nodes: { name: string }[] } }).edgeA.nodes;
    return { name: name as string, program, nodes };
}
const EXAMPLE = exampleProgram();
const NODES = EXAMPLE.nodes;

let result: Preview;
let privateKey: string;

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
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-key-"));
    execFileSync("ssh-keygen", [
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "continuum-test-throwaway",
        "-f",
        path.join(keyDir, "key"),
    ]);
    privateKey = fs.readFileSync(path.join(keyDir, "key"), "utf8");
    fs.rmSync(keyDir, { recursive: true, force: true });
    const p = yamlProject(EXAMPLE.name, EXAMPLE.program);
    try {
        result = preview(p, "dev", { sshPrivateKey: privateKey });
    } finally {
        p.cleanup();
    }
    console.log(
        `component package (K3s + RuntimeCatalog + Akri from YAML): package ` +
            `add ${p.packageAddSeconds.toFixed(1)} s, preview ${result.seconds.toFixed(1)} s`,
    );
}, 1_800_000);

it("previews with the policy pack and no mandatory violation", () => {
    if (result.status !== 0) throw new Error(`preview failed (exit ${result.status}):\n${result.output}`);
    expect(result.output).not.toMatch(/\[mandatory\]/);
});

it("declares the K3s cluster over SSH, a resource for each node", () => {
    expect(result.steps.filter((s) => typeOf(s) === "continuum:index:K3sCluster").map(nameOf)).toEqual([
        "edge-a",
        "edge-a",
    ]);
    const names = result.steps.map(nameOf);
    for (const n of NODES) expect(names.some((x) => x.includes(n.name))).toBe(true);
});

it("declares crun's RuntimeClass (K3s ships it: patched) and Akri's chart and Configuration", () => {
    const rcs = result.steps.filter((s) => /^kubernetes:node\.k8s\.io\/v1:RuntimeClass(Patch)?$/.test(typeOf(s)));
    expect(rcs.length).toBe(1);
    expect(
        result.steps.filter(
            (s) => typeOf(s) === "kubernetes:helm.sh/v3:Release" && s.urn.includes("continuum:index:Akri"),
        ).length,
    ).toBe(1);
    expect(result.steps.filter((s) => typeOf(s) === "kubernetes:akri.sh/v0:Configuration").map(nameOf)).toEqual([
        expect.stringContaining("cameras-usb"),
    ]);
});

it("gives every add-on's provider the cluster's own stable identity", () => {
    const providers = result.steps.filter((s) => typeOf(s) === "pulumi:providers:kubernetes");
    const ids = providers.map((s) => s.newState?.inputs?.clusterIdentifier);
    expect(providers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids)).toEqual(new Set(["edge-a-ssh"]));
});

it("never shows the SSH private key", () => {
    const body = privateKey.split("\n").filter((l) => l.length > 0 && !l.startsWith("-----"))[0];
    expect(body.length).toBeGreaterThan(20);
    expect(result.stdout.includes(body)).toBe(false);
    expect(result.output.includes(body)).toBe(false);
});
