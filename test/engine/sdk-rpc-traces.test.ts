// Engine tier: quietSdkRpcTraces under the real CLI. `pulumi preview --debug` of a one-resource
// program shows the program's own debug message but not the SDK's per-resource RPC traces;
// with CONTINUUM_SDK_RPC_TRACES=1 the traces are back. (The root stack's own traces remain: the SDK
// registers it before the program's first line runs.) Proves the traces are dropped, what is
// dropped is only them, and the way back works (components/sdk-patches/rpc-traces.ts).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LAB_PASSPHRASE, requireToolchain, toolchainEnv } from "../../scripts/toolchain-env";

const ROOT = path.resolve(__dirname, "..", "..");

const PROGRAM = [
    `require(${JSON.stringify(path.join(ROOT, "node_modules", "ts-node"))}).register({ ` +
        `transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, "tsconfig.json"))} });`,
    `const pulumi = require("@pulumi/pulumi");`,
    `require(${JSON.stringify(path.join(ROOT, "components", "sdk-patches", "rpc-traces"))}).quietSdkRpcTraces();`,
    `const c = new pulumi.ComponentResource("continuum:test:Probe", "probe");`,
    `pulumi.log.debug("continuum-probe: the program's own debug message", c);`,
    `c.registerOutputs({});`,
    "",
].join("\n");

function previewDebug(extraEnv: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-traces-"));
    try {
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: traces\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
        );
        fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
        fs.mkdirSync(path.join(dir, "backend"));
        const env: NodeJS.ProcessEnv = {
            ...toolchainEnv(ROOT, { backendDir: path.join(dir, "backend"), passphrase: LAB_PASSPHRASE }),
            NODE_PATH: path.join(ROOT, "node_modules"),
        };
        delete env.CONTINUUM_SDK_RPC_TRACES;
        Object.assign(env, extraEnv);
        const run = (args: string[]) =>
            spawnSync("pulumi", args, { cwd: dir, env, encoding: "utf8", timeout: 300_000 });
        const init = run(["stack", "init", "t", "--secrets-provider", "passphrase", "--non-interactive"]);
        if (init.status !== 0) throw new Error(`pulumi stack init failed:\n${init.stdout}\n${init.stderr}`);
        const r = run(["preview", "--stack", "t", "--debug", "--non-interactive", "--color", "never"]);
        const out = `${r.stdout}\n${r.stderr}`;
        if (r.status !== 0) throw new Error(`pulumi preview --debug failed:\n${out.slice(-4000)}`);
        return out;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

beforeAll(() => requireToolchain(ROOT, ["pulumi", "pulumi-language-nodejs"]));

test("under --debug: the program's own message shows, the SDK's RPC traces do not", () => {
    const out = previewDebug({});
    expect(out).toContain("continuum-probe: the program's own debug message");
    expect(out).not.toMatch(/Registering resource: t=continuum:test:Probe/);
    // Only the root stack's, registered by the SDK before the program's first line runs.
    const traces = out
        .split("\n")
        .filter((l) => /Registering resource: |RegisterResource RPC (prepared|finished): /.test(l));
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.filter((l) => !/pulumi:pulumi:Stack/.test(l))).toEqual([]);
}, 300_000);

test("CONTINUUM_SDK_RPC_TRACES=1 brings the traces back", () => {
    const out = previewDebug({ CONTINUUM_SDK_RPC_TRACES: "1" });
    expect(out).toContain("continuum-probe: the program's own debug message");
    expect(out).toMatch(/Registering resource: t=continuum:test:Probe/);
    expect(out).toMatch(/RegisterResource RPC (prepared|finished)/);
}, 300_000);
