// The release-download pins and build-time figures in tools/versions.env are well formed, name
// tools the toolchain has, and say where each digest was read.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const VERSIONS = path.join(REPO, "tools/versions.env");

/** The variables tools/versions.env defines, as bash sees them after sourcing it. */
function sourced(): Map<string, string> {
    const out = execFileSync("bash", ["-c", 'set -a; source "$1"; env -0', "bash", VERSIONS], {
        env: { PATH: process.env.PATH ?? "" },
    });
    return new Map(
        out
            .toString("utf8")
            .split("\0")
            .filter((kv) => kv.includes("="))
            .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as [string, string]),
    );
}

const vars = sourced();
const key = (tool: string) => tool.toUpperCase().replace(/-/g, "_");
// Every tool the toolchain provides, from its own --list (tool names as the script spells them).
const tools = execFileSync("bash", [path.join(REPO, "scripts/toolchain.sh"), "--all", "--real", "--list"], {
    encoding: "utf8",
})
    .trim()
    .split("\n")
    .map((l) => l.split(" -> ")[0]);
const pins = [...vars.keys()].flatMap((k) => {
    const m = /^DL_(.+)_URL_(LINUX_(?:AMD64|ARM64))$/.exec(k);
    return m ? [{ tool: m[1], platform: m[2], url: vars.get(k)!, sha256: vars.get(`DL_${m[1]}_SHA256_${m[2]}`) }] : [];
});

describe("tools/versions.env: release downloads", () => {
    test("the toolchain lists its tools and some are pinned", () => {
        expect(tools).toEqual(
            expect.arrayContaining(["pulumi", "kube-apiserver", "kubectl", "etcd", "kwok", "actionlint"]),
        );
        expect(pins.length).toBeGreaterThan(0);
    });

    test.each(pins.map((p) => [`${p.tool} ${p.platform}`, p]))(
        "%s: https URL of this version, 64-hex sha256, archive member",
        (_id, p) => {
            expect(tools.map(key)).toContain(p.tool);
            expect(p.url).toMatch(/^https:\/\/[^/]+\//);
            expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
            const version = { PULUMI: "PULUMI_VERSION", KUBECTL: "KUBE_VERSION", ACTIONLINT: "ACTIONLINT_VERSION" }[
                p.tool
            ];
            if (version) expect(p.url).toContain(vars.get(version)!.replace(/^v/, ""));
            const member = vars.get(`DL_${p.tool}_MEMBER`);
            if (p.url.endsWith(".tar.gz")) expect(member).toMatch(/\S/);
            else expect(member).toBeUndefined();
        },
    );

    test("no digest without a URL, and no two files share a digest", () => {
        const shaKeys = [...vars.keys()].filter((k) => /^DL_.+_SHA256_LINUX_/.test(k));
        expect(shaKeys.map((k) => k.replace("_SHA256_", "_URL_")).filter((k) => !vars.has(k))).toEqual([]);
        const digests = pins.map((p) => p.sha256);
        expect(new Set(digests).size).toBe(digests.length);
    });

    test("each pinned tool's block starts with a comment saying where its digest was read", () => {
        const lines = fs.readFileSync(VERSIONS, "utf8").split("\n");
        for (const tool of new Set(pins.map((p) => p.tool))) {
            const first = lines.findIndex((l) => l.startsWith(`DL_${tool}_`));
            expect(lines[first - 1]).toMatch(/^# /);
        }
    });

    // Built from upstream source archives (scripts/toolchain-plugins.sh): not measured yet.
    const unmeasured = [
        "pulumi-language-nodejs",
        "pulumi-resource-command",
        "pulumi-resource-tls",
        "pulumi-resource-random",
    ];
    test(
        "every other tool has a measured cold build time (shown before " +
            "it is built), and no entry names an unknown tool",
        () => {
            expect(
                tools.filter(
                    (t) => !unmeasured.includes(t) && !/^\d+$/.test(vars.get(`BUILD_SECONDS_${key(t)}`) ?? ""),
                ),
            ).toEqual([]);
            const named = [...vars.keys()]
                .filter((k) => k.startsWith("BUILD_SECONDS_"))
                .map((k) => k.slice("BUILD_SECONDS_".length));
            expect(named.filter((k) => !tools.map(key).includes(k))).toEqual([]);
        },
    );
});
