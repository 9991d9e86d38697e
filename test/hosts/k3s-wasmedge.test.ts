/**
 * Issue 21 item 4 (K3s agent): the WasmEdge shim installed over SSH and registered with K3s's
 * containerd, by the real `K3sCluster` (the agent's converge: preflight gate → k3s-install.sh →
 * k3s-upgrade.sh → runtimes-install.sh) run by the real Pulumi engine against disposable Debian
 * hosts. Both binaries are stand-ins, named as such and pinned through the stack's own
 * `artifacts:` pins (fixture test/hosts/fixtures/k3s-fleet): the K3s binary
 * (standins/k3s-standin.sh, which renders containerd's config as K3s does, detecting the shim
 * where K3s looks) and runwasi's shim (standins/wasmedge-shim-standin.sh, packed as runwasi packs
 * its release archive).
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { diffSnapshots, logLines, snapshot, sshLogins, standInCalls } from "./harness/host-state";
import { k3sSpec, prepareArtifacts, STANDIN_LOG } from "./harness/k3s-fixture";
import { errorDiagnostics, FixtureStack, stepOps } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { TestHostRun } from "./harness/test-hosts";
import { packWasmedgeShimStandIn } from "./harness/stand-in-archives";
import { VERSION_TABLE } from "../../components/version-table";

const FIXTURE = path.join(__dirname, "fixtures", "k3s-fleet");
const SHIM_VERSION = VERSION_TABLE.hostArtifacts.wasmedgeShim.version;
const NODES = [
    { name: "srv", role: "server" as const },
    { name: "agt", role: "agent" as const, runtimes: ["wasmedge"] },
    { name: "agt2", role: "agent" as const, runtimes: ["wasmedge"] },
];
const AGENTS = ["agt", "agt2"];
/** Where K3s looks for WASI shims (/opt/kwasm/bin, /usr/bin, /usr/sbin) and the toolkit puts it. */
const SHIM_PATH = "/usr/bin/containerd-shim-wasmedge-v1";
const K3S_CONTAINERD = "/var/lib/rancher/k3s/agent/etc/containerd";

describe("WasmEdge shim on a K3s agent over SSH (stand-in k3s binary and shim, pinned by the stack)", () => {
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let firstUp: PulumiRun;
    let shimSha256: string;
    const pristine: Record<string, string[]> = {};
    const bundleDirBefore = process.env.CONTINUUM_BUNDLE_DIR;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add(NODES.map((n) => ({ name: n.name })));
        for (const n of NODES) pristine[n.name] = await snapshot(hosts, n.name);
        const dir = path.join(hosts.dir, "stacks", "wasmedge");
        process.env.CONTINUUM_BUNDLE_DIR = path.join(dir, "bundles");
        const k3s = prepareArtifacts(dir);
        const shim = packWasmedgeShimStandIn(k3s.airgapDir, SHIM_VERSION);
        shimSha256 = shim.shimSha256;
        stack = new FixtureStack(FIXTURE, "wasmedge", dir);
        await stack.init(
            {
                "continuum:spec": {
                    ...k3sSpec(hosts, { nodes: NODES }, k3s.airgapDir),
                    // What a user writes for artifacts the table cannot verify (components/spec/artifacts.ts).
                    artifacts: {
                        k3s: { amd64: { fileName: k3s.fileName, sha256: k3s.sha256 } },
                        wasmedgeShim: { amd64: { fileName: shim.fileName, sha256: shim.sha256 } },
                    },
                },
                "fixture:cluster": "edge",
            },
            {
                "continuum:spec.ssh.privateKey": hosts.privateKey,
                "fixture:k3sToken": randomBytes(24).toString("hex"),
            },
        );
        firstUp = await stack.up();
    }, 600_000);

    afterAll(() => {
        if (bundleDirBefore === undefined) delete process.env.CONTINUUM_BUNDLE_DIR;
        else process.env.CONTINUUM_BUNDLE_DIR = bundleDirBefore;
        hosts?.destroy();
    });

    it("pulumi up succeeds", () => {
        expect(errorDiagnostics(firstUp.events)).toEqual([]);
        expect(firstUp.status).toBe(0);
    });

    it(
        "installs the shim from the stack-pinned archive where K3s looks " + "for it, on the agents that asked only",
        async () => {
            for (const a of AGENTS) {
                expect((await hosts.execOk(a, ["stat", "-c", "%a %U %G", SHIM_PATH])).trim()).toBe("755 root root");
                expect((await hosts.execOk(a, ["sha256sum", SHIM_PATH])).split(/\s+/)[0]).toBe(shimSha256);
                expect(await hosts.execOk(a, [SHIM_PATH, "--version"])).toContain(`Version: ${SHIM_VERSION}`);
                expect((await hosts.execOk(a, ["cat", "/etc/continuum/runtimes/owned"])).split("\n")).toContain(
                    SHIM_PATH,
                );
            }
            expect((await hosts.exec("srv", ["test", "-e", SHIM_PATH])).status).not.toBe(0);
        },
    );

    it(
        "K3s restarted and its containerd config registers the wasmedge handler " +
            "with the installed shim (stand-in k3s binary)",
        async () => {
            // K3s detects the shim itself, so the toolkit writes no template (it would define the table twice).
            expect((await hosts.exec("agt", ["test", "-e", `${K3S_CONTAINERD}/config-v3.toml.tmpl`])).status).not.toBe(
                0,
            );
            const config = await hosts.execOk("agt", ["cat", `${K3S_CONTAINERD}/config-v3.toml`]);
            const table = '[plugins."io.containerd.cri.v1.runtime".containerd.runtimes."wasmedge"]';
            expect(config).toContain(table);
            expect(config).toContain(`${table.slice(0, -1)}.options]\n  BinaryName = "${SHIM_PATH}"`);
            // The agent started once by its install, once more by runtimes-install.sh (K3s detects at start only).
            expect(
                standInCalls(await logLines(hosts, "agt", STANDIN_LOG)).filter((c) => c === "k3s agent"),
            ).toHaveLength(2);
            expect((await hosts.execOk("agt", ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
            expect(await hosts.execOk("srv", ["cat", `${K3S_CONTAINERD}/config-v3.toml`])).not.toContain("wasmedge");
        },
    );

    it(
        "declares the runtime label on the agent and the wasmedge RuntimeClass " +
            "selecting it (K3s ships the object: patched)",
        async () => {
            const out = await stack.outputs();
            const labels = out.nodeLabels as Record<string, Record<string, string>>;
            for (const a of AGENTS) expect(labels[a]["runtime.continuum.dev/wasmedge"]).toBe("true");
            expect(labels.srv["runtime.continuum.dev/wasmedge"]).toBeUndefined();
            expect(out.runtimeClasses).toEqual([
                expect.objectContaining({
                    runtime: "wasmedge",
                    name: "wasmedge",
                    handler: "wasmedge",
                    nodeSelector: { "runtime.continuum.dev/wasmedge": "true" },
                    mode: "patch",
                }),
            ]);
        },
    );

    it("a second pulumi up changes nothing, logs in nowhere and starts nothing", async () => {
        const before = await Promise.all(
            NODES.map(async (n) => [
                await sshLogins(hosts, n.name),
                (await logLines(hosts, n.name, STANDIN_LOG)).length,
            ]),
        );
        const again = await stack.up(["--expect-no-changes"]);
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
        const after = await Promise.all(
            NODES.map(async (n) => [
                await sshLogins(hosts, n.name),
                (await logLines(hosts, n.name, STANDIN_LOG)).length,
            ]),
        );
        expect(after).toEqual(before);
    });

    it("dropping the agent from the spec uninstalls the shim and leaves that host as it was", async () => {
        stack.updateConfig((config) => {
            const spec = config["continuum:spec"] as { clusters: { nodes: { name: string }[] }[] };
            spec.clusters[0].nodes = spec.clusters[0].nodes.filter((n) => n.name !== "agt");
        });
        const up = await stack.up();
        expect(errorDiagnostics(up.events)).toEqual([]);
        expect(up.status).toBe(0);
        expect(stepOps(up.events).delete).toBeGreaterThan(0);
        expect((await hosts.exec("agt", ["test", "-e", SHIM_PATH])).status).not.toBe(0);
        expect(diffSnapshots(pristine.agt, await snapshot(hosts, "agt"))).toEqual({ added: [], removed: [] });
        expect((await hosts.execOk("agt2", ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
    });

    it(
        "dropping wasmedge from an agent's runtimes: the up succeeds and " +
            "that agent's converge is updated in place",
        async () => {
            stack.updateConfig((config) => {
                const spec = config["continuum:spec"] as {
                    clusters: { nodes: { name: string; runtimes?: string[] }[] }[];
                };
                for (const n of spec.clusters[0].nodes) delete n.runtimes;
            });
            const up = await stack.up();
            expect(errorDiagnostics(up.events)).toEqual([]);
            expect(up.status).toBe(0);
            expect(stepOps(up.events).update).toBe(1);
            expect((await hosts.execOk("agt2", ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
        },
    );

    // The step dropped from the node's converge is undone: node-converge.sh runs the previous
    // bundle's runtimes-uninstall.sh for it (no parameters: it undoes what the install recorded).
    it("… and the shim is uninstalled and K3s no longer registers the wasmedge handler", async () => {
        expect((await hosts.exec("agt2", ["test", "-e", SHIM_PATH])).status).not.toBe(0);
        expect((await hosts.exec("agt2", ["test", "-e", "/etc/continuum/runtimes"])).status).not.toBe(0);
        expect(await hosts.execOk("agt2", ["cat", `${K3S_CONTAINERD}/config-v3.toml`])).not.toContain("wasmedge");
    });

    it("pulumi destroy leaves the server as it was", async () => {
        const d = await stack.destroy();
        expect(errorDiagnostics(d.events)).toEqual([]);
        expect(d.status).toBe(0);
        expect(diffSnapshots(pristine.srv, await snapshot(hosts, "srv"))).toEqual({ added: [], removed: [] });
    });
});
