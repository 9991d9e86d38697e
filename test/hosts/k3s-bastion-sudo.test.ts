/**
 * Hosts reachable only through a bastion (`ssh.bastion` → the command provider's
 * connection.proxy), whose sudo asks for a password (sent on stdin, never on a command line),
 * through the real engine (stand-in k3s binary).
 */
import { logLines, standInCalls } from "./harness/host-state";
import { k3sStack, STANDIN_LOG } from "./harness/k3s-fixture";
import type { K3sStack } from "./harness/k3s-fixture";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { errorDiagnostics } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { TestHostRun } from "./harness/test-hosts";

describe("K3s through a bastion with password sudo (stand-in k3s binary)", () => {
    let hosts: TestHostRun;
    let fx: K3sStack;
    let up: PulumiRun;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add([
            { name: "jump" },
            { name: "inner1", behind: "jump", sudo: "password" },
            { name: "inner2", behind: "jump", sudo: "password" },
        ]);
        fx = await k3sStack(hosts, "bastion", {
            nodes: [
                { name: "inner1", role: "server" },
                { name: "inner2", role: "agent" },
            ],
            bastion: "jump",
            sudo: "password",
        });
        up = await fx.stack.up();
    }, 600_000);

    afterAll(() => hosts?.destroy());

    it("installs on both hosts", async () => {
        expect(errorDiagnostics(up.events)).toEqual([]);
        expect(up.status).toBe(0);
        expect(standInCalls(await logLines(hosts, "inner1", STANDIN_LOG))).toContain("k3s server");
        expect(standInCalls(await logLines(hosts, "inner2", STANDIN_LOG))).toContain("k3s agent");
    });

    it("reaches them only through the bastion: every login comes from the bastion's side of their link", async () => {
        for (const n of ["inner1", "inner2"]) {
            const journal = await hosts.execOk(n, ["journalctl", "--no-pager", "-o", "cat", "-u", "ssh.service"]);
            const from = [...journal.matchAll(/^Accepted publickey for continuum from (\S+) /gm)].map((m) => m[1]);
            expect(from.length).toBeGreaterThan(0);
            expect(new Set(from)).toEqual(new Set([hosts.host(n).link.outer]));
        }
    });

    it(
        "becomes root with sudo -S and the password on stdin; the password " +
            "is in no command line and not in the state in plain text",
        async () => {
            const inputs = await fx.stack.resourceInputs("command:local:Command", "edge-inner1-converge");
            const env = inputs.environment as Record<string, string>;
            expect(env.CONTINUUM_REMOTE_CONVERGE).toMatch(
                /^sudo -k -S -p '' -- bash \.continuum-bundle-[0-9a-f]{16}\/node-converge\.sh$/,
            );
            expect(parseFleetSshStdin(String(inputs.stdin)).convergeInput.split("\n")[0]).toBe(hosts.password);
            expect(JSON.stringify([inputs.create, inputs.delete, env])).not.toContain(hosts.password);
            expect(await fx.stack.exportState()).not.toContain(hosts.password);
            // sudo -n is refused on these hosts: the password really was needed.
            const n = await hosts.ssh("inner1", "sudo -n true");
            expect(n.stderr).toMatch(/a password is required/);
        },
    );

    it("destroy runs the uninstall through the bastion too", async () => {
        const d = await fx.stack.destroy();
        expect(errorDiagnostics(d.events)).toEqual([]);
        expect(d.status).toBe(0);
        for (const n of ["inner1", "inner2"]) {
            expect((await hosts.exec(n, ["test", "-e", "/etc/rancher/k3s"])).status).not.toBe(0);
            expect((await hosts.exec(n, ["test", "-e", "/usr/local/bin/k3s"])).status).not.toBe(0);
        }
    });
});
