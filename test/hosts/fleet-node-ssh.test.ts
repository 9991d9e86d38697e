/**
 * components/hosts/scripts/fleet-node-ssh.sh run directly (as a fleet node's local command runs
 * it) against disposable Debian hosts: push of a fake bundle, the run as root (sudo -n, or sudo -S
 * with the password on stdin), a bastion, fail-fast on pinned host key and refused login, retries
 * on network errors, the run timeout, unconverge, and no leftovers on this machine. A pass-through
 * `mktemp` first on PATH records each run's private directory, for the hygiene checks.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
    chmodSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    renameSync,
    rmSync,
    statSync,
    writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "./harness/shell";
import type { Finished } from "./harness/shell";
import { TestHostRun } from "./harness/test-hosts";
import type { TestHost } from "./harness/test-hosts";

const SCRIPT = path.join(__dirname, "..", "..", "components", "hosts", "scripts", "fleet-node-ssh.sh");
const OUT = "/var/tmp/fake-bundle";
const CONVERGE = `#!/usr/bin/env bash
set -eu
mkdir -p ${OUT}
id -u >${OUT}/uid
pwd >${OUT}/pwd
cat >${OUT}/stdin
case "$(head -n 1 ${OUT}/stdin)" in sleep\\ *) s="$(head -n 1 ${OUT}/stdin)"; sleep "\${s#sleep }" ;; esac
echo "fake converge ran on $(hostname)"
`;
const UNCONVERGE = `#!/usr/bin/env bash
set -eu
mkdir -p ${OUT}
id -u >${OUT}/unconverge-uid
echo "fake unconverge ran on $(hostname)"
`;

const digest = (s: string) => createHash("sha256").update(s).digest("hex");
const remoteDir = (d: string) => `.continuum-bundle-${d.slice(0, 16)}`;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const retrying = (stderr: string) => stderr.split("\n").filter((l) => / retrying in \d+s$/.test(l)).length;
/** `SHA256:…` of a public key, as ssh prints a host's key. */
async function fingerprint(key: string): Promise<string> {
    const r = await run(["ssh-keygen", "-lf", "-"], { input: `${key}\n` });
    const fp = /SHA256:[A-Za-z0-9+/]+/.exec(r.stdout)?.[0];
    if (!fp) throw new Error(`ssh-keygen -lf gave no fingerprint: ${r.stdout}${r.stderr}`);
    return fp;
}
/** Only what the check action needs: no bundle, remote command lines or run timeout. */
function endpointOnly(e: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(e).filter(([k]) => !/^CONTINUUM_(BUNDLE|REMOTE_|RUN_TIMEOUT)/.test(k)));
}

interface Result extends Finished {
    seconds: number;
    /** The script's private directory (from the recording mktemp). */
    work: string;
}

describe("fleet-node-ssh.sh against real hosts", () => {
    let hosts: TestHostRun;
    let tmp: string;
    let bundles: string;
    let runs = 0;
    const BUNDLE = digest("fake bundle for fleet-node-ssh.test.ts");
    const RDIR = remoteDir(BUNDLE);
    const MISSING = digest("a bundle that was never assembled");

    beforeAll(async () => {
        tmp = mkdtempSync(path.join(os.tmpdir(), "fleet-node-ssh-test-"));
        bundles = path.join(tmp, "bundles");
        mkdirSync(path.join(bundles, BUNDLE), { recursive: true });
        writeFileSync(path.join(bundles, BUNDLE, "node-converge.sh"), CONVERGE, { mode: 0o755 });
        writeFileSync(path.join(bundles, BUNDLE, "node-unconverge.sh"), UNCONVERGE, { mode: 0o755 });
        mkdirSync(path.join(tmp, "bin"));
        writeFileSync(
            path.join(tmp, "bin", "mktemp"),
            `#!/bin/bash\nd="$(/usr/bin/mktemp "$@")" || exit $?\necho "$d" >>"$MKTEMP_LOG"\necho "$d"\n`,
        );
        chmodSync(path.join(tmp, "bin", "mktemp"), 0o755);
        // tar as it is, unless TAR_EXIT asks a successful run to end with that status instead (the
        // statuses GNU tar gives when a file changed while read, 1, or it failed, 2).
        writeFileSync(
            path.join(tmp, "bin", "tar"),
            '#!/bin/bash\n/usr/bin/tar "$@" || exit $?\nexit "${TAR_EXIT:-0}"\n',
            { mode: 0o755 },
        );
        hosts = await TestHostRun.create();
        await hosts.add([
            { name: "node1" },
            { name: "jump" },
            { name: "inner", behind: "jump", sudo: "password" },
            { name: "down", start: false },
        ]);
    }, 600_000);

    afterAll(() => {
        hosts?.destroy();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    function env(h: TestHost, over: Record<string, string> = {}): Record<string, string> {
        const sudo = h.sudo === "password" ? "sudo -k -S -p ''" : "sudo -n";
        const e: Record<string, string> = {
            CONTINUUM_NODE: h.name,
            CONTINUUM_SSH_HOST: h.address,
            CONTINUUM_SSH_PORT: String(h.port),
            CONTINUUM_SSH_USER: h.user,
            CONTINUUM_SSH_HOST_KEY: h.hostKey,
            CONTINUUM_BUNDLE: BUNDLE,
            CONTINUUM_BUNDLE_DIR: bundles,
            CONTINUUM_REMOTE_DIR: RDIR,
            CONTINUUM_REMOTE_CONVERGE: `${sudo} -- bash ${RDIR}/node-converge.sh`,
            CONTINUUM_REMOTE_UNCONVERGE: `${sudo} -- bash ${RDIR}/node-unconverge.sh`,
            CONTINUUM_DIAL_ATTEMPTS: "5",
            CONTINUUM_DIAL_TIMEOUT: "5",
            CONTINUUM_RUN_TIMEOUT: "120",
            CONTINUUM_LOG_DIR: path.join(tmp, "logs"),
        };
        if (h.behind) {
            const b = hosts.host(h.behind);
            Object.assign(e, {
                CONTINUUM_BASTION_HOST: b.address,
                CONTINUUM_BASTION_PORT: String(b.port),
                CONTINUUM_BASTION_USER: b.user,
                CONTINUUM_BASTION_HOST_KEY: b.hostKey,
            });
        }
        return { ...e, ...over };
    }

    /** Start the script; `done` resolves once it exited and its private directory is checked gone. */
    function start(action: string, e: Record<string, string>, rest = "", key = hosts.privateKey, bastionKey = "-") {
        const log = path.join(tmp, `mktemp.${++runs}.log`);
        const t0 = Date.now();
        const work = () => (existsSync(log) ? readFileSync(log, "utf8").trim() : "");
        const input = `${b64(key)}\n${bastionKey === "-" ? "-" : b64(bastionKey)}\n${rest}`;
        const done = (async (): Promise<Result> => {
            const r = await run(["bash", SCRIPT, action], {
                env: { ...e, MKTEMP_LOG: log, PATH: `${tmp}/bin:${process.env.PATH}` },
                input,
                timeoutMs: 180_000,
            });
            const seconds = (Date.now() - t0) / 1000;
            const w = work();
            expect(r.stderr).not.toContain("\r"); // ssh's CR LF must not reach a terminal
            // Hygiene after every run: the private directory is gone, no process (control master) names it.
            expect(w).toMatch(/\/continuum-ssh\.\d+\.[A-Za-z0-9]{6}$/);
            expect(existsSync(w)).toBe(false);
            let left = "";
            for (let i = 0; i < 30; i++) {
                left = (await run(["pgrep", "-af", w])).stdout.trim();
                if (!left) break;
                await new Promise((res) => setTimeout(res, 100));
            }
            expect(left).toBe("");
            return { ...r, seconds, work: w };
        })();
        return { done, work };
    }
    const ssh = (action: string, e: Record<string, string>, rest = "", key?: string, bastionKey?: string) =>
        start(action, e, rest, key, bastionKey).done;
    const fakeOut = async (h: string, f: string) => (await hosts.execOk(h, ["cat", `${OUT}/${f}`])).trim();
    /** A node's converge prints nothing (its output is not kept in the state): the run's output is in its log. */
    const runLog = (h: TestHost, action: string) => {
        const file = path.join(tmp, "logs", `${h.name}_${h.address}.${action}.log`);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        return readFileSync(file, "utf8");
    };

    it("converges a nopasswd host: pushes the bundle once, runs it as root with the forwarded stdin", async () => {
        const payload = "# continuum-params v1\nline two\n\nlast line without newline";
        const r = await ssh("converge", env(hosts.host("node1")), payload);
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expect(r.stdout).toBe("");
        expect(runLog(hosts.host("node1"), "converge")).toBe("fake converge ran on node1\n");
        expect(await fakeOut("node1", "uid")).toBe("0");
        expect(await fakeOut("node1", "pwd")).toBe("/home/continuum");
        expect(await hosts.execOk("node1", ["cat", `${OUT}/stdin`])).toBe(payload);
        const home = `/home/continuum/${RDIR}`;
        expect((await hosts.execOk("node1", ["ls", "-A", home])).split("\n").filter(Boolean).sort()).toEqual([
            "node-converge.sh",
            "node-unconverge.sh",
        ]);
        expect(await hosts.execOk("node1", ["cat", `${home}/node-converge.sh`])).toBe(CONVERGE);
        expect((await hosts.exec("node1", ["test", "-e", `${home}.part`])).status).not.toBe(0);
        // Second converge with the local bundle gone: it must not push (a push would fail), and still runs.
        renameSync(path.join(bundles, BUNDLE), path.join(bundles, "aside"));
        try {
            const again = await ssh("converge", env(hosts.host("node1")), "second run\n");
            expect(again.stderr).toBe("");
            expect(again.status).toBe(0);
            expect(await fakeOut("node1", "stdin")).toBe("second run");
        } finally {
            renameSync(path.join(bundles, "aside"), path.join(bundles, BUNDLE));
        }
        console.log(`converge: first ${r.seconds.toFixed(2)}s`);
    });

    it(
        "converges through a bastion with password sudo: the first stdin " +
            "line is sudo's, logins come from the bastion",
        async () => {
            const inner = hosts.host("inner");
            expect(
                (await hosts.exec("inner", ["runuser", "-u", "continuum", "--", "sudo", "-n", "true"])).stderr,
            ).toMatch(/a password is required/);
            const r = await ssh(
                "converge",
                env(inner),
                `${hosts.password}\nparams after the password\n`,
                hosts.privateKey,
                hosts.privateKey,
            );
            expect(r.stderr).toBe("");
            expect(r.status).toBe(0);
            expect(r.stdout).toBe("");
            expect(runLog(inner, "converge")).toBe("fake converge ran on inner\n");
            expect(await fakeOut("inner", "uid")).toBe("0");
            expect(await hosts.execOk("inner", ["cat", `${OUT}/stdin`])).toBe("params after the password\n");
            for (const [n, from] of [
                ["inner", inner.link.outer],
                ["jump", hosts.host("jump").link.outer],
            ]) {
                const journal = await hosts.execOk(n, ["journalctl", "--no-pager", "-o", "cat", "-u", "ssh.service"]);
                const logins = [...journal.matchAll(/^Accepted publickey for continuum from (\S+) /gm)].map(
                    (m) => m[1],
                );
                expect(logins.length).toBeGreaterThan(0);
                expect(new Set(logins)).toEqual(new Set([from]));
            }
        },
    );

    it("fails at once, without retrying, on a host key that is not the pinned one (node or bastion)", async () => {
        const node = await ssh(
            "converge",
            env(hosts.host("node1"), { CONTINUUM_SSH_HOST_KEY: hosts.host("jump").hostKey }),
        );
        expect(node.status).toBe(1);
        expect(node.stderr).toMatch(
            /^continuum\[fleet-node-ssh\] node node1: continuum@\S+ did not present the pinned hostKey/,
        );
        // It names the key the host presented.
        expect(node.stderr).toContain(
            `(it presented the ED25519 key ${await fingerprint(hosts.host("node1").hostKey)})`,
        );
        expect(retrying(node.stderr)).toBe(0);
        expect(node.seconds).toBeLessThan(10);
        const bastion = await ssh(
            "converge",
            env(hosts.host("inner"), { CONTINUUM_BASTION_HOST_KEY: hosts.host("node1").hostKey }),
        );
        expect(bastion.status).toBe(1);
        expect(bastion.stderr).toMatch(
            /^continuum\[fleet-node-ssh\] node inner: the bastion \S+ did not present the pinned ssh\.bastion\.hostKey/,
        );
        expect(bastion.stderr).toContain(
            `(it presented the ED25519 key ${await fingerprint(hosts.host("jump").hostKey)})`,
        );
        expect(retrying(bastion.stderr)).toBe(0);
        expect(bastion.seconds).toBeLessThan(10);
        console.log(`wrong host key: node ${node.seconds.toFixed(2)}s, bastion ${bastion.seconds.toFixed(2)}s`);
    });

    it("ssh.insecureIgnoreHostKey leaves the node unchecked but keeps the bastion's pinned key", async () => {
        const inner = hosts.host("inner");
        const insecure = (over: Record<string, string> = {}) =>
            env(inner, { CONTINUUM_SSH_INSECURE: "1", CONTINUUM_SSH_HOST_KEY: "", ...over });
        const ok = await ssh("converge", insecure(), `${hosts.password}\ninsecure node, pinned bastion\n`);
        expect(ok.stderr).toBe("");
        expect(ok.status).toBe(0);
        expect(await hosts.execOk("inner", ["cat", `${OUT}/stdin`])).toBe("insecure node, pinned bastion\n");
        const wrong = await ssh(
            "converge",
            insecure({ CONTINUUM_BASTION_HOST_KEY: hosts.host("node1").hostKey }),
            `${hosts.password}\n`,
        );
        expect(wrong.status).toBe(1);
        expect(wrong.stderr).toMatch(
            /^continuum\[fleet-node-ssh\] node inner: the bastion \S+ did not present the pinned ssh\.bastion\.hostKey/,
        );
        expect(retrying(wrong.stderr)).toBe(0);
        expect(wrong.seconds).toBeLessThan(10);
    });

    it(
        "check: logs in with the pinned keys and leaves (needs no bundle); " +
            "a wrong key fails at once naming the host and the key it presented",
        async () => {
            for (const name of ["node1", "inner"]) {
                const h = hosts.host(name);
                const r = await ssh("check", endpointOnly(env(h)));
                expect(r.stderr).toBe("");
                expect(r.status).toBe(0);
                expect(r.stdout).toMatch(
                    new RegExp(
                        `^continuum\\[fleet-node-ssh\\] node ${name}: ` +
                            `continuum@${h.address.replace(/\./g, "\\.")}:${h.port}( ` +
                            `via the bastion \\S+)? presented the pinned host key and accepted the login\n$`,
                    ),
                );
            }
            const t0 = Date.now();
            const wrong = await ssh(
                "check",
                endpointOnly(env(hosts.host("node1"), { CONTINUUM_SSH_HOST_KEY: hosts.host("jump").hostKey })),
            );
            expect(wrong.status).toBe(1);
            expect(wrong.stderr).toMatch(
                new RegExp(
                    `^continuum\\[fleet-node-ssh\\] node node1: ` +
                        `continuum@${hosts.host("node1").address.replace(/\./g, "\\.")}:\\d+ ` +
                        `did not present the pinned hostKey`,
                ),
            );
            expect(wrong.stderr).toContain(
                `(it presented the ED25519 key ${await fingerprint(hosts.host("node1").hostKey)})`,
            );
            expect(retrying(wrong.stderr)).toBe(0);
            expect(wrong.seconds).toBeLessThan(10);
            const down = await ssh(
                "check",
                endpointOnly(
                    env(hosts.host("down"), {
                        CONTINUUM_SSH_HOST_KEY: hosts.host("node1").hostKey,
                        CONTINUUM_DIAL_ATTEMPTS: "2",
                        CONTINUUM_DIAL_TIMEOUT: "2",
                    }),
                ),
            );
            expect(down.status).toBe(1);
            expect(down.stderr).toMatch(/node down: cannot reach continuum@\S+ after 2 attempts/);
            console.log(
                `check: wrong key ${wrong.seconds.toFixed(2)}s (${((Date.now() - t0) / 1000).toFixed(2)}s ` +
                    `with hygiene checks), unreachable (2 × 2s) ${down.seconds.toFixed(2)}s`,
            );
        },
    );

    it("fails at once, without retrying, when the private key is not authorized", async () => {
        const keyFile = path.join(tmp, "stranger");
        const kg = await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
        expect(kg.status).toBe(0);
        const r = await ssh("converge", env(hosts.host("node1")), "", readFileSync(keyFile, "utf8"));
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/node node1: the login continuum@\S+ was refused/);
        expect(retrying(r.stderr)).toBe(0);
        expect(r.seconds).toBeLessThan(10);
        // The bastion's key (stdin line 2) refused: the bastion's own error is reported, not retried.
        const b = await ssh("converge", env(hosts.host("inner")), "", hosts.privateKey, readFileSync(keyFile, "utf8"));
        expect(b.status).toBe(1);
        expect(b.stderr).toMatch(
            new RegExp(
                /node inner: the login continuum@\S+ via /.source +
                    /the bastion continuum@\S+ was refused .*bastion: .*Permission denied/.source,
            ),
        );
        expect(retrying(b.stderr)).toBe(0);
        expect(b.seconds).toBeLessThan(10);
    });

    it("retries an unreachable host CONTINUUM_DIAL_ATTEMPTS times, then says it cannot reach it", async () => {
        const down = hosts.host("down");
        const e = env(down, {
            CONTINUUM_SSH_HOST_KEY: hosts.host("node1").hostKey,
            CONTINUUM_DIAL_ATTEMPTS: "2",
            CONTINUUM_DIAL_TIMEOUT: "2",
        });
        const r = await ssh("converge", e);
        expect(r.status).toBe(1);
        expect(retrying(r.stderr)).toBe(1);
        expect(r.stderr).toMatch(/node down: cannot reach continuum@\S+ \(attempt 1 of 2\)/);
        expect(r.stderr).toMatch(/node down: cannot reach continuum@\S+ after 2 attempts/);
        expect(r.seconds).toBeLessThan(20);
        console.log(`unreachable (2 attempts, 2s each): ${r.seconds.toFixed(2)}s`);
    });

    it("stops a converge that outlives CONTINUUM_RUN_TIMEOUT", async () => {
        const r = await ssh("converge", env(hosts.host("node1"), { CONTINUUM_RUN_TIMEOUT: "3" }), "sleep 60\n");
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(
            /node node1: the converge did not finish within 3s and was stopped — its output is in /,
        );
        expect(r.stderr).toContain(`the whole output of the converge: ${path.join(tmp, "logs", "node1_")}`);
        expect(r.seconds).toBeLessThan(25);
        console.log(`run timeout 3s: ${r.seconds.toFixed(2)}s`);
    });

    it(
        "unconverges with the node's bundle as root; without it and without " + "the local one, names what is missing",
        async () => {
            const r = await ssh("unconverge", env(hosts.host("node1")));
            expect(r.stderr).toBe("");
            expect(r.status).toBe(0);
            expect(r.stdout).toBe("");
            expect(runLog(hosts.host("node1"), "unconverge")).toBe("fake unconverge ran on node1\n");
            expect(await fakeOut("node1", "unconverge-uid")).toBe("0");
            const missing = await ssh(
                "unconverge",
                env(hosts.host("node1"), { CONTINUUM_BUNDLE: MISSING, CONTINUUM_REMOTE_DIR: remoteDir(MISSING) }),
            );
            expect(missing.status).toBe(1);
            expect(missing.stderr).toContain(
                `node node1: the bundle ${MISSING} is not on this machine (${bundles}/${MISSING})`,
            );
            expect(
                (await hosts.exec("node1", ["bash", "-c", `ls -d /home/continuum/${remoteDir(MISSING)}*`])).status,
            ).not.toBe(0);
        },
    );

    it("keeps keys in a private directory, never in a command line, and leaves nothing behind", async () => {
        const run1 = start("converge", env(hosts.host("node1")), "sleep 3\n");
        let w = "";
        for (let i = 0; i < 100 && !(w && existsSync(`${w}/c`)); i++) {
            await new Promise((res) => setTimeout(res, 50));
            w = run1.work();
        }
        expect(existsSync(`${w}/c`)).toBe(true);
        if (statSync("/dev/shm", { throwIfNoEntry: false })?.isDirectory()) expect(path.dirname(w)).toBe("/dev/shm");
        expect(statSync(w).mode & 0o777).toBe(0o700);
        expect(statSync(`${w}/id`).mode & 0o777).toBe(0o600);
        expect(readFileSync(`${w}/id`, "utf8")).toBe(hosts.privateKey);
        const keyBody = hosts.privateKey.split("\n")[1];
        for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
            let argv = "";
            try {
                argv = readFileSync(`/proc/${pid}/cmdline`, "utf8");
            } catch {
                continue;
            }
            expect(argv).not.toContain(keyBody);
            expect(argv).not.toContain(b64(hosts.privateKey).slice(0, 40));
        }
        const r = await run1.done; // checks the directory is gone and no control master names it
        expect(r.status).toBe(0);
        expect(r.seconds).toBeGreaterThanOrEqual(3);
    });

    it("stopped mid-run (SIGTERM, as when pulumi is cancelled): exits at once and removes its keys", async () => {
        const log = path.join(tmp, "mktemp.term.log");
        const input = `${b64(hosts.privateKey)}\n-\nsleep 60\n`;
        const child = spawn("bash", [SCRIPT, "converge"], {
            env: { ...env(hosts.host("node1")), MKTEMP_LOG: log, PATH: `${tmp}/bin:${process.env.PATH}` },
            stdio: ["pipe", "pipe", "pipe"],
        });
        child.stdin.end(input);
        const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
        let w = "";
        for (let i = 0; i < 200 && !(w && existsSync(`${w}/c`)); i++) {
            await new Promise((res) => setTimeout(res, 50));
            w = existsSync(log) ? readFileSync(log, "utf8").trim() : "";
        }
        expect(existsSync(`${w}/c`)).toBe(true);
        await new Promise((res) => setTimeout(res, 500)); // the remote sleep has started
        const t0 = Date.now();
        child.kill("SIGTERM");
        expect(await exited).toBe(143);
        expect((Date.now() - t0) / 1000).toBeLessThan(10);
        expect(existsSync(w)).toBe(false);
        for (let i = 0; i < 30 && (await run(["pgrep", "-af", w])).stdout.trim(); i++)
            await new Promise((res) => setTimeout(res, 100));
        expect((await run(["pgrep", "-af", w])).stdout.trim()).toBe("");
    });

    it("pushes a bundle tar read while a file's link count changed (exit 1), not one tar failed on (2)", async () => {
        // A pinned artifact is a hard link shared with other bundles: one assembled meanwhile changes
        // its ctime, and GNU tar says "file changed as we read it" (exit 1) with the bytes intact.
        for (const [status, pushed] of [
            ["1", true],
            ["2", false],
        ] as const) {
            const b = digest(`bundle read by a tar exiting ${status}`);
            const rdir = remoteDir(b);
            mkdirSync(path.join(bundles, b));
            writeFileSync(path.join(bundles, b, "node-converge.sh"), CONVERGE, { mode: 0o755 });
            writeFileSync(path.join(bundles, b, "node-unconverge.sh"), UNCONVERGE, { mode: 0o755 });
            const r = await ssh(
                "converge",
                env(hosts.host("node1"), {
                    CONTINUUM_BUNDLE: b,
                    CONTINUUM_REMOTE_DIR: rdir,
                    CONTINUUM_REMOTE_CONVERGE: `sudo -n -- bash ${rdir}/node-converge.sh`,
                    TAR_EXIT: status,
                }),
                `tar exit ${status}\n`,
            );
            expect([status, r.status === 0]).toEqual([status, pushed]);
            if (pushed) expect(await fakeOut("node1", "stdin")).toBe(`tar exit ${status}`);
            else expect(r.stderr).toContain("pushing the bundle to");
            await hosts.execOk("node1", ["rm", "-rf", `/home/continuum/${rdir}`, `/home/continuum/${rdir}.part`]);
        }
    });

    it("removes what a killed run (SIGKILL: no trap) left, and only that", async () => {
        const parent = statSync("/dev/shm", { throwIfNoEntry: false })?.isDirectory() ? "/dev/shm" : os.tmpdir();
        const dead = spawn("true");
        await new Promise((res) => dead.on("exit", res));
        const stale = mkdtempSync(path.join(parent, `continuum-ssh.${dead.pid}.`));
        writeFileSync(path.join(stale, "id"), "left-behind key", { mode: 0o600 });
        const live = mkdtempSync(path.join(parent, `continuum-ssh.${process.pid}.`));
        try {
            const r = await ssh("converge", env(hosts.host("node1")), "after a kill\n");
            expect(r.status).toBe(0);
            expect(existsSync(stale)).toBe(false);
            expect(existsSync(live)).toBe(true); // its process (this test) is alive: not ours to remove
        } finally {
            rmSync(stale, { recursive: true, force: true });
            rmSync(live, { recursive: true, force: true });
        }
    });
});
