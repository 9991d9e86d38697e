/**
 * fleet-pool-input.ts: which pool a node is in (stable when nodes come and go), each node's digest
 * (changes with the environment or stdin, reveals no secret) and the pool's stdin and node list.
 */
import { createHash } from "node:crypto";
import {
    checkRecordBudget,
    environmentLines,
    nodeDigest,
    poolIndex,
    poolMembers,
    poolNodeLines,
    renderPoolStdin,
} from "../../components/hosts/fleet-pool-input";

const names = Array.from({ length: 1000 }, (_, i) => `agent-${i + 1}`);

describe("pool membership", () => {
    test("adding and removing nodes moves no other node", () => {
        const before = new Map(names.map((n) => [n, poolIndex(n, 10)]));
        const after = poolMembers([...names.slice(100), "agent-new-1", "agent-new-2"], 10, (n) => n);
        for (const p of after) for (const n of p.members) if (before.has(n)) expect(before.get(n)).toBe(p.index);
    });

    test("pools are about even, sorted by name, empty ones left out", () => {
        const pools = poolMembers(names, 10, (n) => n);
        expect(pools.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        for (const p of pools) {
            expect(p.members.length).toBeGreaterThan(60);
            expect(p.members.length).toBeLessThan(140);
            expect([...p.members].sort()).toEqual(p.members);
        }
        expect(poolMembers(["only"], 5, (n) => n)).toEqual([{ index: poolIndex("only", 5), members: ["only"] }]);
    });

    test("the shell's rule is the same (first 32 bits of sha256, modulo the pools)", () => {
        // sha256("agent-1") starts with the bytes the script reads with `16#${h:0:8}`.
        const h = createHash("sha256").update("agent-1").digest("hex");
        expect(poolIndex("agent-1", 7)).toBe(parseInt(h.slice(0, 8), 16) % 7);
        expect(() => poolIndex("x", 0)).toThrow("the number of pools must be ≥ 1");
    });
});

describe("digests and stdin", () => {
    const node = { name: "n1", environment: { CONTINUUM_SSH_HOST: "h1" }, stdin: "K\n-\nTOKEN=secret-token\n" };

    test("a digest changes with the environment, the stdin and the key, and is not a hash of the secret", () => {
        const d = nodeDigest("key", node);
        expect(d).toMatch(/^[0-9a-f]{32}$/);
        expect(nodeDigest("key", node)).toBe(d);
        expect(nodeDigest("key", { ...node, stdin: "K\n-\nTOKEN=other\n" })).not.toBe(d);
        expect(nodeDigest("key", { ...node, environment: { CONTINUUM_SSH_HOST: "h2" } })).not.toBe(d);
        expect(nodeDigest("other-key", node)).not.toBe(d);
        expect(createHash("sha256").update(node.stdin).digest("hex")).not.toContain(d);
    });

    test("the stdin: keys, then one line per node; the node list: node=digest", () => {
        const n = { ...node, undoInput: "# continuum-params v1\nNODE_NAME=n1\n", digest: "ab".repeat(16) };
        const text = renderPoolStdin({ privateKey: "PK", sudoPassword: "pw" }, [n]);
        const [k, b, pw, line, end] = text.split("\n");
        expect([k, b, pw, end]).toEqual([Buffer.from("PK").toString("base64"), "-", "cHc=", ""]);
        const [name, digest, env, undo, stdin] = line.split("\t");
        expect([name, digest]).toEqual(["n1", n.digest]);
        expect(Buffer.from(env, "base64").toString()).toBe(environmentLines(n.environment));
        expect(Buffer.from(undo, "base64").toString()).toBe(n.undoInput);
        expect(Buffer.from(stdin, "base64").toString()).toBe(n.stdin);
        expect(poolNodeLines([n])).toBe(`n1=${n.digest}\n`);
        expect(() => environmentLines({ A: "x\ny" })).toThrow("line break");
    });
});

describe("the record's budget", () => {
    const rsa = (i: number) => ({
        name: `edge-agent-${i}`,
        environment: {
            CONTINUUM_SSH_HOST: `edge-agent-${i}.example.net`,
            CONTINUUM_SSH_HOST_KEY: "ssh-rsa " + "A".repeat(716),
        },
    });
    test("a pool whose record could pass 112 KiB is refused, naming the spec path and the pools to set", () => {
        const nodes = Array.from({ length: 100 }, (_, i) => rsa(i));
        let message = "";
        try {
            checkRecordBudget("clusters[1].fleet.pools", 0, 2, nodes);
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).toMatch(
            /^clusters\[1\]\.fleet\.pools: pool 1 of 2 \(100 nodes\) would keep a record of up to /,
        );
        expect(message).toMatch(/raise clusters\[1\]\.fleet\.pools to at least [3-9]$/);
        expect(() => checkRecordBudget("kubeedge.fleet.pools", 0, 4, nodes.slice(0, 50))).not.toThrow();
    });
});
