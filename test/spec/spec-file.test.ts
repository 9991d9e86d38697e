import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { mergeSpecSources, parseSpecSources, readSpecFile } from "../../components/spec/spec-file";
import { formatIssue } from "../../components/spec/issues";
import { testHostKey } from "./fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-specfile-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const inventory = {
    ssh: { user: "ops" },
    clusters: [
        {
            name: "edge",
            tier: "edge",
            distribution: "k3s",
            substrate: "ssh",
            network: { podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" },
            nodes: [
                { name: "s1", roles: ["server"], host: "192.0.2.10", hostKey: testHostKey("key-one") },
                { name: "a1", roles: ["agent"], host: "192.0.2.11", hostKey: testHostKey("key-two") },
            ],
        },
    ],
};
const write = (name: string, content: unknown) => {
    fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : stringify(content));
    return name;
};

describe("mergeSpecSources", () => {
    test("mappings merge key by key; lists and scalars from the later source replace", () => {
        expect(mergeSpecSources({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { c: [3] }, e: true })).toEqual({
            a: { b: 1, c: [3] },
            d: "x",
            e: true,
        });
        expect(mergeSpecSources({ a: 1 }, undefined)).toEqual({ a: 1 });
        expect(mergeSpecSources(undefined, { a: 1 })).toEqual({ a: 1 });
    });
});

describe("parseSpecSources", () => {
    test("the file holds the inventory, stack config the secret: merged and valid", () => {
        const r = parseSpecSources(
            { ssh: { privateKey: "decrypted-by-the-engine" } },
            write("fleet.yaml", inventory),
            dir,
        );
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.spec.clusters[0].nodes.map((n) => n.name)).toEqual(["s1", "a1"]);
        expect(r.spec.ssh.user).toBe("ops");
        expect(r.spec.ssh.privateKey?.reveal("test")).toBe("decrypted-by-the-engine");
    });

    test("a secret the file sets is refused, naming the field and the command that sets it as a secret", () => {
        const file = write("with-key.yaml", {
            ...inventory,
            ssh: { user: "ops", privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----" },
        });
        const r = parseSpecSources(undefined, file, dir);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.issues.map(formatIssue)).toEqual([
            "ssh.privateKey: is a secret but is set in the spec file with-key.yaml " +
                "— remove it from the file and set it in stack config: `pulumi config set " +
                "--secret --path 'continuum:spec.ssh.privateKey' <value>`",
        ]);
    });

    test("the merged spec goes through every rule (a duplicate node from config is caught)", () => {
        const r = parseSpecSources(
            {
                ssh: { privateKey: "k" },
                clusters: [
                    {
                        ...inventory.clusters[0],
                        nodes: [inventory.clusters[0].nodes[0], inventory.clusters[0].nodes[0]],
                    },
                ],
            },
            write("fleet2.yaml", inventory),
            dir,
        );
        expect(r.ok).toBe(false);
    });

    test("without a file it is the plain stack-config parse", () => {
        expect(parseSpecSources({ ...inventory, ssh: { user: "ops", privateKey: "k" } }, undefined, dir).ok).toBe(true);
    });
});

describe("readSpecFile", () => {
    test("a missing file names the path and what it is relative to", () => {
        expect(() => readSpecFile("nope.yaml", dir)).toThrow(
            new RegExp(
                /continuum:specFile is nope.yaml but .*nope.yaml /.source +
                    /cannot be read \(ENOENT\) — the path is /.source +
                    /relative to the Pulumi project directory/.source,
            ),
        );
    });

    test("invalid YAML names the file, line and column", () => {
        expect(() => readSpecFile(write("bad.yaml", "clusters:\n  - name: a\n   bad: [\n"), dir)).toThrow(
            /bad\.yaml:\d+:\d+: not valid YAML/,
        );
    });

    test("a file that is not a mapping is refused", () => {
        expect(() => readSpecFile(write("list.yaml", "- a\n- b\n"), dir)).toThrow(/must hold a mapping/);
    });
});
