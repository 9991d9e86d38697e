/**
 * K3s over SSH, for real, on disposable Debian hosts: the real Pulumi engine and command
 * provider run the toolkit's node converges (preflight gate, bundle push, k3s-install.sh,
 * k3s-uninstall.sh, runtimes) and the kubeconfig step from a real continuum:spec. The K3s binary is a stand-in (it
 * cannot be downloaded here): it goes through the airgap artifact path and records its calls.
 */
import * as path from "node:path";
import { parse } from "yaml";
import { ConvergeLogs } from "./harness/converge-logs";
import { diffSnapshots, logLines, snapshot, sshLogins, standInCalls } from "./harness/host-state";
import { dropNodes, k3sStack, K3S_VERSION, STANDIN_LOG } from "./harness/k3s-fixture";
import type { K3sStack } from "./harness/k3s-fixture";
import { errorDiagnostics, stepOps } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { TestHostRun } from "./harness/test-hosts";
import { eventsWithoutSecretValues, secretLeaks, secretValues } from "./harness/secret-scan";
import { run } from "./harness/shell";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";

const NODES = ["srv", "agt1", "agt2"];

describe("K3s over SSH on test hosts (stand-in k3s binary)", () => {
    let hosts: TestHostRun;
    let fx: K3sStack;
    let firstUp: PulumiRun;
    const pristine: Record<string, string[]> = {};
    let logs: ConvergeLogs;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        logs = new ConvergeLogs(path.join(hosts.dir, "converge-logs"));
        await hosts.add(NODES.map((name) => ({ name })));
        for (const n of NODES) pristine[n] = await snapshot(hosts, n);
        fx = await k3sStack(hosts, "k3s", {
            nodes: [
                { name: "srv", role: "server" },
                { name: "agt1", role: "agent", labels: { site: "a" }, runtimes: ["crun"] },
                { name: "agt2", role: "agent" },
            ],
        });
        firstUp = await fx.stack.up();
    }, 600_000);

    afterAll(() => {
        logs?.restore();
        hosts?.destroy();
    });

    it("pulumi up succeeds", () => {
        expect(errorDiagnostics(firstUp.events)).toEqual([]);
        expect(firstUp.status).toBe(0);
    });

    it("runs preflight on every host first in its converge, and installs there only after it passed", async () => {
        for (const n of NODES) {
            const inputs = await fx.stack.resourceInputs("command:local:Command", `edge-${n}-converge`);
            const input = parseConvergeInput(parseFleetSshStdin(inputs.stdin as string).convergeInput);
            expect(input.global.STEPS.split(" ").slice(0, 2)).toEqual(["preflight-gate.sh", "k3s-install.sh"]);
        }
        // A converge's output is its log on this machine, not the up's output (nor the state).
        for (const n of NODES) expect(logs.read(n)).toContain(`preflight passed on node ${n}`);
    });

    it(
        "starts a K3s server and agents joining it, from the rendered config " +
            "and a 0600 token file (stand-in k3s binary)",
        async () => {
            const srv = hosts.host("srv");
            expect(standInCalls(await logLines(hosts, "srv", STANDIN_LOG))).toContain("k3s server");
            for (const n of ["agt1", "agt2"]) {
                expect(standInCalls(await logLines(hosts, n, STANDIN_LOG))).toContain("k3s agent");
                const cfg = parse(await hosts.execOk(n, ["cat", "/etc/rancher/k3s/config.yaml"])) as Record<
                    string,
                    unknown
                >;
                expect(cfg).toMatchObject({
                    "node-name": n,
                    server: `https://${srv.address}:6443`,
                    "token-file": "/etc/rancher/k3s/continuum-token",
                });
                expect((await hosts.execOk(n, ["systemctl", "is-enabled", "k3s-agent"])).trim()).toBe("enabled");
                expect((await hosts.execOk(n, ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
            }
            const cfg = parse(await hosts.execOk("srv", ["cat", "/etc/rancher/k3s/config.yaml"])) as Record<
                string,
                unknown
            >;
            expect(cfg).toMatchObject({
                "node-name": "srv",
                "cluster-cidr": "10.42.0.0/16",
                "service-cidr": "10.43.0.0/16",
            });
            expect(cfg["tls-san"]).toEqual(expect.arrayContaining([srv.address, "srv"]));
            expect((await hosts.execOk("srv", ["systemctl", "is-active", "k3s"])).trim()).toBe("active");
            for (const n of NODES) {
                expect(
                    (await hosts.execOk(n, ["stat", "-c", "%a %U", "/etc/rancher/k3s/continuum-token"])).trim(),
                ).toBe("600 root");
                expect((await hosts.execOk(n, ["cat", "/etc/rancher/k3s/continuum-token"])).trim()).toBe(fx.token);
                expect(await hosts.execOk(n, ["/usr/local/bin/k3s", "--version"])).toContain(
                    `k3s version ${K3S_VERSION} (stand-in)`,
                );
            }
        },
    );

    it(
        "installs crun from the distribution package and restarts K3s so " +
            "it renders the crun handler (stand-in k3s binary)",
        async () => {
            expect(await hosts.execOk("agt1", ["crun", "--version"])).toMatch(/^crun version \d+\.\d+/);
            expect(await hosts.execOk("agt1", ["dpkg-query", "-W", "-f", "${db:Status-Abbrev}", "crun"])).toMatch(
                /^ii/,
            );
            expect(
                await hosts.execOk("agt1", ["cat", "/var/lib/rancher/k3s/agent/etc/containerd/config-v3.toml"]),
            ).toMatch(/runtimes\."crun"\]/);
            const starts = standInCalls(await logLines(hosts, "agt1", STANDIN_LOG)).filter((c) => c === "k3s agent");
            expect(starts.length).toBe(2);
            // Only the node that asked for it.
            expect(
                (await hosts.exec("agt2", ["dpkg-query", "-W", "-f", "${db:Status-Abbrev}", "crun"])).stdout,
            ).not.toMatch(/^ii/);
        },
    );

    it("pushes the pinned K3s file to each host, where its sha256 is the pinned one", async () => {
        for (const n of NODES) {
            const out = await hosts.execOk(n, [
                "sh",
                "-c",
                `sha256sum /home/continuum/.continuum-bundle-*/${fx.artifact.fileName} /usr/local/bin/k3s`,
            ]);
            const sums = out
                .trim()
                .split("\n")
                .map((l) => l.split(/\s+/)[0]);
            expect(sums).toEqual([fx.artifact.sha256, fx.artifact.sha256]);
        }
    });

    it(
        "keeps the token and the kubeconfig out of the state in plain text; " +
            "the kubeconfig points at the API endpoint",
        async () => {
            const state = await fx.stack.exportState();
            expect(state).not.toContain(fx.token);
            expect(state).not.toContain("client-key-data");
            const outputs = await fx.stack.outputs();
            const kubeconfig = parse(outputs.kubeconfig as string) as { clusters: { cluster: { server: string } }[] };
            expect(kubeconfig.clusters[0].cluster.server).toBe(`https://${hosts.host("srv").address}:6443`);
        },
    );

    it(
        "no secret of the stack (token, SSH key, kubeconfig, any secret stdin) " +
            "appears in the stored state or the up's log",
        async () => {
            const secrets = secretValues(await fx.stack.exportState(true));
            expect(secrets).toContain(fx.token);
            expect(
                secretLeaks(secrets, {
                    "stored state": await fx.stack.exportState(),
                    "first up's events": eventsWithoutSecretValues(firstUp.events),
                }),
            ).toEqual([]);
        },
    );

    it("a second pulumi up changes nothing and runs no remote command", async () => {
        const before = await Promise.all(
            NODES.map(async (n) => [await sshLogins(hosts, n), (await logLines(hosts, n, STANDIN_LOG)).length]),
        );
        expect(before.every(([logins]) => logins > 0)).toBe(true);
        const again = await fx.stack.up(["--expect-no-changes"]);
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
        const after = await Promise.all(
            NODES.map(async (n) => [await sshLogins(hosts, n), (await logLines(hosts, n, STANDIN_LOG)).length]),
        );
        expect(after).toEqual(before);
    });

    it("each node's converge run twice by hand with the same input changes nothing", async () => {
        for (const n of NODES) {
            const inputs = await fx.stack.resourceInputs("command:local:Command", `edge-${n}-converge`);
            const [cmd, ...args] = (inputs.create as string).split(" ");
            const before = await snapshot(hosts, n);
            const calls = (await logLines(hosts, n, STANDIN_LOG)).length;
            for (let i = 0; i < 2; i++) {
                // As the command provider runs it: in the project directory, with its environment and stdin.
                const r = await run([cmd, ...args], {
                    input: inputs.stdin as string,
                    cwd: fx.stack.programDir,
                    env: inputs.environment as Record<string, string>,
                });
                expect(r.stderr).not.toMatch(/restarting/);
                expect([n, r.status]).toEqual([n, 0]);
                if (n === "agt1") expect(logs.read(n)).toContain("changed=0");
                expect(diffSnapshots(before, await snapshot(hosts, n))).toEqual({ added: [], removed: [] });
            }
            const newCalls = standInCalls((await logLines(hosts, n, STANDIN_LOG)).slice(calls));
            expect(newCalls.filter((c) => /^k3s (server|agent)/.test(c))).toEqual([]);
        }
    });

    it("dropping a node from the spec runs its uninstall and leaves that host as it was", async () => {
        dropNodes(fx.stack, ["agt2"]);
        const up = await fx.stack.up();
        expect(errorDiagnostics(up.events)).toEqual([]);
        expect(up.status).toBe(0);
        expect(stepOps(up.events).delete).toBeGreaterThan(0);
        expect(await hosts.exec("agt2", ["systemctl", "is-active", "k3s-agent"])).toMatchObject({
            stdout: "inactive\n",
        });
        expect(diffSnapshots(pristine.agt2, await snapshot(hosts, "agt2"))).toEqual({ added: [], removed: [] });
        expect((await hosts.execOk("agt1", ["systemctl", "is-active", "k3s-agent"])).trim()).toBe("active");
    });

    it("pulumi destroy leaves every host as it was before: files, units, packages", async () => {
        const d = await fx.stack.destroy();
        expect(errorDiagnostics(d.events)).toEqual([]);
        expect(d.status).toBe(0);
        const diffs: Record<string, unknown> = {};
        const clean: Record<string, unknown> = {};
        for (const n of NODES) {
            diffs[n] = diffSnapshots(pristine[n], await snapshot(hosts, n));
            clean[n] = { added: [], removed: [] };
        }
        expect(diffs).toEqual(clean);
    });
});
