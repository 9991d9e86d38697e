// Engine tier: `pulumi preview` of stacks/Pulumi.baremetal.yaml (airgap artifacts and images) with
// stand-in airgap directories (test/helpers/airgap-stand-ins.ts) from which one image archive is
// missing: the preview fails before any resource is declared, naming the image and the file expected.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LAB_PASSPHRASE, requireToolchain, toolchainEnv } from "../../scripts/toolchain-env";
import { readStackSpec } from "../../components/spec";
import { writeStandInAirgap } from "../helpers/airgap-stand-ins";

const ROOT = path.resolve(__dirname, "..", "..");
const STACK = "Pulumi.baremetal.yaml";
const MISSING = "registry.k8s.io_kube-apiserver_v1.36.3-amd64.tar";

beforeAll(() => {
    requireToolchain(ROOT, [
        "pulumi",
        "pulumi-language-nodejs",
        "pulumi-resource-kubernetes",
        "pulumi-resource-command",
        "pulumi-resource-tls",
        "pulumi-resource-random",
    ]);
});

test("a missing image archive fails the preview before any resource is declared, naming the image and the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-engine-airgap-"));
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-engine-airgap-state-"));
    try {
        for (const f of [
            "index.ts",
            "components",
            "node_modules",
            "package.json",
            "tsconfig.json",
            "tsconfig.program.json",
            "Pulumi.yaml",
        ]) {
            fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
        }
        fs.mkdirSync(path.join(dir, "stacks"));
        fs.copyFileSync(path.join(ROOT, "stacks", STACK), path.join(dir, "stacks", STACK));
        const shape = JSON.parse(
            JSON.stringify(readStackSpec(path.join(ROOT, "stacks", STACK)), (_k, v) =>
                v &&
                typeof v === "object" &&
                !Array.isArray(v) &&
                typeof v.secure === "string" &&
                Object.keys(v).length === 1
                    ? "redacted-for-shape"
                    : v,
            ),
        );
        writeStandInAirgap(shape, dir);
        fs.rmSync(path.join(dir, "airgap", "images", MISSING));
        const env = toolchainEnv(ROOT, { backendDir: backend, passphrase: LAB_PASSPHRASE });
        const run = (args: string[]) =>
            spawnSync("pulumi", args, {
                cwd: dir,
                env,
                encoding: "utf8",
                maxBuffer: 64 * 1024 * 1024,
                timeout: 900_000,
            });
        const init = run(["stack", "init", "baremetal", "--secrets-provider", "passphrase", "--non-interactive"]);
        if (init.status !== 0) throw new Error(`pulumi stack init failed:\n${init.stdout}\n${init.stderr}`);
        const r = run([
            "preview",
            "--stack",
            "baremetal",
            "--policy-pack",
            path.join(ROOT, "policies"),
            "--json",
            "--non-interactive",
        ]);
        const out = `${r.stdout}\n${r.stderr}`;
        expect(r.status).not.toBe(0);
        expect(out).toContain(
            `registry.k8s.io/kube-apiserver:v1.36.3 (amd64, node 'cloud-cp-1'): ${MISSING} is not in airgap/images`,
        );
        expect(out).toContain("nothing was touched");
        let steps: { op: string; urn: string }[] = [];
        try {
            steps = (JSON.parse(r.stdout) as { steps?: { op: string; urn: string }[] }).steps ?? [];
        } catch {
            // not JSON (the program failed): no steps
        }
        // nothing but the stack and the Continuum component itself
        expect(steps.filter((s) => !/::pulumi:pulumi:Stack::|::continuum:index:Continuum::/.test(s.urn))).toEqual([]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(backend, { recursive: true, force: true });
    }
}, 900_000);
