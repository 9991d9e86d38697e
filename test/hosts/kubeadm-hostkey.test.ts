/**
 * The kubeadm path's host key check against disposable hosts, with the real engine and the real
 * command provider (fixture `fixtures/kubeadm-hostkey/`: each node's converge as `KubeadmCluster`
 * declares it, its preflight gate first). The worker pins another host's key: under `pulumi up
 * --continue-on-error` its converge (fleet-node-ssh.sh over OpenSSH) fails at once, naming the
 * node, its address and the key it presented; nothing runs and nothing logs in there; the control
 * plane's converge passes and its next one-shot step runs. For comparison, the same wrong key on
 * the command provider's own client (`fixture:providerDirect`, what the kubeadm path did before):
 * it retries the mismatch like a network error (pulumi-command v1.2.1 `dialWithRetry`).
 */
import * as path from "node:path";
import { run } from "./harness/shell";
import { ConvergeLogs } from "./harness/converge-logs";
import { sshLogins } from "./harness/host-state";
import { errorDiagnostics, FixtureStack } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { TestHostRun } from "./harness/test-hosts";

const FIXTURE = path.join(__dirname, "fixtures", "kubeadm-hostkey");

type Event = Record<string, unknown>;
/** Seconds from the first event about a resource to the error diagnostic about it. */
function failedAfter(events: Event[], name: string): number | undefined {
    const about = (e: Event) => JSON.stringify(e.resourcePreEvent ?? e.diagnosticEvent ?? {}).includes(`::${name}"`);
    const first = events.find((e) => e.resourcePreEvent && about(e));
    const error = events.find(
        (e) => (e.diagnosticEvent as { severity?: string } | undefined)?.severity === "error" && about(e),
    );
    if (!first || !error) return undefined;
    return (error.timestamp as number) - (first.timestamp as number);
}

async function fingerprint(key: string): Promise<string> {
    const r = await run(["ssh-keygen", "-lf", "-"], { input: `${key}\n` });
    return /SHA256:[A-Za-z0-9+/]+/.exec(r.stdout)?.[0] ?? `(no fingerprint: ${r.stdout}${r.stderr})`;
}

describe("kubeadm path: a wrong pinned host key fails that host at once", () => {
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let up: PulumiRun;

    function spec(): Record<string, unknown> {
        const node = (name: string, role: string, keyOf: string) => ({
            name,
            host: hosts.host(name).address,
            hostKey: hosts.host(keyOf).hostKey,
            roles: [role],
        });
        return {
            ssh: { user: "continuum", sudo: { mode: "nopasswd" }, timeoutSeconds: 120 },
            clusters: [
                {
                    name: "cloud",
                    tier: "cloud",
                    distribution: "kubeadm",
                    substrate: "ssh",
                    network: { podCidr: "10.10.0.0/16", serviceCidr: "10.110.0.0/16" },
                    // The worker pins the control plane's key: whatever answers on its address is not trusted.
                    nodes: [node("cp", "control-plane", "cp"), node("w", "worker", "cp")],
                },
            ],
        };
    }

    let logs: ConvergeLogs;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        logs = new ConvergeLogs(path.join(hosts.dir, "converge-logs"));
        await hosts.add([{ name: "cp" }, { name: "w" }]);
        stack = new FixtureStack(FIXTURE, "hostkey", path.join(hosts.dir, "stacks", "kubeadm-hostkey"));
        await stack.init(
            { "continuum:spec": spec(), "fixture:providerDirect": false },
            { "continuum:spec.ssh.privateKey": hosts.privateKey },
        );
        up = await stack.up(["--continue-on-error"]);
    }, 900_000);

    afterAll(() => {
        logs?.restore();
        hosts?.destroy();
    });

    it("fails the worker's host key check at once, naming the node, its address and the key it presented", async () => {
        expect(up.status).not.toBe(0);
        const errors = errorDiagnostics(up.events);
        const w = hosts.host("w");
        const mine = errors.filter((e) => e.includes("cloud-w-converge"));
        expect(mine.join("\n")).toContain(
            `continuum[fleet-node-ssh] node w: continuum@${w.address}:22 ` +
                `did not present the pinned hostKey (it presented the ED25519 key ${await fingerprint(w.hostKey)})`,
        );
        expect(`${up.stdout}\n${up.stderr}`).not.toContain("retrying in");
        const seconds = failedAfter(up.events, "cloud-w-converge");
        expect(seconds).toBeDefined();
        expect(seconds!).toBeLessThan(15);
        // Every error is about the worker.
        for (const e of errors) expect(e).toMatch(/cloud-w-converge|node w:|update failed|one or more errors/i);
        console.log(
            `wrong host key on the kubeadm path: failed ${seconds}s after ` +
                `the check started; up took ${up.seconds.toFixed(1)}s`,
        );
    });

    it(
        "runs nothing on the worker and logs in nowhere there; the control " +
            "plane's converge passes and its next step runs",
        async () => {
            expect(await sshLogins(hosts, "w")).toBe(0);
            expect(await sshLogins(hosts, "cp")).toBeGreaterThan(0);
            const outputs = JSON.stringify(up.events.filter((e) => e.resOutputsEvent));
            expect(outputs).toContain("::cloud-cp-converge");
            expect(outputs).not.toContain("::cloud-w-converge");
            // The one-shot step after the converge (wired as the kubeconfig step) runs on the control plane, on
            // the same transport.
            expect(outputs).toContain("::cloud-cp-next-run");
            // The converge's output is its log here (not the up's output, nor the state).
            expect(logs.read("cp")).toContain("preflight passed on node cp");
        },
    );

    it("for comparison: the command provider's own client retries the same mismatch before it fails", async () => {
        stack.updateConfig((c) => {
            c["fixture:providerDirect"] = true;
        });
        const direct = await stack.up(["--continue-on-error"]);
        expect(direct.status).not.toBe(0);
        const err = errorDiagnostics(direct.events)
            .filter((e) => e.includes("w-provider-direct"))
            .join("\n");
        expect(err).toMatch(/host key mismatch/);
        const seconds = failedAfter(direct.events, "w-provider-direct");
        console.log(`the same wrong key on the provider's client: failed after ${seconds}s: ${err.slice(0, 400)}`);
        expect(seconds).toBeDefined();
        expect(await sshLogins(hosts, "w")).toBe(0);
    });
});
