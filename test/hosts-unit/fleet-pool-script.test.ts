/**
 * scripts/fleet-pool.sh with a stand-in fleet-node-ssh.sh beside it (which records each call: the
 * action, the node, its environment's address and its stdin, and fails for the nodes named in
 * FAKE_FAIL): which nodes a run converges or unconverges, from the stdin the TypeScript renders
 * (fleet-pool-input.ts) and the previous run's record, as the command provider passes it back.
 * Over real SSH with real hosts: test/hosts/fleet-pool.test.ts.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    nodeDigest,
    parsePoolRecord,
    poolIndex,
    poolNodeLines,
    recordBytes,
    renderPoolStdin,
    type PoolNodeInput,
} from "../../components/hosts/fleet-pool-input";
import { FLEET_POOL_SCRIPT } from "../../components/hosts/fleet-pool";

const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET-LOGIN-KEY\n-----END OPENSSH PRIVATE KEY-----\n";
const PW = "SECRET-SUDO-PW";
const FAKE = `#!/usr/bin/env bash
set -euo pipefail
input="$(base64 -w0)"
printf '%s %s %s %s\\n' "$1" "$CONTINUUM_NODE" "$CONTINUUM_SSH_HOST" "$input" >>"$FAKE_LOG"
sleep 0.2
for f in \${FAKE_FAIL:-}; do
    if [[ "$f" == "$CONTINUUM_NODE" ]]; then
        echo "continuum[fleet-node-ssh] node $CONTINUUM_NODE: the step failed" >&2
        n="$CONTINUUM_NODE"
        echo "continuum[fleet-node-ssh] node $n: the whole output of the $1: /logs/$n.$1.log" >&2
        exit 1
    fi
done
`;

let dir: string;
let script: string;
beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-fleet-pool-"));
    script = path.join(dir, "fleet-pool.sh");
    fs.copyFileSync(FLEET_POOL_SCRIPT, script);
    fs.writeFileSync(path.join(dir, "fleet-node-ssh.sh"), FAKE);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const node = (name: string, version = "1"): PoolNodeInput => ({
    name,
    environment: { CONTINUUM_NODE: name, CONTINUUM_SSH_HOST: `${name}.example.net`, CONTINUUM_SSH_PORT: "22" },
    undoInput: `# continuum-params v1\nNODE_NAME=${name}\n`,
    stdin: `KEYLINE\n-\n# continuum-params v1\nNODE_NAME=${name}\nVERSION=${version}\nTOKEN=SECRET-TOKEN\n`,
});

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    calls: { action: string; node: string; host: string; stdin: string }[];
}

function run(
    action: "converge" | "unconverge",
    nodes: PoolNodeInput[],
    previous = "",
    opts: { index?: number; pools?: number; fail?: string[]; parallel?: number } = {},
): Run {
    const digested = nodes.map((n) => ({ ...n, digest: nodeDigest(KEY, n) }));
    const log = path.join(dir, `calls-${Date.now()}-${Math.random()}.log`);
    fs.writeFileSync(log, "");
    const r = spawnSync("bash", [script, action], {
        input: renderPoolStdin({ privateKey: KEY, sudoPassword: PW }, digested),
        encoding: "utf8",
        env: {
            PATH: process.env.PATH,
            FAKE_LOG: log,
            FAKE_FAIL: (opts.fail ?? []).join(" "),
            CONTINUUM_POOL: "edge-agents-pool-1",
            CONTINUUM_POOL_INDEX: String(opts.index ?? 0),
            CONTINUUM_POOLS: String(opts.pools ?? 1),
            CONTINUUM_POOL_PARALLEL: String(opts.parallel ?? 4),
            CONTINUUM_POOL_NODES: poolNodeLines(digested),
            ...(previous ? { PULUMI_COMMAND_STDOUT: previous } : {}),
        },
    });
    const calls = fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l)
        .map((l) => {
            const [a, n, h, s] = l.split(" ");
            return { action: a, node: n, host: h, stdin: Buffer.from(s ?? "", "base64").toString("utf8") };
        });
    // The provider keeps stdout without its last newline.
    return { status: r.status, stdout: r.stdout.replace(/\n$/, ""), stderr: r.stderr, calls };
}

const names = (r: Run, action: string) =>
    r.calls
        .filter((c) => c.action === action)
        .map((c) => c.node)
        .sort();

describe("fleet-pool.sh", () => {
    const three = [node("a1"), node("a2"), node("a3")];

    it("converges every node on create and records node, address, digest — no secret", () => {
        const r = run("converge", three);
        expect(r.stderr).not.toContain("failed");
        expect(r.status).toBe(0);
        expect(names(r, "converge")).toEqual(["a1", "a2", "a3"]);
        // Each node's own stdin, unchanged.
        expect(r.calls.find((c) => c.node === "a2")!.stdin).toBe(three[1].stdin);
        const rec = parsePoolRecord(r.stdout);
        expect(rec.nodes).toEqual(
            three.map((n) => ({
                name: n.name,
                address: `${n.name}.example.net`,
                digest: nodeDigest(KEY, n),
                ok: true,
            })),
        );
        expect(rec.undo.a1).toEqual({ environment: three[0].environment, undoInput: three[0].undoInput });
        for (const secret of ["SECRET-TOKEN", "SECRET-LOGIN-KEY", PW]) {
            expect(r.stdout).not.toContain(secret);
            expect(r.stderr).not.toContain(secret);
        }
    });

    it("runs only the nodes whose digest changed; nothing on a second run", () => {
        const first = run("converge", three).stdout;
        expect(run("converge", three, first).calls).toEqual([]);
        const changed = [three[0], node("a2", "2"), three[2]];
        const r = run("converge", changed, first);
        expect(r.status).toBe(0);
        expect(r.calls.map((c) => `${c.action} ${c.node}`)).toEqual(["converge a2"]);
        expect(parsePoolRecord(r.stdout).nodes.map((n) => n.digest)).toEqual(changed.map((n) => nodeDigest(KEY, n)));
    });

    it("unconverges a node that left the spec with its recorded connection and the current keys", () => {
        const first = run("converge", three).stdout;
        const r = run("converge", [three[0], three[2]], first);
        expect(r.status).toBe(0);
        expect(r.calls.map((c) => `${c.action} ${c.node} ${c.host}`)).toEqual(["unconverge a2 a2.example.net"]);
        const stdin = r.calls[0].stdin;
        expect(stdin).toBe(`${Buffer.from(KEY).toString("base64")}\n-\n${PW}\n# continuum-params v1\nNODE_NAME=a2\n`);
        expect(parsePoolRecord(r.stdout).nodes.map((n) => n.name)).toEqual(["a1", "a3"]);
    });

    it("leaves a node that moved to another pool (the number of pools changed) to that pool", () => {
        const first = run("converge", three).stdout;
        // Two pools now: a node whose pool is not 0 left this one for the other.
        const moved = three.filter((n) => poolIndex(n.name, 2) !== 0);
        const stays = three.filter((n) => poolIndex(n.name, 2) === 0);
        expect(moved.length).toBeGreaterThan(0);
        const r = run("converge", stays, first, { index: 0, pools: 2 });
        expect(r.status).toBe(0);
        expect(r.calls).toEqual([]);
        for (const n of moved) expect(r.stderr).toContain(`node ${n.name} moved to another pool`);
    });

    it("converges the others when one fails, and names the failed node and its log", () => {
        const r = run("converge", three, "", { fail: ["a2"] });
        expect(r.status).not.toBe(0);
        expect(names(r, "converge")).toEqual(["a1", "a2", "a3"]);
        expect(r.stderr).toContain("1 of 3 node runs failed: a2 (log: /logs/a2.converge.log)");
        expect(r.stderr).toContain("node a2: the step failed");
    });

    it("runs at most `parallel` nodes at once", () => {
        const many = Array.from({ length: 6 }, (_, i) => node(`p${i}`));
        const started = Date.now();
        const r = run("converge", many, "", { parallel: 2 });
        expect(r.status).toBe(0);
        // Three rounds of 0.2 s each at least.
        expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    });

    it("keeps a record within recordBytes' bound (what the program checks against the 128 KiB limit)", () => {
        const bundle = `.continuum-bundle-${"ab".repeat(8)}`;
        const many = Array.from({ length: 120 }, (_, i): PoolNodeInput => {
            const name = `edge-cluster-1-agent-${i}`;
            return {
                name,
                environment: {
                    CONTINUUM_NODE: name,
                    CONTINUUM_SSH_HOST: `${name}.fleet.example.net`,
                    // An RSA host key: the longest part no compression removes.
                    CONTINUUM_SSH_HOST_KEY: `ssh-rsa ${randomBytes(279).toString("base64")}`,
                    CONTINUUM_SSH_PORT: "22",
                    CONTINUUM_SSH_USER: "ops",
                    CONTINUUM_BUNDLE: "ab".repeat(32),
                    CONTINUUM_REMOTE_DIR: bundle,
                    CONTINUUM_REMOTE_CONVERGE: `sudo -n -- bash ${bundle}/node-converge.sh`,
                    CONTINUUM_REMOTE_UNCONVERGE: `sudo -n -- bash ${bundle}/node-unconverge.sh`,
                    CONTINUUM_DIAL_ATTEMPTS: "8",
                    CONTINUUM_DIAL_TIMEOUT: "20",
                    CONTINUUM_RUN_TIMEOUT: "900",
                },
                undoInput:
                    `# continuum-params v1\nNODE_NAME=${name}\nSTEPS=preflight-gate.sh k3s-install.sh\n` +
                    "UNINSTALLS=preflight-gate.sh:- k3s-install.sh:k3s-uninstall.sh\n",
                stdin: `K\n-\nNODE_NAME=${name}\n`,
            };
        });
        const r = run("converge", many, "", { parallel: 60 });
        expect(r.status).toBe(0);
        const bound = many.reduce((sum, n) => sum + recordBytes(n), 0);
        expect(r.stdout.length).toBeGreaterThan(bound / 3);
        expect(r.stdout.length).toBeLessThanOrEqual(bound);
    });

    it("unconverges every node on delete", () => {
        const first = run("converge", three).stdout;
        const r = run("unconverge", three, first);
        expect(r.status).toBe(0);
        expect(names(r, "unconverge")).toEqual(["a1", "a2", "a3"]);
        expect(r.stdout).toBe("");
    });

    it("refuses a stdin that disagrees with the plain node list", () => {
        const digested = three.map((n) => ({ ...n, digest: nodeDigest(KEY, n) }));
        const r = spawnSync("bash", [script, "converge"], {
            input: renderPoolStdin({ privateKey: KEY }, digested),
            encoding: "utf8",
            env: {
                PATH: process.env.PATH,
                CONTINUUM_POOL: "p",
                CONTINUUM_POOL_INDEX: "0",
                CONTINUUM_POOLS: "1",
                CONTINUUM_POOL_PARALLEL: "2",
                CONTINUUM_POOL_NODES: poolNodeLines(digested.slice(1)),
            },
        });
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain("the nodes on stdin are not CONTINUUM_POOL_NODES");
    });
});
