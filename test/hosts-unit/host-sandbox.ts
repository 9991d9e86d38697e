/**
 * A host for host scripts on the unit-test machine: the real script runs with bash, as root of a
 * private mount namespace (`unshare -m`, plus `-r` when the tests do not run as root; held by one
 * process for the sandbox's life, every run enters it with nsenter) in which
 * /etc, /var, /usr/local, /opt and /root are copy-on-write overlays whose writes land in this
 * sandbox's directories, and /run is a directory of the sandbox (shared by its concurrent runs, as
 * a host's /run is). Nothing the script writes reaches the
 * machine, and the next run of the same sandbox sees what the last one left (a host between two
 * `pulumi up`s). Tools that would act on the machine (systemctl, modprobe, sysctl, iptables, ip,
 * runc) and the binaries the scripts install (kubeadm, keadm, kubelet, kubectl, containerd) are
 * STAND-INS from test/hosts-unit/standins/, named as such; they record their calls.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
    copyFileSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    statSync,
    symlinkSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-file";

const STANDINS = path.join(__dirname, "standins");
const LAYERS: Record<string, string> = {
    etc: "/etc",
    var: "/var",
    "usr-local": "/usr/local",
    opt: "/opt",
    root: "/root",
};
const HOST_TOOLS = [
    "modprobe",
    "sysctl",
    "iptables-save",
    "iptables-restore",
    "ip6tables-save",
    "ip6tables-restore",
    "ip",
    "runc",
];

/** What a finished run printed. */
export interface SandboxRun {
    code: number | null;
    out: string;
    err: string;
}

/** A file next to the scripts, with the params that name it (ARTIFACT_<NAME> and its sha256). */
export interface SandboxArtifact {
    name: string;
    file: string;
}

export class HostSandbox {
    readonly dir: string;
    /** Where the stand-ins keep their state and record their calls. */
    readonly state: string;
    /** The directory the scripts (and the host library) are copied to. */
    readonly scripts: string;
    private readonly bin: string;

    constructor(scripts: string[]) {
        this.dir = mkdtempSync(path.join(tmpdir(), "continuum-sandbox-"));
        this.state = path.join(this.dir, "state");
        this.scripts = path.join(this.dir, "scripts");
        this.bin = path.join(this.dir, "bin");
        for (const d of [this.state, this.scripts, this.bin, path.join(this.dir, "run")]) mkdirSync(d);
        for (const layer of Object.keys(LAYERS)) {
            mkdirSync(path.join(this.dir, "layers", layer, "upper"), { recursive: true });
            mkdirSync(path.join(this.dir, "layers", layer, "work"));
        }
        symlinkSync(path.join(STANDINS, "systemctl-standin.sh"), path.join(this.bin, "systemctl"));
        for (const t of HOST_TOOLS) symlinkSync(path.join(STANDINS, "host-tool-standin.sh"), path.join(this.bin, t));
        copyFileSync(HOST_LIB, path.join(this.scripts, "continuum-lib.sh"));
        for (const s of scripts) copyFileSync(s, path.join(this.scripts, path.basename(s)));
        writeFileSync(path.join(this.state, "calls"), "");
    }

    /** A file (executable) next to the scripts; returns its params. */
    artifact(name: string, fileName: string, content: string | Buffer): Record<string, string> {
        const file = path.join(this.scripts, fileName);
        writeFileSync(file, content, { mode: 0o755 });
        const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
        return { [`ARTIFACT_${name}`]: fileName, [`ARTIFACT_${name}_SHA256`]: sha };
    }

    /** A .tar.gz next to the scripts holding the given executable files; returns its params. */
    tarArtifact(name: string, fileName: string, files: Record<string, string>): Record<string, string> {
        const src = mkdtempSync(path.join(this.dir, "tar-"));
        for (const [rel, content] of Object.entries(files)) {
            mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
            writeFileSync(path.join(src, rel), content, { mode: 0o755 });
        }
        const r = spawnSync("tar", ["-czf", path.join(this.scripts, fileName), "-C", src, "."], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
        return this.artifact(name, fileName, readFileSync(path.join(this.scripts, fileName)));
    }

    /** The process that holds the host's mount namespace (every run enters it). */
    private holder: ChildProcess | undefined;

    /** Start the namespace holder: the overlays and /run are mounted once, for every run. */
    private namespace(): number {
        if (this.holder?.pid !== undefined && this.holder.exitCode === null) return this.holder.pid;
        const mounts = Object.entries(LAYERS).map(([layer, target]) => {
            const l = path.join(this.dir, "layers", layer);
            return `mount -t overlay overlay -o lowerdir=${target},upperdir=${l}/upper,workdir=${l}/work ${target}`;
        });
        const ready = path.join(this.dir, "ready");
        const setup = [
            "set -e",
            ...mounts,
            `mount --bind ${this.dir}/run /run`,
            `touch ${ready}`,
            "exec sleep 3600",
        ].join("\n");
        const unshare = process.getuid?.() === 0 ? ["-m"] : ["-r", "-m"];
        this.holder = spawn("unshare", [...unshare, "--propagation", "private", "bash", "-c", setup], {
            stdio: "ignore",
        });
        const wait = spawnSync("bash", [
            "-c",
            `for _ in $(seq 1 200); do [ -e '${ready}' ] && exit 0; sleep 0.05; done; exit 1`,
        ]);
        if (wait.status !== 0 || this.holder.pid === undefined)
            throw new Error("the sandbox's mount namespace did not come up (unshare, overlay mounts)");
        return this.holder.pid;
    }

    private argv(file: string): string[] {
        const user = process.getuid?.() === 0 ? [] : ["-U", "--preserve-credentials"];
        return [
            "-t",
            String(this.namespace()),
            "-m",
            ...user,
            "--",
            "env",
            `PATH=${this.bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
            `STANDIN_STATE=${this.state}`,
            "HOME=/root",
            "bash",
            file,
        ];
    }

    /** Run a script to the end with the given stdin. */
    run(script: string, stdin: string): SandboxRun {
        const r = spawnSync("nsenter", this.argv(path.join(this.scripts, script)), {
            input: stdin,
            encoding: "utf8",
            timeout: 120_000,
        });
        return { code: r.status, out: r.stdout, err: r.stderr };
    }

    /** Start a script (its own process group, so a test can kill the whole run). */
    start(script: string, stdin: string): ChildProcess {
        const child = spawn("nsenter", this.argv(path.join(this.scripts, script)), {
            detached: true,
            stdio: ["pipe", "pipe", "pipe"],
        });
        child.stdin?.end(stdin);
        // Drained, so a chatty script never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        return child;
    }

    /** Run a command inside the sandbox (same mounts) and return its stdout. */
    inspect(command: string): string {
        const file = path.join(this.dir, `inspect-${process.hrtime.bigint()}.sh`);
        writeFileSync(file, `set -e\n${command}\n`);
        const r = spawnSync("nsenter", this.argv(file), { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`inspect '${command}' failed: ${r.stderr}`);
        return r.stdout;
    }

    /** Whether a path exists on the sandboxed host. */
    exists(p: string): boolean {
        return this.inspect(`if [ -e '${p}' ]; then echo yes; else echo no; fi`).trim() === "yes";
    }

    /** The stand-ins' recorded calls, one per line, since the last reset. */
    calls(): string[] {
        return readFileSync(path.join(this.state, "calls"), "utf8").split("\n").filter(Boolean);
    }

    resetCalls(): void {
        writeFileSync(path.join(this.state, "calls"), "");
    }

    /** Switch a stand-in's behaviour (a state file), or remove the switch. */
    set(file: string, content: string | undefined): void {
        const p = path.join(this.state, file);
        if (content === undefined) {
            if (existsSync(p)) spawnSync("rm", ["-rf", p]);
        } else {
            mkdirSync(path.dirname(p), { recursive: true });
            writeFileSync(p, content);
        }
    }

    /** A state file the stand-ins wrote (undefined when absent). */
    stateFile(file: string): string | undefined {
        const p = path.join(this.state, file);
        return existsSync(p) && statSync(p).isFile() ? readFileSync(p, "utf8") : undefined;
    }

    /** Remove the sandbox (the overlays go with the namespace). */
    remove(): void {
        this.holder?.kill("SIGKILL");
        spawnSync("rm", ["-rf", this.dir]);
    }
}

/** Make a small executable file content: a stand-in script with a header saying so. */
export function standinScript(what: string, body: string): string {
    return `#!/usr/bin/env bash\n# STAND-IN for ${what}, used only by test/hosts-unit (host-sandbox.ts).\n${body}\n`;
}

/**
 * The command that runs `bash <script>` as root of the host, with a private empty /run (a tmpfs
 * in a mount namespace of its own): the scripts take the host's lock in /run/continuum, which must
 * not be the unit-test machine's. For scripts that touch nothing else of the machine.
 */
export function hostRootBash(script: string): [string, string[]] {
    const user = process.getuid?.() === 0 ? [] : ["-r"];
    return [
        "unshare",
        [
            ...user,
            "-m",
            "--propagation",
            "private",
            "bash",
            "-c",
            'mount -t tmpfs tmpfs /run && exec bash "$0"',
            script,
        ],
    ];
}
