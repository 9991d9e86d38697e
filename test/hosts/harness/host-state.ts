/**
 * What a test host looks like from inside, for before/after comparisons: files, units,
 * packages (scripts/snapshot.sh), SSH logins (sshd's journal), the stand-in call logs.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { SCRIPTS_DIR } from "./shell";
import type { TestHostRun } from "./test-hosts";

const SNAPSHOT = readFileSync(path.join(SCRIPTS_DIR, "snapshot.sh"), "utf8");

/** The state lines of one host (see scripts/snapshot.sh). */
export async function snapshot(hosts: TestHostRun, name: string): Promise<string[]> {
    const r = await hosts.exec(name, ["bash", "-s"], SNAPSHOT);
    if (r.status !== 0) throw new Error(`snapshot of ${name} failed: ${r.stderr}`);
    return r.stdout.split("\n").filter(Boolean);
}

/** Lines only in `after` (added) and only in `before` (removed). */
export function diffSnapshots(before: string[], after: string[]): { added: string[]; removed: string[] } {
    const b = new Set(before);
    const a = new Set(after);
    return { added: after.filter((l) => !b.has(l)), removed: before.filter((l) => !a.has(l)) };
}

/** How many SSH logins sshd accepted on the host since it booted. */
export async function sshLogins(hosts: TestHostRun, name: string): Promise<number> {
    const r = await hosts.exec(name, ["journalctl", "--no-pager", "-o", "cat", "-u", "ssh.service"]);
    return r.stdout.split("\n").filter((l) => l.startsWith("Accepted publickey for ")).length;
}

/** The lines of a log file on the host ([] when it does not exist). */
export async function logLines(hosts: TestHostRun, name: string, file: string): Promise<string[]> {
    const r = await hosts.exec(name, ["cat", file]);
    return r.status === 0 ? r.stdout.split("\n").filter(Boolean) : [];
}

/** The `call=` part of each stand-in log line (argv as the stand-in was run). */
export function standInCalls(lines: string[]): string[] {
    return lines.map((l) => /\tcall=(.*?)\s*\tstdin=/.exec(l)?.[1] ?? l);
}
