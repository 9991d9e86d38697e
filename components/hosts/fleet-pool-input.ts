/**
 * What a pool of fleet converges (fleet-pool.ts) is made of, without Pulumi: which pool a node is
 * in, each node's digest, and the pool's stdin and plain node list as scripts/fleet-pool.sh reads
 * them.
 *
 * Membership: a node's pool is the first 32 bits of the sha256 of its name, modulo the number of
 * pools. Adding or removing a node never moves another one; changing the number of pools moves
 * about (1 − 1/pools) of the nodes (docs/fleet-nodes.md says what a move does).
 */
import { createHash, createHmac } from "node:crypto";
import { gunzipSync } from "node:zlib";

/** The pool (0-based) of the node named `name` among `pools` pools. */
export function poolIndex(name: string, pools: number): number {
    if (!Number.isInteger(pools) || pools < 1) throw new Error(`the number of pools must be ≥ 1, got ${pools}`);
    return parseInt(createHash("sha256").update(name, "utf8").digest("hex").slice(0, 8), 16) % pools;
}

/** The items in `pools` pools by name (poolIndex), each pool sorted by name; empty pools are left out. */
export function poolMembers<T>(
    items: readonly T[],
    pools: number,
    nameOf: (item: T) => string,
): { index: number; members: T[] }[] {
    const byPool = new Map<number, T[]>();
    for (const item of items) {
        const i = poolIndex(nameOf(item), pools);
        let list = byPool.get(i);
        if (list === undefined) byPool.set(i, (list = []));
        list.push(item);
    }
    const cmp = (x: T, y: T) => (nameOf(x) < nameOf(y) ? -1 : nameOf(x) > nameOf(y) ? 1 : 0);
    return [...byPool.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, members]) => ({ index, members: members.sort(cmp) }));
}

/** One node of a pool, resolved (secrets as plain strings here: the caller keeps the stdin secret). */
export interface PoolNodeInput {
    /** The node's name. */
    name: string;
    /** fleet-node-ssh.sh's environment for the node (plain). */
    environment: Record<string, string>;
    /** The converge input without the steps' parameters (plain), for its unconverge once it left the spec. */
    undoInput: string;
    /** fleet-node-ssh.sh's whole stdin for the node (secret: keys, sudo password, the converge input). */
    stdin: string;
}

/** The keys a pool unconverges its removed nodes with (the current spec's). */
export interface PoolKeys {
    /** The login private key. */
    privateKey: string;
    /** The bastion's private key. @default the login key */
    bastionKey?: string;
    /** The sudo password (sudo mode password). @default none */
    sudoPassword?: string;
}

const HEX = /^[0-9a-f]+$/;
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** Environment lines `KEY=value`, sorted (plain data; fleet-node-ssh.sh checks every value). */
export function environmentLines(env: Record<string, string>): string {
    return Object.keys(env)
        .sort()
        .map((k) => {
            if (/[\r\n]/.test(env[k])) throw new Error(`environment ${k} of a fleet node holds a line break — a bug`);
            return `${k}=${env[k]}\n`;
        })
        .join("");
}

/**
 * A node's digest: HMAC-SHA256 of its environment and stdin, keyed with the login private key, 32 hex.
 * It changes with anything the converge gets and reveals nothing of the secrets in it (a plain sha256 of
 * a stdin holding a short sudo password could be searched); a new key changes every digest.
 */
export function nodeDigest(key: string, node: Pick<PoolNodeInput, "environment" | "stdin">): string {
    return createHmac("sha256", key)
        .update(environmentLines(node.environment))
        .update("\0")
        .update(node.stdin)
        .digest("hex")
        .slice(0, 32);
}

/** Bytes a pool's record (its stdout) may take: the provider passes it back in one environment variable (≤ 128 KiB). */
export const POOL_RECORD_BUDGET = 112 * 1024;

/**
 * An upper bound of a node's share of its pool's record (scripts/fleet-pool.sh): its plain line, and its
 * gzipped environment and undo input, of which only the host key and the names do not compress away.
 * Measured: ~180 bytes for a 15-character name and an ed25519 host key; this gives ~300.
 */
export function recordBytes(node: Pick<PoolNodeInput, "name" | "environment">): number {
    const e = node.environment;
    const unique = (e.CONTINUUM_SSH_HOST ?? "").length + (e.CONTINUUM_SSH_HOST_KEY ?? "").length;
    return 3 * node.name.length + 2 * unique + 120;
}

/** Throws, naming `specPath` and the `pools` to set, when the pool's record could outgrow POOL_RECORD_BUDGET. */
export function checkRecordBudget(
    specPath: string,
    index: number,
    pools: number,
    nodes: readonly Pick<PoolNodeInput, "name" | "environment">[],
): void {
    const bytes = nodes.reduce((sum, n) => sum + recordBytes(n), 0);
    if (bytes <= POOL_RECORD_BUDGET) return;
    throw new Error(
        `${specPath}: pool ${index + 1} of ${pools} (${nodes.length} nodes) would keep a record of up to ` +
            `${Math.ceil(bytes / 1024)} KiB, more than the ${POOL_RECORD_BUDGET / 1024} KiB the command provider ` +
            `can pass back in one environment variable — raise ${specPath} to at least ` +
            `${Math.ceil((pools * bytes) / POOL_RECORD_BUDGET) + 1}`,
    );
}

/** The pool's plain node list (`node=digest` lines, by name): its diff in preview names the nodes that change. */
export function poolNodeLines(nodes: readonly { name: string; digest: string }[]): string {
    return nodes.map((n) => `${n.name}=${n.digest}\n`).join("");
}

/**
 * The pool's stdin (secret): three lines of keys (login key, bastion key or `-`, sudo password or `-`,
 * base64), then one tab-separated line per node: name, digest, environment, undo input, stdin (the last
 * three base64).
 */
export function renderPoolStdin(keys: PoolKeys, nodes: readonly (PoolNodeInput & { digest: string })[]): string {
    const bastion = keys.bastionKey === undefined || keys.bastionKey === keys.privateKey ? "-" : b64(keys.bastionKey);
    const pw = keys.sudoPassword === undefined ? "-" : b64(keys.sudoPassword);
    const head = `${b64(keys.privateKey)}\n${bastion}\n${pw}\n`;
    return (
        head +
        nodes
            .map((n) => {
                if (!HEX.test(n.digest)) throw new Error(`node '${n.name}': digest is not hex — a bug`);
                const fields = [n.name, n.digest, b64(environmentLines(n.environment)), b64(n.undoInput), b64(n.stdin)];
                return `${fields.join("\t")}\n`;
            })
            .join("")
    );
}

/** A pool's record (its stdout, kept in the state; no secret). */
export interface PoolRecord {
    /** One per node converged by the last successful run: name, address, digest. */
    nodes: { name: string; address: string; digest: string; ok: boolean }[];
    /** Each node's fleet-node-ssh.sh environment and undo input, by name. */
    undo: Record<string, { environment: Record<string, string>; undoInput: string }>;
}

const UNDO_PREFIX = "# undo ";

/** Parse a pool's record (scripts/fleet-pool.sh writes it; tests and diagnostics read it). */
export function parsePoolRecord(stdout: string): PoolRecord {
    const record: PoolRecord = { nodes: [], undo: {} };
    for (const line of stdout.split("\n")) {
        if (line.startsWith(UNDO_PREFIX)) {
            const text = gunzipSync(Buffer.from(line.slice(UNDO_PREFIX.length), "base64")).toString("utf8");
            for (const l of text.split("\n").filter((x) => x !== "")) {
                const [name, env, undo] = l.split("\t");
                const environment: Record<string, string> = {};
                for (const e of Buffer.from(env, "base64").toString("utf8").split("\n")) {
                    const eq = e.indexOf("=");
                    if (eq > 0) environment[e.slice(0, eq)] = e.slice(eq + 1);
                }
                record.undo[name] = { environment, undoInput: Buffer.from(undo, "base64").toString("utf8") };
            }
        } else if (line !== "") {
            const [name, address, digest, ok] = line.split("\t");
            record.nodes.push({ name, address, digest, ok: ok === "ok" });
        }
    }
    return record;
}
