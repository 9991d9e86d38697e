/**
 * Engine tier: the plugins the engine runs are upstream's, from the offline toolchain. Each one's
 * Go build info (`go version -m`) names upstream's module, so a stand-in (continuum's own code
 * answering the same RPCs) can never come back unnoticed; resource plugins sit in the plugin
 * cache of .tools/pulumi-home at exactly the version the npm SDK requests, and none on PATH (the
 * engine warns about every resource plugin it takes from PATH). Needs `npm run toolchain` and go.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { requireToolchain, toolchainEnv, toolsBin } from "../../scripts/toolchain-env";

const ROOT = path.resolve(__dirname, "..", "..");
const PLUGINS = path.join(ROOT, ".tools", "pulumi-home", "plugins");

/** Upstream's Go modules, written out here (not read from tools/versions.env) on purpose. */
const RESOURCE_PLUGINS = [
    { name: "command", npm: "@pulumi/command", main: "github.com/pulumi/pulumi-command/provider" },
    { name: "tls", npm: "@pulumi/tls", main: "github.com/pulumi/pulumi-tls/provider/v5" },
    { name: "random", npm: "@pulumi/random", main: "github.com/pulumi/pulumi-random/provider/v4" },
    // Built from a wrapper module with its own main (it embeds the generated schema): the provider
    // itself is upstream's module, linked in as a dependency.
    { name: "kubernetes", npm: "@pulumi/kubernetes", dep: "github.com/pulumi/pulumi-kubernetes/provider/v4" },
] as const;
const LANGHOST_MODULE = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";

/** `go version -m FILE` as { main module, dependency modules }. */
function buildInfo(file: string): { main: string; deps: string[] } {
    const r = spawnSync("go", ["version", "-m", file], { encoding: "utf8" });
    if (r.error) throw new Error(`go version -m needs go on PATH: ${r.error.message}`);
    const fields = r.stdout.split("\n").map((l) => l.trim().split(/\s+/));
    return {
        main: fields.find((f) => f[0] === "mod")?.[1] ?? `(no Go build info in ${file}: ${r.stderr.trim()})`,
        deps: fields.filter((f) => f[0] === "dep").map((f) => f[1]!),
    };
}

/** The plugin version the installed npm SDK requests (its package.json `pulumi.version`). */
function requested(npm: string): string {
    const pj = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", npm, "package.json"), "utf8")) as {
        version: string;
        pulumi?: { version?: string };
    };
    return pj.pulumi?.version ?? pj.version;
}

beforeAll(() =>
    requireToolchain(ROOT, [
        "pulumi",
        "pulumi-language-nodejs",
        ...RESOURCE_PLUGINS.map((p) => `pulumi-resource-${p.name}`),
    ]),
);

describe.each(RESOURCE_PLUGINS)("pulumi-resource-$name", (p) => {
    const file = () => path.join(PLUGINS, `resource-${p.name}-v${requested(p.npm)}`, `pulumi-resource-${p.name}`);

    it("is in the plugin cache at the version the npm SDK requests", () => {
        expect(fs.existsSync(file())).toBe(true);
    });

    it("is upstream's provider (Go build info)", () => {
        const info = buildInfo(file());
        if ("main" in p) expect(info.main).toBe(p.main);
        else expect(info.deps).toContain(p.dep);
    });

    it("is not on PATH (.tools/bin)", () => {
        expect(fs.existsSync(path.join(toolsBin(ROOT), `pulumi-resource-${p.name}`))).toBe(false);
    });
});

describe("pulumi-language-nodejs", () => {
    const file = () => fs.realpathSync(path.join(toolsBin(ROOT), "pulumi-language-nodejs"));

    it("sits next to the pulumi binary the toolchain links (the engine prefers that one)", () => {
        expect(path.dirname(file())).toBe(path.dirname(fs.realpathSync(path.join(toolsBin(ROOT), "pulumi"))));
    });

    it("is upstream's language host (Go build info) and reports the CLI's version", () => {
        expect(buildInfo(file()).main).toBe(LANGHOST_MODULE);
        const cli = spawnSync(path.join(toolsBin(ROOT), "pulumi"), ["version"], {
            encoding: "utf8",
            env: toolchainEnv(ROOT),
        }).stdout.trim();
        expect(spawnSync(file(), ["-version"], { encoding: "utf8" }).stdout.trim()).toBe(cli);
    });
});

test("the engine lists exactly these resource plugins, at the SDKs' versions", () => {
    const r = spawnSync(path.join(toolsBin(ROOT), "pulumi"), ["plugin", "ls", "--json"], {
        encoding: "utf8",
        env: toolchainEnv(ROOT),
    });
    expect(r.status).toBe(0);
    const listed = (JSON.parse(r.stdout) as { name: string; kind: string; version: string }[])
        .filter((x) => x.kind === "resource")
        .map((x) => `${x.name}@${x.version}`)
        .sort();
    expect(listed).toEqual(RESOURCE_PLUGINS.map((p) => `${p.name}@${requested(p.npm)}`).sort());
});
