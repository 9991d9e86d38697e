/**
 * etcd-snapshot-fetch.sh (runs on the machine running Pulumi) against a stand-in for the SSH
 * transport: a fake fleet-node-ssh.sh, beside a copy of the script in the same relative layout,
 * that prints what the node's export would stream. What is kept here, and what a damaged stream
 * leaves (nothing). The transport itself is the hosts tier's (test/hosts/k3s-day2.test.ts).
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
    chmodSync,
    copyFileSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    statSync,
    utimesSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { SNAPSHOT_FETCH_SCRIPT } from "../../components/day2/snapshot-copy";

const sha = (t: string) => createHash("sha256").update(t).digest("hex");

/** A tree with the fetch script and a fake transport that streams `files` as the export does (SHA256SUMS as given). */
function tree(files: Record<string, string>, sums: string): { root: string; script: string } {
    const root = mkdtempSync(path.join(tmpdir(), "fetch-"));
    const scripts = path.join(root, "components", "day2", "scripts");
    const hosts = path.join(root, "components", "hosts", "scripts");
    mkdirSync(scripts, { recursive: true });
    mkdirSync(hosts, { recursive: true });
    copyFileSync(SNAPSHOT_FETCH_SCRIPT, path.join(scripts, "etcd-snapshot-fetch.sh"));
    const payload = path.join(root, "payload");
    mkdirSync(payload);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(payload, name), text);
    writeFileSync(path.join(payload, "SHA256SUMS"), sums);
    writeFileSync(
        path.join(hosts, "fleet-node-ssh.sh"),
        `#!/usr/bin/env bash\n# stand-in for the SSH transport: the export's ` +
            `tar stream\ncat >/dev/null\ntar -C ${JSON.stringify(payload)} -cf - .\n`,
    );
    chmodSync(path.join(hosts, "fleet-node-ssh.sh"), 0o755);
    return { root, script: path.join(scripts, "etcd-snapshot-fetch.sh") };
}

function fetch(t: { root: string; script: string }, dir: string, keep = 2) {
    return spawnSync("bash", [t.script, "converge"], {
        input: "keys\n",
        encoding: "utf8",
        env: {
            PATH: process.env.PATH,
            CONTINUUM_NODE: "srv1",
            CONTINUUM_BACKUP_DIR: dir,
            CONTINUUM_BACKUP_KEEP: String(keep),
        },
    });
}

describe("etcd-snapshot-fetch.sh", () => {
    it("keeps the snapshot and the token, private, with SHA256SUMS that sha256sum -c accepts", () => {
        const snap = "continuum-srv1-1764900000001";
        const t = tree({ [snap]: "etcd bytes", token: "K10x::server:y" }, `${sha("etcd bytes")}  ${snap}\n`);
        const dir = path.join(t.root, "backups", "edge", "srv1");
        const r = fetch(t, dir);
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(
            `continuum[etcd-snapshot-fetch] node srv1: ${snap} copied to ${dir} (sha256 ${sha("etcd bytes")})\n`,
        );
        expect(readFileSync(path.join(dir, snap), "utf8")).toBe("etcd bytes");
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        expect(statSync(path.join(dir, snap)).mode & 0o777).toBe(0o600);
        expect(statSync(path.join(dir, "token")).mode & 0o777).toBe(0o600);
        execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: dir });
        expect(readdirSync(dir).sort()).toEqual(["SHA256SUMS", snap, "token"]);
    });

    it("kubeadm's export: the snapshot and pki.tar, both checked, both listed once in SHA256SUMS", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "fetch-pki-"));
        for (const i of [1, 2]) {
            const snap = `continuum-cp-2026120${i}T000000.000000000Z.db`;
            const sums = `${sha(`etcd ${i}`)}  ${snap}\n${sha("pki bytes")}  pki.tar\n`;
            const t = tree({ [snap]: `etcd ${i}`, "pki.tar": "pki bytes" }, sums);
            const r = fetch(t, dir);
            expect(r.stderr).toBe("");
            expect(r.status).toBe(0);
        }
        expect(statSync(path.join(dir, "pki.tar")).mode & 0o777).toBe(0o600);
        expect(readdirSync(dir).sort()).toEqual([
            "SHA256SUMS",
            "continuum-cp-20261201T000000.000000000Z.db",
            "continuum-cp-20261202T000000.000000000Z.db",
            "pki.tar",
        ]);
        const listed = readFileSync(path.join(dir, "SHA256SUMS"), "utf8").trim().split("\n");
        expect(listed.filter((l) => l.endsWith("  pki.tar"))).toHaveLength(1);
        expect(listed).toHaveLength(3);
        execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: dir });
        // A damaged pki.tar keeps nothing new.
        const snap = "continuum-cp-20261203T000000.000000000Z.db";
        const bad = tree(
            { [snap]: "etcd 3", "pki.tar": "damaged" },
            `${sha("etcd 3")}  ${snap}\n${sha("pki bytes")}  pki.tar\n`,
        );
        expect(fetch(bad, dir).status).not.toBe(0);
        expect(existsSync(path.join(dir, snap))).toBe(false);
        expect(readFileSync(path.join(dir, "pki.tar"), "utf8")).toBe("pki bytes");
    });

    it("a stream whose snapshot does not match its sha256 keeps nothing and says so", () => {
        const snap = "continuum-srv1-1764900000002";
        const t = tree({ [snap]: "damaged bytes", token: "K10x::server:y" }, `${sha("etcd bytes")}  ${snap}\n`);
        const dir = path.join(t.root, "backups", "edge", "srv1");
        const r = fetch(t, dir);
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain(
            `continuum[etcd-snapshot-fetch] node srv1: the snapshot ${snap} ` +
                `does not match the sha256 the node computed — it was damaged on the way; ` +
                `nothing was kept, run pulumi up again`,
        );
        expect(readdirSync(dir)).toEqual([]);
    });

    it("keeps the newest `keep` snapshots and lists only them in SHA256SUMS", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "fetch-keep-"));
        for (let i = 1; i <= 3; i++) {
            const snap = `continuum-srv1-176490000000${i}`;
            const t = tree({ [snap]: `bytes ${i}`, token: "K10x::server:y" }, `${sha(`bytes ${i}`)}  ${snap}\n`);
            expect(fetch(t, dir).status).toBe(0);
            // Distinct modification times, oldest first.
            utimesSync(path.join(dir, snap), 1_700_000_000 + i, 1_700_000_000 + i);
        }
        expect(
            readdirSync(dir)
                .filter((f) => f.startsWith("continuum"))
                .sort(),
        ).toEqual(["continuum-srv1-1764900000002", "continuum-srv1-1764900000003"]);
        expect(
            readFileSync(path.join(dir, "SHA256SUMS"), "utf8")
                .trim()
                .split("\n")
                .map((l) => l.split(/\s+/)[1])
                .sort(),
        ).toEqual(["continuum-srv1-1764900000002", "continuum-srv1-1764900000003"]);
        execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: dir });
        expect(existsSync(path.join(dir, "token"))).toBe(true);
    });
});
