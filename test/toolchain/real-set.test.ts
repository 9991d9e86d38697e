// The real set (`npm run toolchain -- --real`, scripts/toolchain-set-real.sh) and the set dispatch
// of scripts/toolchain.sh, run for real in a copied tree with stand-in binaries in its cache and
// the Go module proxy off: a cached binary of the pinned version is taken, one of another version
// is rebuilt (and the build's failure named), and what cannot be had is named with what to run.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toolchainIn, type Tree } from "./toolchain-tree";

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, "../..");
const trees: string[] = [];
afterAll(() => trees.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

const pins = Object.fromEntries(
    fs
        .readFileSync(path.join(REPO, "tools/versions.env"), "utf8")
        .split("\n")
        .map((l) => /^([A-Z0-9_]+)=([^"\s]*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
);

/** A copy of the toolchain scripts and pins, with an empty cache and no wrapper modules. */
function realTree(): Tree {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-real-set-"));
    trees.push(root);
    fs.mkdirSync(path.join(root, "scripts"));
    for (const f of fs.readdirSync(path.join(REPO, "scripts"))) {
        if (/^toolchain.*\.sh$/.test(f)) fs.copyFileSync(path.join(REPO, "scripts", f), path.join(root, "scripts", f));
    }
    fs.mkdirSync(path.join(root, "tools"));
    fs.copyFileSync(path.join(REPO, "tools/versions.env"), path.join(root, "tools/versions.env"));
    const cache = path.join(root, "cache");
    return { root, cache, cached: "" };
}

/** A stand-in binary at CACHE/tools/<dir>/<name> that prints `out` whatever it is asked. */
function standIn(t: Tree, dir: string, name: string, out: string): string {
    const file = path.join(t.cache, "tools", dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\n# stand-in\nprintf '%s\\n' '${out}'\n`, { mode: 0o755 });
    return file;
}

const runEnv = (t: Tree, env: Record<string, string>, ...args: string[]) =>
    toolchainIn(t, ["bash", path.join(t.root, "scripts/toolchain.sh"), ...args], env);
const run = (t: Tree, ...args: string[]) => runEnv(t, {}, ...args);

describe("toolchain --real: cache by version", () => {
    test("binaries of the pinned versions in the cache are taken as they are, and the clients linked", async () => {
        const t = realTree();
        const kube = pins.KUBE_VERSION;
        standIn(t, `kubelet-${kube}`, "kubelet", `Kubernetes ${kube}`);
        standIn(t, `kubeadm-${kube}`, "kubeadm", kube);
        const crictl = standIn(t, `crictl-${pins.CRICTL_VERSION}`, "crictl", `crictl version ${pins.CRICTL_VERSION}`);
        const r = await run(t, "--only", "kubelet,kubeadm,crictl");
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout.trim().split("\n").slice(0, 3)).toEqual([
            "kubelet: cached",
            "kubeadm: cached",
            "crictl: cached",
        ]);
        expect(fs.realpathSync(path.join(t.root, ".tools/bin/crictl"))).toBe(fs.realpathSync(crictl));
        // --only without `real` builds nothing more and assembles nothing.
        expect(fs.existsSync(path.join(t.cache, `tools/real-${kube}`))).toBe(false);
    });

    test("a cached binary of another version is not taken: it is rebuilt, and a failed build is named", async () => {
        const t = realTree();
        const stale = standIn(t, `kubelet-${pins.KUBE_VERSION}`, "kubelet", "Kubernetes v1.36.2");
        const r = await run(t, "--only", "kubelet");
        expect(r.code).not.toBe(0);
        expect(r.stdout).toContain("kubelet: no release download pinned");
        expect(r.stdout).toContain("building from source");
        expect(r.stderr).toContain("toolchain: kubelet: build failed");
        expect(fs.existsSync(path.join(t.root, ".tools/bin/kubelet"))).toBe(false);
        expect(fs.readFileSync(stale, "utf8")).toContain("stand-in"); // not replaced by a partial build
    });

    test("every CNI plugin of the set must report the pinned version, not just the first", async () => {
        const t = realTree();
        const dir = `cni-plugins-${pins.CNI_PLUGINS_VERSION}`;
        const plugins = (/^CNI_PLUGINS="([^"]*)"$/m.exec(
            fs.readFileSync(path.join(REPO, "tools/versions.env"), "utf8"),
        ) ?? [])[1].split(" ");
        for (const p of plugins) {
            const name = p.split("/")[1];
            const file = standIn(t, dir, name, "");
            // A CNI plugin run without CNI_COMMAND says its name and version on stderr.
            fs.writeFileSync(file, `#!/bin/sh\necho "CNI ${name} plugin ${pins.CNI_PLUGINS_VERSION}" >&2\n`, {
                mode: 0o755,
            });
        }
        expect((await run(t, "--only", "cni-plugins")).stdout).toContain("cni-plugins: cached");
        fs.writeFileSync(
            path.join(t.cache, "tools", dir, "portmap"),
            "#!/bin/sh\necho 'CNI portmap plugin v1.7.1' >&2\n",
            { mode: 0o755 },
        );
        const r = await run(t, "--only", "cni-plugins");
        expect(r.stdout).toContain("cni-plugins: no release download pinned");
        expect(r.stderr).toContain("cni-plugins: build failed");
        // Plugins are node-side: never linked into .tools/bin.
        expect(fs.existsSync(path.join(t.root, ".tools/bin/bridge"))).toBe(false);
    });
});

describe("toolchain --real: what cannot be had is named", () => {
    test("assembling without the built binaries names the first missing one and what to run", async () => {
        const t = realTree();
        const r = await run(t, "--only", "real");
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
            new RegExp(
                `real: .*/kubeadm-${pins.KUBE_VERSION.replace(/\./g, "\\.")}/kubeadm ` +
                    `is not built: run npm run toolchain -- --real`,
            ),
        );
    });

    test(
        "pause without the kubernetes module (no proxy, empty module cache) " + "says where its source comes from",
        async () => {
            const t = realTree();
            fs.mkdirSync(path.join(t.root, "tools/kube"));
            fs.writeFileSync(path.join(t.root, "tools/kube/go.mod"), "module example.com/kube\n\ngo 1.22\n");
            const r = await runEnv(t, { GOMODCACHE: path.join(t.root, "gomodcache") }, "--only", "pause");
            expect(r.code).toBe(1);
            expect(r.stderr).toContain(
                `pause: cannot get k8s.io/kubernetes@${pins.KUBE_VERSION} from ` +
                    `the Go module proxy (its build/pause/linux/pause.c is the source)`,
            );
        },
    );
});

describe("toolchain: extra sets", () => {
    test("--NAME runs scripts/toolchain-set-NAME.sh; an unknown option is refused", async () => {
        const t = realTree();
        fs.writeFileSync(
            path.join(t.root, "scripts/toolchain-set-demo-set.sh"),
            'check_demo() { [ "$("$1")" = "demo 1" ]; }\nbuild_demo() { ' +
                'mkdir -p "$(dirname "$1")"; printf \'#!/bin/sh\\necho "demo 1"\\n\' >"$1"; ' +
                'chmod +x "$1"; }\n' +
                "toolchain_set_demo_set() { tool demo demo-1 demo build_demo check_demo; }\n",
        );
        const r = await run(t, "--only", "demo", "--demo-set");
        expect(r.stderr).toBe("");
        expect(r.stdout).toMatch(/demo: built in \d+ s/);
        expect((await run(t, "--only", "demo")).stdout).toContain("demo: cached");
        const bad = await run(t, "--no-such-set");
        expect(bad.code).toBe(2);
        expect(bad.stderr).toBe("toolchain: unknown option --no-such-set (try --help)\n");
    });
});
