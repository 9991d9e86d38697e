// Engine tier: the real Pulumi CLI (offline toolchain, local file backend) runs
// `pulumi preview --policy-pack policies` on the deliberately broken fixture. The pack must
// load, the preview must fail, and it must name exactly the policies the fixture breaks
// (test/fixtures/policy-violations/expected.ts), mandatory and advisory.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { requireToolchain, toolchainEnv } from "../../scripts/toolchain-env";
import { EXPECTED_ADVISORY, EXPECTED_MANDATORY } from "../fixtures/policy-violations/expected";

const ROOT = path.resolve(__dirname, "..", "..");
const PACK = path.join(ROOT, "policies");
const FIXTURE = path.join(ROOT, "test", "fixtures", "policy-violations");
/** The passphrase whose salt test/fixtures/policy-violations/Pulumi.broken.yaml carries. */
const PASSPHRASE = "policy-fixture";

const packVersion = (JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as { version: string })
    .version;

let env: NodeJS.ProcessEnv;
let backend: string;
let preview: { status: number | null; output: string };

function pulumi(args: string[]): { status: number | null; output: string } {
    const r = spawnSync("pulumi", args, {
        cwd: FIXTURE,
        env,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        timeout: 540_000,
    });
    if (r.error) throw new Error(`pulumi ${args.join(" ")}: ${r.error.message}`);
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** Policy names the CLI lists under "Policies:" at one enforcement level (`- [mandatory]  name  (type: resource)`). */
function reported(output: string, level: "mandatory" | "advisory"): string[] {
    const names = [...output.matchAll(new RegExp(`\\[${level}\\]\\s+([a-z0-9-]+)\\s`, "g"))].map((m) => m[1]);
    return [...new Set(names)].sort();
}

beforeAll(() => {
    requireToolchain(ROOT, [
        "pulumi",
        "pulumi-language-nodejs",
        "pulumi-resource-kubernetes",
        "pulumi-resource-command",
    ]);
    try {
        require.resolve("@pulumi/policy", { paths: [PACK] });
    } catch {
        throw new Error("@pulumi/policy is not installed — run `npm ci` at the root (policies/ is an npm workspace)");
    }
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-policies-"));
    env = { ...toolchainEnv(ROOT, { backendDir: backend }), PULUMI_CONFIG_PASSPHRASE: PASSPHRASE };
    delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
    const init = pulumi(["stack", "init", "broken", "--secrets-provider", "passphrase", "--non-interactive"]);
    if (init.status !== 0) throw new Error(`pulumi stack init broken failed:\n${init.output}`);
    preview = pulumi(["preview", "--stack", "broken", "--policy-pack", PACK, "--non-interactive", "--color", "never"]);
}, 600_000);

afterAll(() => {
    if (backend) fs.rmSync(backend, { recursive: true, force: true });
});

describe("pulumi preview --policy-pack policies on the broken fixture", () => {
    it("loads the pack (name and version from policies/package.json)", () => {
        expect(preview.output).not.toMatch(/policy pack .* failed to start/);
        expect(preview.output).toContain(`continuum@v${packVersion}`);
    });

    it("fails the preview", () => {
        expect(preview.status).not.toBe(0);
        expect(preview.output).toContain("error: preview failed");
    });

    it("names exactly the mandatory policies the fixture breaks", () => {
        expect(reported(preview.output, "mandatory")).toEqual([...EXPECTED_MANDATORY].sort());
    });

    it("names exactly the advisory policies the fixture breaks", () => {
        expect(reported(preview.output, "advisory")).toEqual([...EXPECTED_ADVISORY].sort());
    });

    it("runs every policy during preview (none downgraded for unknown values)", () => {
        expect(preview.output).not.toContain("can't run policy");
    });
});
