// The KubeEdge set (`npm run toolchain -- --kubeedge`, part of --real: scripts/toolchain-set-kubeedge.sh),
// run for real in a copied tree with the Go module proxy off: what it lists, a cached binary that is
// not the pinned module's is rebuilt (and the failed build named), and the assembly names crane
// when it is missing.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { VERSION_TABLE } from "../../components/version-table";
import { toolchainIn, type Tree } from "./toolchain-tree";

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, "../..");
const trees: string[] = [];
afterAll(() => trees.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

const VERSION =
    /^KUBEEDGE_VERSION=(\S+)$/m.exec(fs.readFileSync(path.join(REPO, "tools/versions.env"), "utf8"))?.[1] ?? "";

/** A copy of the toolchain scripts and pins, with an empty cache and no wrapper modules. */
function tree(): Tree {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-kubeedge-set-"));
    trees.push(root);
    fs.mkdirSync(path.join(root, "scripts"));
    for (const f of fs.readdirSync(path.join(REPO, "scripts"))) {
        if (/^toolchain.*\.sh$/.test(f)) fs.copyFileSync(path.join(REPO, "scripts", f), path.join(root, "scripts", f));
    }
    fs.mkdirSync(path.join(root, "tools"));
    fs.copyFileSync(path.join(REPO, "tools/versions.env"), path.join(root, "tools/versions.env"));
    return { root, cache: path.join(root, "cache"), cached: "" };
}

const run = (t: Tree, ...args: string[]) =>
    toolchainIn(t, ["bash", path.join(t.root, "scripts/toolchain.sh"), ...args], {});

describe("toolchain --kubeedge", () => {
    test("the version is the CloudCore chart's, and --real runs the set", () => {
        expect(`v${VERSION_TABLE.charts.cloudcore.version}`).toBe(VERSION);
        expect(`v${VERSION_TABLE.nodeImages.kubeedgeEdge.version}`).toBe(VERSION);
        expect(fs.readFileSync(path.join(REPO, "tools/versions.env"), "utf8")).toMatch(
            /^TOOLCHAIN_REAL_SETS="[^"]*\bkubeedge\b[^"]*"$/m,
        );
    });

    test("--list names cloudcore, edgecore, keadm and iptables-manager in kubeedge-<version>", async () => {
        const t = tree();
        const r = await run(t, "--kubeedge", "--list");
        expect(r.code).toBe(0);
        const dir = path.join(t.cache, "tools", `kubeedge-${VERSION}`);
        for (const b of ["cloudcore", "edgecore", "keadm", "iptables-manager"]) {
            expect(r.stdout.split("\n")).toContain(`${b} -> ${path.join(dir, b)}`);
        }
    });

    test(
        "a cached binary that is not the pinned module's build is not taken: " +
            "it is rebuilt, and a failed build is named",
        async () => {
            const t = tree();
            const stale = path.join(t.cache, "tools", `kubeedge-${VERSION}`, "cloudcore");
            fs.mkdirSync(path.dirname(stale), { recursive: true });
            // Says the right version, but is no Go binary of github.com/kubeedge/kubeedge (go version -m).
            fs.writeFileSync(stale, "#!/bin/sh\necho 'KubeEdge v1.23.0'\n", { mode: 0o755 });
            fs.writeFileSync(`${stale}.ldflags`, `-X github.com/kubeedge/kubeedge/pkg/version.gitVersion=${VERSION}\n`);
            const r = await run(t, "--only", "cloudcore");
            expect(r.code).not.toBe(0);
            expect(r.stdout).toMatch(/cloudcore: .*building from source/);
            expect(r.stderr).toMatch(/toolchain: cloudcore: build failed after \d+ s/);
            expect(r.stdout).not.toContain("cloudcore: cached");
        },
    );

    test("assembling without crane says what to run", async () => {
        const t = tree();
        const r = await run(t, "--only", "kubeedge");
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain(`the KubeEdge set assembles its images with crane`);
        expect(r.stderr).toContain("npm run toolchain -- --real");
    });
});
