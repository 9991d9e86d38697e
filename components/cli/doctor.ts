import * as os from "node:os";
import * as path from "node:path";
import { chooseApiPort, simPorts } from "../clusters/sim/control-plane";
import type { ContinuumSpec } from "../spec/continuum-spec";
import {
    checkBinary,
    checkDisk,
    checkDocker,
    checkGo,
    checkHostTool,
    checkInotify,
    checkNode,
    checkPorts,
    checkRoot,
    highestGoNeed,
    type CheckResult,
    type LabPort,
} from "./doctor-checks";
import type { DoctorProbes } from "./doctor-probes";
import { loadStackSpec } from "./stack-spec";
import type { CommandOutcome } from "./diagram";

/** What `continuum doctor` checks the machine for. */
export interface DoctorOptions {
    /** The project root (package.json, tools/). */
    root: string;
    /** The parsed stack, when a stack file was given; without one only the common needs are checked. */
    spec?: ContinuumSpec;
    /** The stack name (sim clusters take ports from a per-stack slot). @default "lab" */
    stack?: string;
    /** Also check what the hosts tier (`npm run test:hosts`) needs. @default false */
    hostsTier?: boolean;
    /** Sim clusters already running for this stack: their ports are theirs, not a conflict. @default [] */
    runningClusters?: string[];
}

const GIB = 2 ** 30;
/** Free space the toolchain's Go module and build caches take when built from nothing (measured: 3.7 + 3.5 GiB). */
export const TOOLCHAIN_BUILD_BYTES = 8 * GIB;
/** Free space a lab's state (etcd data, kubeconfigs, logs) needs in the project directory. */
export const LAB_STATE_BYTES = 1 * GIB;
/** kind's documented minimum inotify limits for several clusters' kubelets on one machine. */
export const KIND_INOTIFY = { instances: 512, watches: 524288 } as const;

/** The ports the stack's sim clusters will listen on (the same choice the sim substrate makes). */
export function labPorts(spec: ContinuumSpec, stack: string, skipClusters: string[] = []): LabPort[] {
    const sims = spec.clusters.filter((c) => c.substrate === "sim");
    return sims.flatMap((c, i) => {
        if (skipClusters.includes(c.name)) return [];
        const ports = simPorts(chooseApiPort(c.apiEndpoint.port, stack, i));
        return Object.entries(ports).map(([use, port]) => ({ port, use: `${c.name}'s ${use}` }));
    });
}

/**
 * CloudCore's ports a kind cloud cluster publishes on the host for real KubeEdge edge hosts (the
 * kind substrate's own rule, loaded only for such a stack: it brings in the Pulumi SDK).
 */
export async function kindHostPorts(spec: ContinuumSpec, skipClusters: string[] = []): Promise<LabPort[]> {
    const kind = spec.clusters.filter(
        (c) => c.substrate === "kind" && c.name === spec.kubeedge?.cloudCluster && !skipClusters.includes(c.name),
    );
    if (kind.length === 0 || (spec.kubeedge?.nodes.length ?? 0) === 0) return [];
    const { kubeEdgeHostPorts } = await import("../from-spec/local-clusters");
    return kind.flatMap((c) =>
        kubeEdgeHostPorts(spec, c).map((port) => ({ port, use: `${c.name}'s CloudCore (kind host port)` })),
    );
}

/** The stack name of a stack file: `Pulumi.<stack>.yaml`. */
export function stackNameOf(file: string): string | undefined {
    return /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1];
}

/** Run every check the options call for, on the machine the probes show. */
export async function runDoctor(o: DoctorOptions, probe: DoctorProbes): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    const pkg = JSON.parse(probe.readText(path.join(o.root, "package.json")) ?? "{}") as {
        engines?: { node?: string };
    };
    out.push(checkNode(probe.nodeVersion, pkg.engines?.node?.replace(/^>=\s*/, "") ?? "20"));
    const tools = path.join(o.root, "tools");
    const mods = probe
        .list(tools)
        .map((d) => ({ file: `tools/${d}/go.mod`, text: probe.readText(path.join(tools, d, "go.mod")) ?? "" }));
    const goNeed = highestGoNeed(mods);
    if (goNeed) {
        const go = probe.run("go", ["version"]);
        out.push(checkGo(go?.ok ? go.stdout : undefined, goNeed));
    }
    out.push(checkDisk("the lab's state", o.root, probe.freeBytes(o.root), LAB_STATE_BYTES));
    if (!probe.list(path.join(o.root, ".tools", "bin")).includes("pulumi")) {
        const cacheDir = path.join(os.homedir(), "go");
        out.push(
            checkDisk(
                "the toolchain's first build (Go caches)",
                cacheDir,
                probe.freeBytes(cacheDir),
                TOOLCHAIN_BUILD_BYTES,
            ),
        );
    }
    const spec = o.spec;
    if (spec) {
        const ports = [
            ...labPorts(spec, o.stack ?? "lab", o.runningClusters),
            ...(await kindHostPorts(spec, o.runningClusters ?? [])),
        ];
        if (ports.length > 0) out.push(checkPorts(ports, await probe.busyPorts(ports.map((p) => p.port))));
        const docker = spec.clusters.filter((c) => c.substrate === "kind" || c.substrate === "k3d").map((c) => c.name);
        if (docker.length > 0) {
            const info = probe.run("docker", ["info", "--format", "{{.ServerVersion}}"]);
            out.push(checkDocker(info !== undefined, info?.ok ? info.stdout.trim() : undefined, docker));
            const tool = [
                ...new Set(
                    spec.clusters
                        .filter((c) => c.substrate === "kind" || c.substrate === "k3d")
                        .map((c) => c.substrate),
                ),
            ];
            out.push(
                checkInotify(
                    intOf(probe.readText("/proc/sys/fs/inotify/max_user_instances")),
                    intOf(probe.readText("/proc/sys/fs/inotify/max_user_watches")),
                    { ...KIND_INOTIFY, why: `for ${tool.join(" and ")} nodes` },
                ),
            );
        }
        if (spec.clusters.some((c) => c.substrate === "ssh")) {
            out.push(
                checkBinary(
                    "ssh",
                    probe.run("ssh", ["-V"]) !== undefined,
                    "for the ssh substrate (OpenSSH client)",
                    "install the OpenSSH client: `sudo apt-get install openssh-client`",
                ),
            );
        }
    }
    if (o.hostsTier) {
        out.push(checkRoot(probe.uid, probe.uid !== 0 && probe.run("sudo", ["-n", "true"])?.ok === true));
        const canInstall = probe.uid === 0 && probe.run("apt-get", ["--version"])?.ok === true;
        out.push(
            checkHostTool(
                "systemd-nspawn",
                "systemd-container",
                probe.run("systemd-nspawn", ["--version"]) !== undefined,
                canInstall,
            ),
        );
        out.push(
            checkHostTool(
                "debootstrap",
                "debootstrap",
                probe.run("debootstrap", ["--version"]) !== undefined,
                canInstall,
            ),
        );
    }
    return out;
}

function intOf(text: string | undefined): number | undefined {
    const n = text === undefined ? NaN : Number.parseInt(text.trim(), 10);
    return Number.isFinite(n) ? n : undefined;
}

/** The report: one line per check, the fix under each failed one, and a last line saying what to do. */
export function formatDoctor(results: CheckResult[], what: string): string {
    const lines = [`continuum doctor: ${what}`];
    const width = Math.max(...results.map((r) => r.name.length));
    for (const r of results) {
        lines.push(`  ${r.ok ? "ok  " : "FAIL"}  ${r.name.padEnd(width)}  ${r.detail}`);
        if (!r.ok && r.fix) lines.push(`        ${" ".repeat(width)}  fix: ${r.fix}`);
    }
    const failed = results.filter((r) => !r.ok).length;
    lines.push(
        failed === 0
            ? "ready."
            : `${failed} problem${failed === 1 ? "" : "s"}: fix ${failed === 1 ? "it" : "them"} ` +
                  `and run continuum doctor again.`,
    );
    return `${lines.join("\n")}\n`;
}

/** Arguments of `continuum doctor`. */
export interface DoctorArgs {
    /** The stack file; only the common needs are checked without one. */
    file?: string;
    /** The stack name. @default the stack file's `Pulumi.<stack>.yaml` name */
    stack?: string;
    /** Check the hosts tier too. @default false */
    hosts: boolean;
}

/** Parse `doctor [stack file] [--stack <name>] [--hosts]`; a string is the usage error. */
export function parseDoctorArgs(argv: string[]): DoctorArgs | string {
    const out: DoctorArgs = { hosts: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]!;
        if (a === "--hosts") out.hosts = true;
        else if (a === "--stack") {
            const v = argv[++i];
            if (v === undefined) return "--stack needs a value";
            out.stack = v;
        } else if (a.startsWith("--")) return `unknown option ${a} — use --stack <name>, --hosts`;
        else if (out.file === undefined) out.file = a;
        else return `one stack file at a time (got ${out.file} and ${a})`;
    }
    return out;
}

/** `continuum doctor [stack file] [--stack <name>] [--hosts]`: exit 0 ready, 1 something missing, 2 bad arguments or
 * stack file. */
export async function doctorCommand(
    argv: string[],
    root: string,
    probe: DoctorProbes,
    runningClusters: string[] = [],
): Promise<CommandOutcome> {
    const args = parseDoctorArgs(argv);
    if (typeof args === "string")
        return {
            code: 2,
            stdout: "",
            stderr: `continuum doctor: ${args}\nusage: continuum doctor [stack file] [--stack <name>] [--hosts]\n`,
        };
    const file = args.file;
    let spec: ContinuumSpec | undefined;
    if (file !== undefined) {
        const loaded = loadStackSpec(file);
        if (!loaded.ok) return { code: 2, stdout: "", stderr: loaded.stderr };
        spec = loaded.spec;
    }
    const hostsTier = args.hosts;
    const stack = args.stack ?? (file ? stackNameOf(file) : undefined);
    const results = await runDoctor({ root, spec, stack, hostsTier, runningClusters }, probe);
    const what = [
        file ? `${file}${stack ? ` (stack ${stack})` : ""}` : "common needs (name a stack file to check what it needs)",
        ...(hostsTier ? ["hosts tier"] : []),
    ].join(", ");
    const text = formatDoctor(results, what);
    return results.every((r) => r.ok) ? { code: 0, stdout: text, stderr: "" } : { code: 1, stdout: "", stderr: text };
}
