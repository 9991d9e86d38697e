/**
 * Disposable Debian test hosts: systemd-nspawn containers booted from the cached root
 * filesystem, each in its own network namespace on a link-local /30, with its own hostname,
 * machine-id and SSH host key, an unprivileged user `continuum` with sudo (no password, or
 * password required) and the run's SSH key authorized. A host can sit behind another one (a
 * bastion): then only the bastion reaches it. `destroy()` removes everything; so does
 * test/hosts/scripts/cleanup.sh for runs whose process died.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { hostLink, lanLink, RUN_OCTETS, runSubnet } from "./addresses";
import type { HostLink } from "./addresses";
import { ensureRootfs } from "./rootfs";
import { run, runScript, runScriptSync } from "./shell";
import type { Finished } from "./shell";

/** Where run directories live (the same default as scripts/lib.sh). */
export const RUNS_DIR = process.env.CONTINUUM_TESTHOST_RUNS ?? "/var/tmp/continuum-testhosts";
/** Environment variable naming the test session (global setup sets it; cleanup.sh --session). */
export const SESSION_ENV = "CONTINUUM_TESTHOST_SESSION";
/** The login user every test host has. */
export const LOGIN_USER = "continuum";

/** How sudo behaves for the login user. */
export type SudoMode = "nopasswd" | "password";

/** One host to add to a run. */
export interface HostOptions {
    /** Hostname (a lowercase DNS label). */
    name: string;
    /** `nopasswd`: `sudo -n` works; `password`: sudo needs the run's password. Default nopasswd. */
    sudo?: SudoMode;
    /** Name of a host of the same run this one is reachable through only. */
    behind?: string;
    /** Boot it now (default true); false leaves it created but down. */
    start?: boolean;
    /**
     * A host that runs a real kubelet and containerd (docs/test-hosts.md, "Real hosts"): every
     * cgroup v1 hierarchy delegated, `/dev/kmsg`, CAP_SYSLOG, the @keyring syscalls, a writable
     * `/proc/sys/net`, `/var` on a plain directory, the kubelet's sysctl files, and an address on
     * the run's LAN (172.31.<octet>.0/24, with a default route) instead of a link-local /30.
     * Not behind a bastion. Default false.
     */
    real?: boolean;
}

/** A test host as a user of the toolkit would write it into a stack. */
export interface TestHost {
    name: string;
    index: number;
    /** Address (link-local). */
    address: string;
    port: number;
    user: string;
    /** The host's ed25519 key as `ssh-keyscan` reads it: `ssh-ed25519 AAAA...`. */
    hostKey: string;
    sudo: SudoMode;
    /** Bastion host name, when this host is reachable only through it. */
    behind?: string;
    /** Harness state directory (overlay root at `<dir>/root`). */
    dir: string;
    link: HostLink;
    /** Runs a real kubelet and containerd (HostOptions.real). */
    real: boolean;
}

const PATH_IN_HOST = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function hostsInUse(): Set<number> {
    const used = new Set<number>();
    const p = [
        runSyncText(["ip", "-o", "-4", "addr", "show"]),
        runSyncText(["ip", "-4", "route", "show", "table", "all"]),
    ].join("\n");
    for (const m of p.matchAll(/169\.254\.(\d+)\./g)) used.add(Number(m[1]));
    return used;
}

function runSyncText(argv: string[]): string {
    return spawnSync(argv[0], argv.slice(1), { encoding: "utf8" }).stdout ?? "";
}

/** A set of test hosts that live and die together. */
export class TestHostRun {
    readonly hosts = new Map<string, TestHost>();
    private destroyed = false;
    private readonly onExit = () => this.destroy();

    private constructor(
        /** Third octet of the run's 169.254.<octet>.0/24. */
        readonly octet: number,
        /** Run directory. */
        readonly dir: string,
        readonly rootfs: string,
        /** The run's SSH private key (OpenSSH format) the hosts authorize. */
        readonly privateKey: string,
        readonly publicKey: string,
        /** The login user's password on every host of the run (sudo in password mode). */
        readonly password: string,
    ) {}

    /** Claim a subnet and directory, make the run's key and password. Builds the rootfs if needed. */
    static async create(): Promise<TestHostRun> {
        const rootfs = ensureRootfs();
        mkdirSync(RUNS_DIR, { recursive: true, mode: 0o700 });
        const used = hostsInUse();
        const span = RUN_OCTETS.last - RUN_OCTETS.first + 1;
        const start = randomBytes(2).readUInt16BE() % span;
        let octet = -1;
        let dir = "";
        for (let k = 0; k < span && octet < 0; k++) {
            const o = RUN_OCTETS.first + ((start + k) % span);
            if (used.has(o)) continue;
            try {
                mkdirSync(path.join(RUNS_DIR, `run-${o}`), { mode: 0o700 });
                octet = o;
                dir = path.join(RUNS_DIR, `run-${o}`);
            } catch (e) {
                if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
            }
        }
        if (octet < 0)
            throw new Error(`no free 169.254.x.0/24 for a test-host run — run test/hosts/scripts/cleanup.sh`);
        const session = process.env[SESSION_ENV] ?? `pid-${process.pid}`;
        runScriptSync("run-create.sh", {
            RUN_DIR: dir,
            SUBNET: runSubnet(octet),
            OWNER_PID: String(process.pid),
            SESSION: session,
        });
        const keyFile = path.join(dir, "id_ed25519");
        const kg = await run([
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            `continuum-test-${octet}`,
            "-f",
            keyFile,
        ]);
        if (kg.status !== 0) throw new Error(`ssh-keygen failed: ${kg.stderr}`);
        const password = randomBytes(12).toString("base64url");
        writeFileSync(path.join(dir, "password"), password, { mode: 0o600 });
        const r = new TestHostRun(
            octet,
            dir,
            rootfs,
            readFileSync(keyFile, "utf8"),
            readFileSync(`${keyFile}.pub`, "utf8").trim(),
            password,
        );
        process.once("exit", r.onExit);
        return r;
    }

    /** The host with this name (throws if there is none). */
    host(name: string): TestHost {
        const h = this.hosts.get(name);
        if (!h) throw new Error(`no test host '${name}' in run ${this.octet}`);
        return h;
    }

    /** Create hosts (bastions before the hosts behind them) and boot them in parallel. */
    async add(options: HostOptions[]): Promise<TestHost[]> {
        const added: TestHost[] = [];
        for (const o of options) {
            if (this.hosts.has(o.name)) throw new Error(`test host '${o.name}' exists already`);
            if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(o.name))
                throw new Error(`test host name '${o.name}' is not a DNS label`);
            const bastion = o.behind ? this.host(o.behind) : undefined;
            if (bastion?.behind) throw new Error(`'${o.behind}' is itself behind a bastion; one hop only`);
            if (o.real && o.behind)
                throw new Error(`test host '${o.name}': a real host sits on the run's LAN, not behind a bastion`);
            const index = this.hosts.size;
            const lan = o.real ? lanLink(this.octet, index) : undefined;
            const link = lan ?? hostLink(this.octet, index);
            const h: TestHost = {
                name: o.name,
                index,
                address: link.inner,
                port: 22,
                user: LOGIN_USER,
                hostKey: "",
                sudo: o.sudo ?? "nopasswd",
                behind: o.behind,
                dir: path.join(this.dir, "hosts", o.name),
                link,
                real: o.real === true,
            };
            runScriptSync(
                "host-create.sh",
                {
                    HOST_DIR: h.dir,
                    HOST_NAME: h.name,
                    ROOTFS: this.rootfs,
                    NETNS: link.netns,
                    LINK_OUTER: link.linkOuter,
                    LINK_INNER: link.linkInner,
                    UPLINK_NETNS: bastion?.link.netns ?? "",
                    ADDR_OUTER: link.outer,
                    ADDR_INNER: link.inner,
                    PREFIX_LEN: String(link.prefixLength),
                    AUTHORIZED_KEY: this.publicKey,
                    SUDO_MODE: h.sudo,
                    PASSWORD_FILE: path.join(this.dir, "password"),
                    REAL: h.real ? "1" : "0",
                    LAN_BRIDGE: lan?.bridge ?? "",
                },
                300_000,
            );
            this.hosts.set(h.name, h);
            added.push(h);
        }
        const toStart = added.filter((h, i) => options[i].start !== false);
        await Promise.all(toStart.map((h) => this.start(h.name)));
        return added;
    }

    /** Boot a created (or stopped) host and read its host key over the network, as a user would. */
    async start(name: string): Promise<void> {
        const h = this.host(name);
        await runScript("host-start.sh", { HOST_DIR: h.dir });
        if (!h.hostKey) h.hostKey = await this.scanHostKey(h);
    }

    /** Stop a host: `poweroff` (orderly) or `kill` (power cut). Its disk and address stay. */
    async stop(name: string, mode: "poweroff" | "kill" = "poweroff"): Promise<void> {
        await runScript("host-stop.sh", { HOST_DIR: this.host(name).dir, STOP_MODE: mode });
    }

    /** Is the host's container running? */
    isRunning(name: string): boolean {
        try {
            const pid = Number(readFileSync(path.join(this.host(name).dir, "leader.pid"), "utf8"));
            process.kill(pid, 0);
            return true;
        } catch {
            return false;
        }
    }

    private async scanHostKey(h: TestHost): Promise<string> {
        const from = h.behind ? ["ip", "netns", "exec", this.host(h.behind).link.netns] : [];
        const r = await run([...from, "ssh-keyscan", "-T", "5", "-t", "ed25519", h.address], { timeoutMs: 15_000 });
        const line = r.stdout.split("\n").find((l) => l.startsWith(`${h.address} ssh-ed25519 `));
        if (!line) throw new Error(`ssh-keyscan of ${h.name} (${h.address}) found no ed25519 key: ${r.stderr}`);
        return line.split(" ").slice(1, 3).join(" ");
    }

    /** Run a program as root inside a host (all its namespaces), outside SSH: for assertions. */
    async exec(name: string, argv: string[], input?: string, timeoutMs = 120_000): Promise<Finished> {
        const leader = readFileSync(path.join(this.host(name).dir, "leader.pid"), "utf8").trim();
        return run(
            ["nsenter", "-t", leader, "-a", "--", "/usr/bin/env", "-i", `PATH=${PATH_IN_HOST}`, "LC_ALL=C", ...argv],
            { input, timeoutMs },
        );
    }

    /** Like exec, but throws unless the program exits 0; returns stdout. */
    async execOk(name: string, argv: string[], input?: string): Promise<string> {
        const r = await this.exec(name, argv, input);
        if (r.status !== 0)
            throw new Error(`${argv.join(" ")} on ${name} failed (exit ${r.status}): ${r.stderr.trim()}`);
        return r.stdout;
    }

    /**
     * CPU seconds the host's processes used since its cgroup was made (cgroup2 `cpu.stat`, kept
     * per host by the harness): the host side of a step's cost on this shared machine.
     */
    hostCpuSeconds(name: string): number {
        const h = this.host(name);
        const leader = readFileSync(path.join(h.dir, "leader.pid"), "utf8").trim();
        const line =
            readFileSync(`/proc/${leader}/cgroup`, "utf8")
                .split("\n")
                .find((l) => l.startsWith("0::")) ?? "";
        const marker = `/continuum-testhost-${h.link.netns}`;
        const at = line.indexOf(marker);
        const mount = runSyncText(["findmnt", "-rn", "-t", "cgroup2", "-o", "TARGET"]).split("\n")[0];
        if (at < 0 || !mount) return NaN;
        const stat = readFileSync(path.join(mount, line.slice(3, at + marker.length), "cpu.stat"), "utf8");
        const usec = /^usage_usec (\d+)$/m.exec(stat);
        return usec ? Number(usec[1]) / 1e6 : NaN;
    }

    /** `known_hosts` lines for every started host (what an ssh client would pin). */
    knownHosts(): string {
        return (
            [...this.hosts.values()]
                .filter((h) => h.hostKey)
                .map((h) => `${h.address} ${h.hostKey}`)
                .join("\n") + "\n"
        );
    }

    /** argv of an OpenSSH client logged in to the host as the login user, host keys pinned, through its bastion. */
    sshArgv(name: string): string[] {
        const h = this.host(name);
        const knownHosts = path.join(this.dir, "known_hosts");
        writeFileSync(knownHosts, this.knownHosts());
        const common = [
            "-i",
            path.join(this.dir, "id_ed25519"),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            `UserKnownHostsFile=${knownHosts}`,
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "ConnectTimeout=10",
            "-o",
            "LogLevel=ERROR",
        ];
        const proxy = h.behind
            ? ["-o", `ProxyCommand=ssh ${common.join(" ")} -W %h:%p ${LOGIN_USER}@${this.host(h.behind).address}`]
            : [];
        return ["ssh", ...common, ...proxy, `${LOGIN_USER}@${h.address}`];
    }

    /** Run a command line over SSH as the login user (what a user "by hand" does). */
    async ssh(name: string, command: string, input?: string, timeoutMs = 300_000): Promise<Finished> {
        return run([...this.sshArgv(name), command], { input, timeoutMs });
    }

    /** Remove every host and the run itself. Safe to call twice; runs on process exit too. */
    destroy(): void {
        if (this.destroyed) return;
        this.destroyed = true;
        process.removeListener("exit", this.onExit);
        runScriptSync("run-destroy.sh", { RUN_DIR: this.dir }, 300_000);
    }
}
