/**
 * Two converges never run at once on a host, and a cancelled one does not run on for ever:
 * components/hosts/scripts/fleet-node-ssh.sh (as a fleet node's local command runs it) against a
 * disposable Debian host, with a bundle of the real converge runner and host library
 * (node-converge.sh, converge-lib.sh, continuum-lib.sh) and one test-fixture step that takes the
 * host lock as every step does, records itself and sleeps.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderConvergeInput } from "../../components/hosts/converge-params";
import { run } from "./harness/shell";
import type { Finished } from "./harness/shell";
import { TestHostRun } from "./harness/test-hosts";

const HOST_SCRIPTS = path.join(__dirname, "..", "..", "components", "hosts", "scripts");
const SCRIPT = path.join(HOST_SCRIPTS, "fleet-node-ssh.sh");
const LOG = "/var/tmp/hold-step.log";
/** A test fixture step (not a host script): the host lock as every step takes it, then a wait. */
const HOLD_STEP = `#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "\${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init hold-step
echo "$RUN start" >>${LOG}
sleep "$HOLD"
echo "$RUN end" >>${LOG}
`;

describe("one converge at a time on a host, bounded there", () => {
    let hosts: TestHostRun;
    let tmp: string;
    let bundles: string;
    const BUNDLE = createHash("sha256").update("converge-lock.test.ts bundle").digest("hex");
    const RDIR = `.continuum-bundle-${BUNDLE.slice(0, 16)}`;

    beforeAll(async () => {
        tmp = mkdtempSync(path.join(os.tmpdir(), "converge-lock-test-"));
        bundles = path.join(tmp, "bundles");
        const dir = path.join(bundles, BUNDLE);
        mkdirSync(dir, { recursive: true });
        for (const f of ["continuum-lib.sh", "converge-lib.sh", "node-converge.sh", "node-unconverge.sh"])
            copyFileSync(path.join(HOST_SCRIPTS, f), path.join(dir, f));
        writeFileSync(path.join(dir, "hold-step.sh"), HOLD_STEP);
        hosts = await TestHostRun.create();
        await hosts.add([{ name: "node1" }]);
    }, 600_000);

    afterAll(() => {
        hosts?.destroy();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    function env(over: Record<string, string> = {}): Record<string, string> {
        const h = hosts.host("node1");
        return {
            ...(process.env as Record<string, string>),
            CONTINUUM_NODE: h.name,
            CONTINUUM_SSH_HOST: h.address,
            CONTINUUM_SSH_PORT: String(h.port),
            CONTINUUM_SSH_USER: h.user,
            CONTINUUM_SSH_HOST_KEY: h.hostKey,
            CONTINUUM_BUNDLE: BUNDLE,
            CONTINUUM_BUNDLE_DIR: bundles,
            CONTINUUM_REMOTE_DIR: RDIR,
            CONTINUUM_REMOTE_CONVERGE: `sudo -n -- bash ${RDIR}/node-converge.sh`,
            CONTINUUM_REMOTE_UNCONVERGE: `sudo -n -- bash ${RDIR}/node-unconverge.sh`,
            CONTINUUM_DIAL_ATTEMPTS: "5",
            CONTINUUM_DIAL_TIMEOUT: "5",
            CONTINUUM_RUN_TIMEOUT: "120",
            CONTINUUM_LOG_DIR: path.join(tmp, "logs"),
            ...over,
        };
    }
    const input = (runName: string, hold: number, lockWait: number) =>
        `${Buffer.from(hosts.privateKey).toString("base64")}\n-\n` +
        renderConvergeInput("node1", [{ script: "hold-step.sh", params: { RUN: runName, HOLD: String(hold) } }], {
            LOCK_WAIT_SECONDS: String(lockWait),
        });
    const converge = (
        runName: string,
        hold: number,
        lockWait: number,
        over: Record<string, string> = {},
    ): Promise<Finished> =>
        run(["bash", SCRIPT, "converge"], {
            env: env(over),
            input: input(runName, hold, lockWait),
            timeoutMs: 300_000,
        });
    const log = async () => (await hosts.exec("node1", ["cat", LOG])).stdout;
    const holdSteps = async () => (await hosts.exec("node1", ["pgrep", "-f", "hold-step.sh"])).stdout.trim();
    const until = async (what: () => Promise<boolean>, ms = 60_000) => {
        const deadline = Date.now() + ms;
        while (!(await what())) {
            if (Date.now() > deadline) throw new Error("timed out");
            await new Promise((r) => setTimeout(r, 250));
        }
    };

    it(
        "a second converge waits a bounded time, then fails naming the host " +
            "and the holder; a patient one runs after the first",
        async () => {
            const first = converge("A", 10, 5);
            await until(async () => (await log()).includes("A start"));
            const t0 = Date.now();
            const refused = await converge("B", 0, 2);
            expect(refused.status).toBe(1);
            const hostname = (await hosts.execOk("node1", ["hostname"])).trim();
            expect(refused.stderr).toMatch(
                new RegExp(
                    `continuum\\[node-converge\\] on ${hostname}: another continuum ` +
                        `run still holds /run/continuum/converge\\.lock after 2s: node-converge \\(pid ` +
                        `\\d+, started [\\dT:Z-]+\\) — wait for it to finish`,
                ),
            );
            expect((Date.now() - t0) / 1000).toBeLessThan(30);
            const patient = await converge("C", 0, 60);
            expect(patient.status).toBe(0);
            // A node's converge prints nothing on success: what it said while waiting is in its log.
            expect(patient.stderr).toBe("");
            const logs = readdirSync(path.join(tmp, "logs"));
            expect(logs).toEqual([expect.stringMatching(/^node1_.*\.converge\.log$/)]);
            expect(readFileSync(path.join(tmp, "logs", logs[0]), "utf8")).toContain(
                "another continuum run holds /run/continuum/converge.lock",
            );
            expect((await first).status).toBe(0);
            expect(await log()).toBe("A start\nA end\nC start\nC end\n");
        },
        300_000,
    );

    it(
        "a cancelled converge (TERM here, as pulumi cancel does) goes on " +
            "at most its run timeout on the host, holding the lock; the next one waits for it",
        async () => {
            await hosts.execOk("node1", ["rm", "-f", LOG]);
            const child = spawn("bash", [SCRIPT, "converge"], {
                env: env({ CONTINUUM_RUN_TIMEOUT: "8" }),
                stdio: ["pipe", "ignore", "ignore"],
            });
            child.stdin.end(input("D", 300, 5));
            const exited = new Promise<number | null>((r) =>
                child.on("exit", (code, signal) => r(code ?? (signal ? 128 : null))),
            );
            await until(async () => (await log()).includes("D start"));
            const cancelledAt = Date.now();
            child.kill("SIGTERM");
            expect(await exited).not.toBe(0);
            // The local ssh is gone; on the host the converge still holds the lock.
            expect(await holdSteps()).not.toBe("");
            const next = await converge("E", 0, 60);
            expect(next.status).toBe(0);
            const waited = (Date.now() - cancelledAt) / 1000;
            expect(waited).toBeLessThan(8 + 15 + 10);
            expect(await log()).toBe("D start\nE start\nE end\n");
            expect(await holdSteps()).toBe("");
            console.log(
                `cancelled converge ended on the host and the next one ran ${waited.toFixed(1)}s ` +
                    `after the cancel (run timeout 8s)`,
            );
        },
        300_000,
    );
});
