// scripts/toolchain.sh takes a tool from its sha256-pinned release download before building it,
// and says what it does. Runs the real scripts against a release server on 127.0.0.1
// (CONTINUUM_TOOLCHAIN_MIRROR) in a copied tree whose actionlint module is a stand-in.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    deadUrl,
    makeTree,
    toolchainIn,
    PLATFORM,
    RELEASE_PATH,
    releaseServer,
    releaseTarball,
    sha256,
    toolchain,
} from "./toolchain-tree";

jest.setTimeout(180_000);

const trees: string[] = [];
afterAll(() => trees.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

function tree(digest: string | null, mainGo?: string) {
    const t = makeTree(digest, mainGo);
    trees.push(t.root);
    return t;
}

const leftovers = (dir: string) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(".download.")) : [];

describe("toolchain: release download first, build from Go modules as the fallback", () => {
    let served: Buffer;
    let oldRelease: Buffer;
    let server: Awaited<ReturnType<typeof releaseServer>>;
    beforeAll(async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-release-"));
        trees.push(dir);
        served = await releaseTarball(dir, "1.7.12");
        oldRelease = await releaseTarball(dir, "1.7.11");
        server = await releaseServer(
            new Map([
                [RELEASE_PATH, served],
                [`/old${RELEASE_PATH}`, oldRelease],
            ]),
        );
    });
    afterAll(() => server.close());

    test("a release file with the pinned sha256 is used, and a second run only says 'cached'", async () => {
        const t = tree(sha256(served));
        const first = await toolchain(t, { CONTINUUM_TOOLCHAIN_MIRROR: server.url });
        expect(first.stderr).toBe("");
        expect(first.code).toBe(0);
        expect(first.stdout).toContain("toolchain: 1 tool(s) to fetch");
        expect(first.stdout).toMatch(
            / {2}actionlint: release download first \(sha256-pinned\); if unreachable, build \(≈ \d+ s\)/,
        );
        expect(first.stdout).toContain(`release files from the mirror ${server.url}`);
        expect(first.stdout).toMatch(
            new RegExp(
                "actionlint: downloaded in \\d+ s, sha256 verified " +
                    `\\(${server.url}${RELEASE_PATH.replace(/\./g, "\\.")}\\)`,
            ),
        );
        expect(first.stdout).not.toContain("building");
        expect(server.requests).toContain(RELEASE_PATH);
        // The one binary was taken out of the archive, executable, and linked.
        expect(fs.readFileSync(t.cached, "utf8")).toContain("stand-in for the actionlint release binary");
        expect(fs.statSync(t.cached).mode & 0o111).not.toBe(0);
        expect(fs.realpathSync(path.join(t.root, ".tools/bin/actionlint"))).toBe(fs.realpathSync(t.cached));
        expect(leftovers(path.dirname(t.cached))).toEqual([]);

        const before = server.requests.length;
        const second = await toolchain(t, { CONTINUUM_TOOLCHAIN_MIRROR: server.url });
        expect(second.code).toBe(0);
        const lines = second.stdout.trim().split("\n");
        expect(lines).toHaveLength(2);
        expect(lines[0]).toBe("actionlint: cached");
        expect(lines[1]).toMatch(/^toolchain: ready in \d+s/);
        expect(server.requests.length).toBe(before);
    });

    test("a release file whose sha256 differs is refused: clear message, nothing installed", async () => {
        const pinned = sha256(Buffer.from("the digest a release would have"));
        const t = tree(pinned);
        const r = await toolchain(t, { CONTINUUM_TOOLCHAIN_MIRROR: server.url });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`toolchain: actionlint: refused the download of ${server.url}${RELEASE_PATH}`);
        expect(r.stderr).toContain(
            `its sha256 is ${sha256(served)}, the pinned one is ${pinned} ` +
                `(DL_ACTIONLINT_SHA256_${PLATFORM} in tools/versions.env)`,
        );
        expect(r.stderr).toContain("nothing was installed");
        expect(r.stderr).toContain("CONTINUUM_TOOLCHAIN_DOWNLOAD=never npm run toolchain");
        expect(fs.existsSync(t.cached)).toBe(false);
        expect(fs.existsSync(path.join(t.root, ".tools/bin/actionlint"))).toBe(false);
        expect(leftovers(path.dirname(t.cached))).toEqual([]);
        expect(r.stdout).not.toContain("building");
    });

    test("a release binary that does not report the pinned version is discarded and the tool built", async () => {
        const t = tree(sha256(oldRelease));
        const r = await toolchain(t, { CONTINUUM_TOOLCHAIN_MIRROR: `${server.url}/old` });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(
            `actionlint: the release file ${server.url}/old${RELEASE_PATH} ` +
                `(sha256 verified) does not report the expected version; building from source`,
        );
        expect(execFileSync(t.cached, ["-version"], { encoding: "utf8" }).trim()).toBe("v1.7.12");
        expect(leftovers(path.dirname(t.cached))).toEqual([]);
    });

    test("an unreachable download falls back to the build, saying so, with Go's output in a log", async () => {
        const t = tree(sha256(served));
        const dead = await deadUrl();
        const r = await toolchain(t, { CONTINUUM_TOOLCHAIN_MIRROR: dead });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(
            new RegExp(
                /actionlint: release download unreachable: /.source +
                    /curl: \(7\) [^\n]*; building from source /.source +
                    /\(≈ \d+ s\), log: \.tools\/logs\/actionlint\.log/.source,
            ),
        );
        expect(r.stdout).toMatch(/actionlint: built in \d+ s \(/);
        // Not a terminal: no live counter.
        expect(r.stdout).not.toContain("\r");
        expect(fs.existsSync(path.join(t.root, ".tools/logs/actionlint.log"))).toBe(true);
        // The stand-in module was built with the toolchain's version ldflag.
        expect(execFileSync(t.cached, ["-version"], { encoding: "utf8" }).trim()).toBe("v1.7.12");
    });

    test("CONTINUUM_TOOLCHAIN_DOWNLOAD=never builds without asking the server", async () => {
        const t = tree(sha256(served));
        const before = server.requests.length;
        const r = await toolchain(t, { CONTINUUM_TOOLCHAIN_MIRROR: server.url, CONTINUUM_TOOLCHAIN_DOWNLOAD: "never" });
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/actionlint: build from source \(≈ \d+ s\): release downloads are off/);
        expect(r.stdout).toContain(
            "actionlint: release downloads are off (CONTINUUM_TOOLCHAIN_DOWNLOAD=never); building from source",
        );
        expect(server.requests.length).toBe(before);
    });

    test("a tool without a release pin for this platform is built, and the plan says why", async () => {
        const t = tree(null);
        const before = server.requests.length;
        const r = await toolchain(t, { CONTINUUM_TOOLCHAIN_MIRROR: server.url });
        expect(r.code).toBe(0);
        const platform = PLATFORM.toLowerCase().replace("_", "/");
        expect(r.stdout).toMatch(
            new RegExp(
                "  actionlint: build from source \\(≈ \\d+ s\\): " + `no release download pinned for ${platform}\n`,
            ),
        );
        expect(r.stdout).toContain(`actionlint: no release download pinned for ${platform}; building from source`);
        expect(server.requests.length).toBe(before);
    });

    test("a failing build prints its log's path and last lines", async () => {
        const t = tree(sha256(served), "package main\n\nfunc main() { undefinedCall() }\n");
        const r = await toolchain(t, { CONTINUUM_TOOLCHAIN_DOWNLOAD: "never" });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
            /toolchain: actionlint: build failed after \d+ s \(exit 1\); last lines of \.tools\/logs\/actionlint\.log:/,
        );
        expect(r.stderr).toMatch(/ {2}\| .*undefined: undefinedCall/);
        expect(r.stderr).toContain(`toolchain: full log: ${path.join(t.root, ".tools/logs/actionlint.log")}`);
        expect(fs.existsSync(t.cached)).toBe(false);
    });

    test("on a terminal a build shows a live counter, cleared when it ends", async () => {
        const t = tree(sha256(served));
        // script(1) gives the toolchain a pseudo-terminal as stdout.
        const cmd = `bash ${path.join(t.root, "scripts/toolchain.sh")} --only actionlint`;
        const r = await toolchainIn(t, ["script", "-qec", cmd, "/dev/null"], { CONTINUUM_TOOLCHAIN_DOWNLOAD: "never" });
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/\r {2}building actionlint… \d+ s \(≈ \d+ s\)/);
        expect(r.stdout).toContain("\r\x1b[K");
        expect(r.stdout).toMatch(/actionlint: built in \d+ s/);
    });
});
