/**
 * Per-node failure and retry of fleet nodes (the real `K3sCluster`, one converge per node over
 * OpenSSH, stand-in k3s binary): one agent's pinned host key is wrong. `pulumi up
 * --continue-on-error` converges every other node and fails that one at once (no retries), naming
 * it and the fix; nothing is installed there. With the key corrected, the next `pulumi up` creates
 * only that node's converge: the others stay as they are.
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { logLines, sshLogins, standInCalls } from "./harness/host-state";
import { k3sSpec, prepareArtifacts, STANDIN_LOG } from "./harness/k3s-fixture";
import { errorDiagnostics, FixtureStack, stepOps } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { TestHostRun } from "./harness/test-hosts";

const FLEET_FIXTURE = path.join(__dirname, "fixtures", "k3s-fleet");
const NODES = [
    { name: "srv", role: "server" as const },
    { name: "agt1", role: "agent" as const },
    { name: "agt2", role: "agent" as const },
];

type SpecNode = { name: string; hostKey?: string };
type Spec = { clusters: { nodes: SpecNode[] }[] };

describe("K3s fleet: one node fails, the others converge; the next up retries only that node", () => {
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let first: PulumiRun;
    let started: number;
    const bundleDirBefore = process.env.CONTINUUM_BUNDLE_DIR;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add(NODES.map((n) => ({ name: n.name })));
        const dir = path.join(hosts.dir, "stacks", "failures");
        process.env.CONTINUUM_BUNDLE_DIR = path.join(dir, "bundles");
        const art = prepareArtifacts(dir);
        const spec = k3sSpec(hosts, { nodes: NODES }, art.airgapDir) as unknown as Spec;
        // agt2 pins another host's key: whatever answers on its address is not trusted.
        spec.clusters[0].nodes.find((n) => n.name === "agt2")!.hostKey = hosts.host("srv").hostKey;
        stack = new FixtureStack(FLEET_FIXTURE, "failures", dir);
        await stack.init(
            {
                "continuum:spec": spec,
                "fixture:cluster": "edge",
            },
            {
                "continuum:spec.ssh.privateKey": hosts.privateKey,
                "fixture:k3sToken": randomBytes(24).toString("hex"),
            },
        );
        started = Date.now();
        first = await stack.up(["--continue-on-error"]);
    }, 600_000);

    afterAll(() => {
        if (bundleDirBefore === undefined) delete process.env.CONTINUUM_BUNDLE_DIR;
        else process.env.CONTINUUM_BUNDLE_DIR = bundleDirBefore;
        hosts?.destroy();
    });

    it("fails only agt2, at once, naming the node, its address and what to do", () => {
        expect(first.status).not.toBe(0);
        const errors = errorDiagnostics(first.events).filter((e) => e.includes("continuum[fleet-node-ssh]"));
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(e).toContain("node agt2:");
        expect(errors.join("\n")).toMatch(
            new RegExp(
                /did not present the pinned hostKey \(it /.source +
                    /presented the ED25519 key SHA256:[A-Za-z0-9+/]+\) /.source +
                    /— if the host was reinstalled, check its /.source +
                    /key out of band \(ssh-keyscan -t ed25519 /.source,
            ),
        );
        expect(`${first.stdout}\n${first.stderr}`).not.toContain("retrying in");
        // Well under one dial timeout of a retried failure (8 × 20 s).
        expect((Date.now() - started) / 1000).toBeLessThan(120);
    });

    it("converges every other node; nothing reached agt2", async () => {
        for (const n of NODES.filter((x) => x.name !== "agt2")) {
            expect(standInCalls(await logLines(hosts, n.name, STANDIN_LOG))).toContain(`k3s ${n.role}`);
            expect(
                (
                    await hosts.execOk(n.name, ["systemctl", "is-active", n.role === "server" ? "k3s" : "k3s-agent"])
                ).trim(),
            ).toBe("active");
        }
        expect(await sshLogins(hosts, "agt2")).toBe(0);
        expect(
            (await hosts.exec("agt2", ["sh", "-c", "ls -d /home/continuum/.continuum-bundle-* /usr/local/bin/k3s"]))
                .status,
        ).not.toBe(0);
    });

    it("with the key corrected, the next up creates agt2's converge only", async () => {
        stack.updateConfig((c) => {
            const spec = c["continuum:spec"] as Spec;
            spec.clusters[0].nodes.find((n) => n.name === "agt2")!.hostKey = hosts.host("agt2").hostKey;
        });
        const again = await stack.up();
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        const ops = stepOps(again.events);
        expect(ops.create).toBe(1);
        expect(Object.keys(ops).sort()).toEqual(["create", "same"]);
        expect(standInCalls(await logLines(hosts, "agt2", STANDIN_LOG))).toContain("k3s agent");
        expect((await hosts.execOk("agt2", ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
    });
});
