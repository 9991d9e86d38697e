// How `continuum doctor` looks at this machine. Everything the checks need passes through this
// interface, so tests hand the checks a machine of their own.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";

/** What a command printed; undefined from {@link DoctorProbes.run} when the binary is not there. */
export interface RunResult {
    /** Exit code 0. */
    ok: boolean;
    stdout: string;
}

/** The machine as `continuum doctor` sees it. */
export interface DoctorProbes {
    /** The running Node.js version, e.g. v20.19.0. */
    nodeVersion: string;
    /** Effective user id. */
    uid: number;
    /** Run a command with a timeout; undefined when the binary is not on PATH. */
    run(cmd: string, args: string[]): RunResult | undefined;
    /** A text file's content; undefined when it cannot be read. */
    readText(file: string): string | undefined;
    /** Files of a directory; empty when it cannot be read. */
    list(dir: string): string[];
    /** Bytes free for an unprivileged user on the filesystem holding `dir` (its nearest existing ancestor). */
    freeBytes(dir: string): number | undefined;
    /** The ports among `ports` that something listens on (127.0.0.1 or any address). */
    busyPorts(ports: number[]): Promise<Set<number>>;
}

function nearestExisting(dir: string): string {
    let d = dir;
    while (!fs.existsSync(d)) {
        const up = d.replace(/\/[^/]+\/?$/, "") || "/";
        if (up === d) break;
        d = up;
    }
    return d;
}

/** Whether a port can be bound on all addresses (what kube-apiserver and etcd do). */
function canBind(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const srv = net.createServer();
        srv.once("error", () => resolve(false));
        srv.listen({ port, host: "0.0.0.0", exclusive: true }, () => srv.close(() => resolve(true)));
    });
}

/** This machine. */
export const realProbes: DoctorProbes = {
    nodeVersion: process.version,
    uid: process.getuid?.() ?? -1,
    run(cmd, args) {
        const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 15000, stdio: ["ignore", "pipe", "pipe"] });
        if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return undefined;
        return { ok: r.status === 0, stdout: `${r.stdout ?? ""}` };
    },
    readText(file) {
        try {
            return fs.readFileSync(file, "utf8");
        } catch {
            return undefined;
        }
    },
    list(dir) {
        try {
            return fs.readdirSync(dir);
        } catch {
            return [];
        }
    },
    freeBytes(dir) {
        try {
            const s = fs.statfsSync(nearestExisting(dir));
            return s.bavail * s.bsize;
        } catch {
            return undefined;
        }
    },
    async busyPorts(ports) {
        const busy = new Set<number>();
        for (const p of ports) if (!(await canBind(p))) busy.add(p);
        return busy;
    },
};
