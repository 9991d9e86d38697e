/**
 * Converge pools over real SSH (`clusters[].fleet.pools`, components/hosts/fleet-pool.ts): the real
 * `K3sCluster` with three agents in two pools (a node's pool is the sha256 of its name modulo 2:
 * agt2 alone in pool 1, agt1 and agt3 in pool 2), run by the real Pulumi engine and command provider
 * against disposable Debian hosts, stand-in k3s binary. Create converges every node; a second up
 * changes nothing; a change to one node runs only that node's converge; a broken host fails naming
 * it while the node beside it in its pool converges; a node removed from the spec is unconverged
 * (its host as before); no secret in the state, the events or any process's argv; destroy leaves
 * every host as it was.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConvergeLogs } from "./harness/converge-logs";
import { diffSnapshots, snapshot, sshLogins } from "./harness/host-state";
import { k3sSpec, prepareArtifacts } from "./harness/k3s-fixture";
import { errorDiagnostics, FixtureStack, stepOps, type PulumiRun } from "./harness/pulumi-stack";
import { eventsWithoutSecretValues, secretLeaks, secretValues } from "./harness/secret-scan";
import { TestHostRun } from "./harness/test-hosts";
import { parsePoolRecord, poolIndex } from "../../components/hosts/fleet-pool-input";

const FLEET_FIXTURE = path.join(__dirname, "fixtures", "k3s-fleet");
const AGENTS = ["agt1", "agt2", "agt3"];
const NODES = [{ name: "srv", role: "server" as const }, ...AGENTS.map((name) => ({ name, role: "agent" as const }))];

type SpecNode = { name: string; hostKey?: string; taints?: { key: string; value: string; effect: string }[] };
type Spec = { clusters: { nodes: SpecNode[]; fleet?: unknown }[] };

interface StateResource {
    urn: string;
    outputs?: Record<string, unknown>;
}

describe("K3s agents in converge pools over SSH (stand-in k3s binary)", () => {
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let firstUp: PulumiRun;
    let logs: ConvergeLogs;
    const pristine: Record<string, string[]> = {};
    const argvSeen: string[] = [];
    const bundleDirBefore = process.env.CONTINUUM_BUNDLE_DIR;
    const token = randomBytes(24).toString("hex");

    const logins = async () =>
        Object.fromEntries(await Promise.all(AGENTS.map(async (n) => [n, await sshLogins(hosts, n)])));
    const logMtime = (node: string) => {
        const f = fs.readdirSync(logs.dir).find((x) => x.startsWith(`${node}_`) && x.endsWith(".converge.log"));
        return f ? fs.statSync(path.join(logs.dir, f)).mtimeMs : 0;
    };
    const setNode = (name: string, change: (n: SpecNode) => void) =>
        stack.updateConfig((c) =>
            change((c["continuum:spec"] as Spec).clusters[0].nodes.find((n) => n.name === name)!),
        );

    beforeAll(async () => {
        // The membership this test is written for.
        expect(AGENTS.map((a) => poolIndex(a, 2))).toEqual([1, 0, 1]);
        hosts = await TestHostRun.create();
        await hosts.add(NODES.map((n) => ({ name: n.name })));
        for (const n of NODES) pristine[n.name] = await snapshot(hosts, n.name);
        const dir = path.join(hosts.dir, "stacks", "pool");
        process.env.CONTINUUM_BUNDLE_DIR = path.join(dir, "bundles");
        logs = new ConvergeLogs(path.join(dir, "logs"));
        const art = prepareArtifacts(dir);
        const spec = k3sSpec(hosts, { nodes: NODES }, art.airgapDir) as unknown as Spec;
        spec.clusters[0].fleet = { pools: 2, parallel: 2 };
        stack = new FixtureStack(FLEET_FIXTURE, "pool", dir);
        await stack.init(
            { "continuum:spec": spec, "fixture:cluster": "edge" },
            { "continuum:spec.ssh.privateKey": hosts.privateKey, "fixture:k3sToken": token },
        );
        // Every process's argv while the first up runs: no key, no token.
        const keyBody = hosts.privateKey.split("\n")[1];
        let running = true;
        const watch = (async () => {
            while (running) {
                for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
                    try {
                        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
                        if (argv.includes(token) || argv.includes(keyBody)) argvSeen.push(argv);
                    } catch {
                        // gone
                    }
                }
                await new Promise((r) => setTimeout(r, 200));
            }
        })();
        firstUp = await stack.up();
        running = false;
        await watch;
    }, 900_000);

    afterAll(() => {
        if (bundleDirBefore === undefined) delete process.env.CONTINUUM_BUNDLE_DIR;
        else process.env.CONTINUUM_BUNDLE_DIR = bundleDirBefore;
        logs?.restore();
        hosts?.destroy();
    });

    it("create: the agents are two pools, the server one converge; every agent converged", async () => {
        expect(errorDiagnostics(firstUp.events)).toEqual([]);
        expect(firstUp.status).toBe(0);
        const state = JSON.parse(await stack.exportState()) as { deployment: { resources: StateResource[] } };
        const commands = state.deployment.resources
            .filter((r) => r.urn.includes("command:local:Command::edge-"))
            .map((r) => r.urn.split("::").pop())
            .filter((n) => !n!.endsWith("-run"))
            .sort();
        expect(commands).toEqual(["edge-agents-pool-1", "edge-agents-pool-2", "edge-srv-converge"]);
        for (const a of AGENTS) {
            expect(logs.read(a)).toContain(`node ${a} converged`);
            expect((await hosts.execOk(a, ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
        }
        const pool2 = state.deployment.resources.find((r) => r.urn.endsWith("::edge-agents-pool-2"))!;
        const record = parsePoolRecord(String(pool2.outputs?.stdout));
        expect(record.nodes.map((n) => [n.name, n.address, n.ok])).toEqual([
            ["agt1", hosts.host("agt1").address, true],
            ["agt3", hosts.host("agt3").address, true],
        ]);
    });

    it("no secret in the stored state, the up's events or any process's argv", async () => {
        const secrets = secretValues(await stack.exportState(true));
        expect(secrets).toContain(token);
        expect(
            secretLeaks(secrets, {
                "stored state": await stack.exportState(),
                "first up's events": eventsWithoutSecretValues(firstUp.events),
                "converge logs": AGENTS.map((a) => logs.read(a)).join("\n"),
            }),
        ).toEqual([]);
        expect(argvSeen).toEqual([]);
    });

    it("a second up changes nothing and makes no SSH login", async () => {
        const before = await logins();
        const again = await stack.up(["--expect-no-changes"]);
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
        expect(await logins()).toEqual(before);
    });

    it("a change to one node runs only that node's converge (its pool's other node untouched)", async () => {
        const before = await logins();
        const agt1Log = logMtime("agt1");
        setNode("agt3", (n) => (n.taints = [{ key: "pool-test", value: "one", effect: "NoSchedule" }]));
        // The preview names the pool and, in its plain node list, the node whose digest changed.
        const preview = await stack.preview(["--diff"]);
        expect(preview.stdout).toContain("edge-agents-pool-2");
        expect(preview.stdout).toMatch(/- agt3=[0-9a-f]{32}\n\s*\+ agt3=[0-9a-f]{32}/);
        expect(preview.stdout).not.toMatch(/[-+] agt1=/);
        const up = await stack.up();
        expect(errorDiagnostics(up.events)).toEqual([]);
        expect(up.status).toBe(0);
        expect(stepOps(up.events)).toEqual(expect.objectContaining({ update: 1 }));
        const after = await logins();
        expect(after.agt3).toBeGreaterThan(before.agt3);
        expect([after.agt1, after.agt2]).toEqual([before.agt1, before.agt2]);
        expect(logMtime("agt1")).toBe(agt1Log);
        expect(await hosts.execOk("agt3", ["cat", "/etc/rancher/k3s/config.yaml"])).toContain("pool-test=one");
    });

    it("a broken host fails naming it; the node beside it in its pool converges; the next up retries", async () => {
        setNode("agt1", (n) => (n.hostKey = hosts.host("srv").hostKey));
        setNode("agt3", (n) => (n.taints = [{ key: "pool-test", value: "two", effect: "NoSchedule" }]));
        const failed = await stack.up();
        expect(failed.status).not.toBe(0);
        const errors = errorDiagnostics(failed.events).join("\n");
        expect(errors).toContain("node agt1:");
        expect(errors).toMatch(/1 of 2 node runs failed: agt1/);
        expect(errors).toContain("pool edge-agents-pool-2: node agt3: converged");
        expect(await hosts.execOk("agt3", ["cat", "/etc/rancher/k3s/config.yaml"])).toContain("pool-test=two");
        setNode("agt1", (n) => (n.hostKey = hosts.host("agt1").hostKey));
        const retried = await stack.up();
        expect(errorDiagnostics(retried.events)).toEqual([]);
        expect(retried.status).toBe(0);
        expect((await hosts.execOk("agt1", ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
    });

    it("a node removed from the spec is unconverged: its host as before", async () => {
        stack.updateConfig((c) => {
            const spec = c["continuum:spec"] as Spec;
            spec.clusters[0].nodes = spec.clusters[0].nodes.filter((n) => n.name !== "agt1");
        });
        const up = await stack.up();
        expect(errorDiagnostics(up.events)).toEqual([]);
        expect(up.status).toBe(0);
        expect(diffSnapshots(pristine.agt1, await snapshot(hosts, "agt1"))).toEqual({ added: [], removed: [] });
        expect((await hosts.execOk("agt3", ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
        expect(logs.read("agt1", "unconverge")).not.toContain(token);
    });

    it("pulumi destroy leaves every host as it was before", async () => {
        const d = await stack.destroy();
        expect(errorDiagnostics(d.events)).toEqual([]);
        expect(d.status).toBe(0);
        for (const n of NODES) {
            expect([n.name, diffSnapshots(pristine[n.name], await snapshot(hosts, n.name))]).toEqual([
                n.name,
                { added: [], removed: [] },
            ]);
        }
    });
});
