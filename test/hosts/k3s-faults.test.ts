/**
 * Faults on real test hosts, through the real engine (stand-in k3s binary): each failure names
 * its host; with `--continue-on-error` it stops only that host (Pulumi's default stops the whole
 * update at the first failed step); the next `pulumi up` converges once the cause is gone.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { diffSnapshots, logLines, snapshot, standInCalls } from "./harness/host-state";
import { k3sStack, STANDIN_LOG } from "./harness/k3s-fixture";
import type { K3sStack } from "./harness/k3s-fixture";
import { errorDiagnostics } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { TestHostRun } from "./harness/test-hosts";

type Node = { name: string; role: string; runtimes?: string[]; capabilities?: string[]; hostKey?: string };
type Spec = { clusters: { nodes: Node[] }[] };

/** The error diagnostics that concern one node (its resources are named <cluster>-<node>-...). */
const about = (up: PulumiRun, node: string, cluster = "edge") =>
    errorDiagnostics(up.events)
        .filter((m) => m.includes(`::${cluster}-${node}-`))
        .join("\n");
/** Did this node's K3s install run (the stand-in k3s is in place once k3s-install.sh got to it)? */
const installRan = async (hosts: TestHostRun, node: string) =>
    (await hosts.exec(node, ["test", "-e", "/usr/local/bin/k3s"])).status === 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("faults at pulumi up on test hosts (stand-in k3s binary)", () => {
    let hosts: TestHostRun;
    let fx: K3sStack;
    let up: PulumiRun;
    const before: Record<string, string[]> = {};

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add(["ok", "badkey", "corrupt", "down"].map((name) => ({ name })));
        for (const n of ["badkey", "corrupt"]) before[n] = await snapshot(hosts, n);
        fx = await k3sStack(hosts, "faults", {
            nodes: [
                { name: "ok", role: "server" },
                { name: "badkey", role: "agent" },
                { name: "down", role: "agent" },
                // A cluster of its own: its K3sCluster takes the files from the corrupted copy.
                { name: "corrupt", role: "server", cluster: "bad" },
            ],
            // A pinned key that is not this host's: another test host's.
            hostKeys: { badkey: hosts.host("ok").hostKey },
            corruptArtifactIn: ["bad"],
        });
        await hosts.stop("down", "poweroff");
        up = await fx.stack.up(["--continue-on-error"]);
    }, 600_000);

    afterAll(() => hosts?.destroy());

    it("fails the update, while the healthy host finishes (--continue-on-error)", async () => {
        expect(up.status).not.toBe(0);
        expect(about(up, "ok")).toBe("");
        expect((await hosts.execOk("ok", ["systemctl", "is-active", "k3s"])).trim()).toBe("active");
    });

    it("refuses a host whose key is not the pinned one, and does nothing there", async () => {
        // Refused by the node's converge over OpenSSH before anything runs, at once and by name.
        expect(about(up, "badkey")).toMatch(
            new RegExp(
                /::edge-badkey-converge .*\n?.*node badkey: /.source +
                    /continuum@\S+ did not present the pinned /.source +
                    /hostKey \(it presented the ED25519 key SHA256:/.source,
            ),
        );
        expect(await installRan(hosts, "badkey")).toBe(false);
        expect(diffSnapshots(before.badkey, await snapshot(hosts, "badkey"))).toEqual({ added: [], removed: [] });
    });

    it("a corrupted artifact stops that host only, naming the file and both checksums", async () => {
        const msg = about(up, "corrupt", "bad");
        expect(msg).toMatch(
            new RegExp(
                `artifact ${fx.artifact.fileName.replace(/[+.]/g, "\\$&")} ` +
                    `has sha256 [0-9a-f]{64}, expected ${fx.artifact.sha256} — nothing was installed on this host`,
            ),
        );
        expect(msg).toContain("on corrupt");
        expect((await hosts.exec("corrupt", ["test", "-e", "/usr/local/bin/k3s"])).status).not.toBe(0);
        expect((await hosts.exec("corrupt", ["test", "-e", "/etc/rancher"])).status).not.toBe(0);
    });

    it("a host that is down fails fast with its name", () => {
        const msg = about(up, "down");
        const concerns = (e: Record<string, unknown>) =>
            JSON.stringify(e.resourcePreEvent ?? e.diagnosticEvent ?? {}).includes('::edge-down-converge"');
        expect(msg).toContain(hosts.host("down").address);
        expect(msg).toMatch(/connection refused|no route to host/i);
        // Eight dial attempts with back-off, not the step's 120 s timeout: from the start of its
        // converge (after the server's, which agents wait for) to its error.
        const events = up.events as Record<string, unknown>[];
        const start = events.find((e) => e.resourcePreEvent && concerns(e))?.timestamp as number | undefined;
        const error = events.find(
            (e) => (e.diagnosticEvent as { severity?: string } | undefined)?.severity === "error" && concerns(e),
        )?.timestamp as number | undefined;
        expect(start).toBeDefined();
        expect(error).toBeDefined();
        expect(error! - start!).toBeLessThan(90);
    });

    it("the next pulumi up converges once the host is back and the faults are fixed", async () => {
        await hosts.start("down");
        fx.stack.updateConfig((config) => {
            const spec = config["continuum:spec"] as Spec;
            for (const n of spec.clusters[0].nodes) {
                if (n.name === "badkey") n.hostKey = hosts.host("badkey").hostKey;
            }
            config["fixture:corruptArtifactIn"] = [];
        });
        const again = await fx.stack.up();
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        for (const n of ["badkey", "down"]) {
            expect((await hosts.execOk(n, ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
        }
        expect((await hosts.execOk("corrupt", ["systemctl", "is-active", "k3s"])).trim()).toBe("active");
        const d = await fx.stack.destroy();
        expect(d.status).toBe(0);
    });
});

describe("a host losing power in the middle of its install (stand-in k3s binary)", () => {
    let hosts: TestHostRun;
    let fx: K3sStack;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add([{ name: "victim" }]);
        fx = await k3sStack(hosts, "powercut", { nodes: [{ name: "victim", role: "server" }] });
    }, 300_000);

    afterAll(() => hosts?.destroy());

    it("fails that up; the next up converges", async () => {
        // The stand-in server takes 60 s to report ready: k3s-install.sh waits in `systemctl start`.
        await hosts.execOk("victim", ["sh", "-c", "echo 60 > /etc/k3s-standin-start-delay"]);
        const pending = fx.stack.up();
        const deadline = Date.now() + 120_000;
        while (!standInCalls(await logLines(hosts, "victim", STANDIN_LOG)).includes("k3s server")) {
            if (Date.now() > deadline) throw new Error("the install never started the stand-in server");
            await sleep(200);
        }
        await hosts.stop("victim", "kill");
        const cut = await pending;
        expect(cut.status).not.toBe(0);
        expect(about(cut, "victim")).not.toBe("");

        // Off the disk before it boots again (its enabled K3s unit starts at boot).
        rmSync(path.join(hosts.host("victim").dir, "root", "etc", "k3s-standin-start-delay"));
        await hosts.start("victim");
        const again = await fx.stack.up();
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        expect((await hosts.execOk("victim", ["systemctl", "is-active", "k3s"])).trim()).toBe("active");
        expect((await hosts.execOk("victim", ["cat", "/etc/continuum/installed"])).trim()).toBe("k3s-server");
        expect((await fx.stack.destroy()).status).toBe(0);
    });
});

describe("preflight failures (stand-in k3s binary)", () => {
    let hosts: TestHostRun;
    let before: string[];
    let r: PulumiRun;
    let msg: string;
    let cgroupMsg: string;
    let srvInstalledAfterFirst: boolean;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add([{ name: "srv" }, { name: "nokvm" }]);
        before = await snapshot(hosts, "nokvm");
        // The K3s requirements as K3sCluster has them (cgroup v2 kept), and a node asking for Kata.
        const fx = await k3sStack(hosts, "preflight", {
            nodes: [
                { name: "srv", role: "server" },
                { name: "nokvm", role: "agent", runtimes: ["kata"], capabilities: ["kvm"] },
            ],
            requireCgroupV2: true,
        });
        // A failed preflight gate fails that node's converge, before its install step; agents wait
        // for the servers, so the server's cgroups failure is the first up's.
        const first = await fx.stack.up();
        cgroupMsg = errorDiagnostics(first.events).join("\n");
        srvInstalledAfterFirst = await installRan(hosts, "srv");
        // With the cgroups check reported only (these hosts boot hybrid cgroups), the server
        // installs and the agent's own gate fails on /dev/kvm.
        fx.stack.updateConfig((c) => {
            c["fixture:requireCgroupV2"] = false;
        });
        r = await fx.stack.up();
        msg = errorDiagnostics(r.events).join("\n");
        expect((await fx.stack.destroy()).status).toBe(0);
    }, 600_000);

    afterAll(() => hosts?.destroy());

    it("names the host, each failed check and its fix", () => {
        expect(r.status).not.toBe(0);
        expect(msg).toContain(
            `preflight failed on node 'nokvm' (${hosts.host("nokvm").address}); nothing was installed there`,
        );
        expect(msg).toMatch(/- kvm: \/dev\/kvm is absent — enable virtualization/);
    });

    it(
        "refuses these hosts with K3s's cgroup requirement: the kernel here " +
            "offers hybrid cgroups, not the unified v2 hierarchy",
        () => {
            expect(cgroupMsg).toMatch(
                new RegExp(
                    /preflight failed on node 'srv' \([0-9.]+\); /.source +
                        /nothing was installed there:\n\s+- cgroups: /.source +
                        /\/sys\/fs\/cgroup is tmpfs \(not the unified v2 hierarchy\)/.source,
                ),
            );
            expect(srvInstalledAfterFirst).toBe(false);
        },
    );

    it(
        "never runs the install script, and changes nothing on the host outside " +
            "the toolkit's own step directories",
        async () => {
            expect(await installRan(hosts, "nokvm")).toBe(false);
            const added = diffSnapshots(before, await snapshot(hosts, "nokvm")).added;
            expect(added.filter((l) => !l.includes("/home/continuum/.continuum"))).toEqual([]);
        },
    );
});
