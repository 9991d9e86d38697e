import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, valueOf } from "../helpers/pulumi-mocks";

installMocks();

import {
    bundleDigest,
    checkEntries,
    fileSha256,
    materializeBundle,
    nodeBundle,
} from "../../components/hosts/node-bundle";
import { renderConvergeInput, parseConvergeInput } from "../../components/hosts/converge-params";
import type { HostFile } from "../../components/hosts/host-file";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-bundle-test-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const file = (name: string, content: string) => {
    const p = path.join(root, "src", name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
};
const artifact = (name: string, fileName: string, content: string): HostFile => ({
    name,
    fileName,
    sha256: "f".repeat(64),
    source: new pulumi.asset.FileAsset(file(fileName, content)),
});

describe("bundle digest and entries", () => {
    test("the digest depends on names and contents, not on order", () => {
        const a = { name: "a.sh", sha256: "1".repeat(64) };
        const b = { name: "b", sha256: "2".repeat(64) };
        expect(bundleDigest([a, b])).toBe(bundleDigest([b, a]));
        expect(bundleDigest([a, b])).not.toBe(bundleDigest([a, { ...b, sha256: "3".repeat(64) }]));
        expect(bundleDigest([a, b])).not.toBe(bundleDigest([a, { ...b, name: "c" }]));
        expect(bundleDigest([a])).toMatch(/^[0-9a-f]{64}$/);
    });

    test("one file twice is one entry; two different files under one name are refused; unsafe names too", () => {
        const one = file("same.sh", "x");
        expect(
            checkEntries([
                { name: "same.sh", localPath: one },
                { name: "same.sh", localPath: one },
            ]),
        ).toHaveLength(1);
        expect(() =>
            checkEntries([
                { name: "same.sh", localPath: one },
                { name: "same.sh", localPath: file("other/same.sh", "y") },
            ]),
        ).toThrow(/two different files are named same.sh in one node bundle .* rename one of them/);
        expect(() => checkEntries([{ name: "bad name;rm", localPath: one }])).toThrow(
            /has characters continuum does not put in a command/,
        );
    });

    test("a missing local file says it should have been fetched first", () => {
        expect(() => fileSha256(path.join(root, "nope"))).toThrow(
            /does not exist — it should have been fetched \(or put in the airgap directory\)/,
        );
    });

    test("materialized once under its digest: hard links for artifacts, nothing half-written", () => {
        const big = file("big.bin", "binary");
        const script = file("s.sh", "echo");
        const dir = materializeBundle(path.join(root, "b1"), "d".repeat(64), [
            { name: "big.bin", localPath: big, pinned: true },
            { name: "s.sh", localPath: script },
        ]);
        expect(fs.readdirSync(dir).sort()).toEqual(["big.bin", "s.sh"]);
        expect(fs.statSync(path.join(dir, "big.bin")).ino).toBe(fs.statSync(big).ino);
        // A script is a copy: editing the source in place leaves the assembled bundle as its digest says.
        expect(fs.statSync(path.join(dir, "s.sh")).ino).not.toBe(fs.statSync(script).ino);
        fs.writeFileSync(script, "echo edited");
        expect(fs.readFileSync(path.join(dir, "s.sh"), "utf8")).toBe("echo");
        expect(materializeBundle(path.join(root, "b1"), "d".repeat(64), [])).toBe(dir);
        expect(fs.readdirSync(path.join(root, "b1"))).toEqual(["d".repeat(64)]);
    });
});

describe("nodeBundle", () => {
    const scripts = [file("step.sh", "#!/usr/bin/env bash\n"), file("lib.sh", "# lib\n")];

    test("nodes with the same files share one bundle; another artifact is another bundle", async () => {
        const a = nodeBundle(scripts, [artifact("k3s", "k3s-arm64", "arm binary")], path.join(root, "bundles"));
        const b = nodeBundle(scripts, [artifact("k3s", "k3s-arm64", "arm binary")], path.join(root, "bundles"));
        const c = nodeBundle(scripts, [artifact("k3s", "k3s-amd64", "amd binary")], path.join(root, "bundles"));
        expect(b).toBe(a);
        expect(await valueOf(a.remoteDir)).toMatch(/^\.continuum-bundle-[0-9a-f]{16}$/);
        expect(await valueOf(c.remoteDir)).not.toBe(await valueOf(a.remoteDir));
        const dir = path.join(root, "bundles", await valueOf(a.digest));
        expect(fs.readdirSync(dir).sort()).toEqual(["k3s-arm64", "lib.sh", "step.sh"]);
    });

    test(
        "one pinned name from two places here (a bad mirror's copy) is " + "two bundles, each with its own bytes",
        async () => {
            const at = (where: string, content: string): HostFile => {
                const local = path.join(root, where, "k3s-x");
                fs.mkdirSync(path.dirname(local), { recursive: true });
                fs.writeFileSync(local, content);
                return {
                    name: "k3s",
                    fileName: "k3s-x",
                    sha256: "f".repeat(64),
                    source: new pulumi.asset.FileAsset(local),
                    localPath: local,
                };
            };
            const good = nodeBundle(scripts, [at("mirror-a", "good")], path.join(root, "bundles"));
            const bad = nodeBundle(scripts, [at("mirror-b", "bad")], path.join(root, "bundles"));
            expect(bad).not.toBe(good);
            expect(await valueOf(bad.digest)).not.toBe(await valueOf(good.digest));
            expect(nodeBundle(scripts, [at("mirror-a", "good")], path.join(root, "bundles"))).toBe(good);
        },
    );
});

describe("converge input", () => {
    test("global parameters and one section per step survive a round trip", () => {
        const text = renderConvergeInput(
            "n1",
            [
                { script: "a.sh", uninstall: "a-undo.sh", params: { K: "v", MULTI: "l1\nl2" } },
                { script: "b.sh", params: {} },
            ],
            { PREFLIGHT: "passed" },
        );
        expect(parseConvergeInput(text)).toEqual({
            global: { NODE_NAME: "n1", STEPS: "a.sh b.sh", UNINSTALLS: "a.sh:a-undo.sh b.sh:-", PREFLIGHT: "passed" },
            steps: { "a.sh": { K: "v", MULTI: "l1\nl2" }, "b.sh": {} },
        });
    });

    test("a step twice, no step, or an unsafe script name is refused", () => {
        expect(() =>
            renderConvergeInput("n1", [
                { script: "a.sh", params: {} },
                { script: "a.sh", params: {} },
            ]),
        ).toThrow(/a step script appears twice/);
        expect(() => renderConvergeInput("n1", [])).toThrow(/a converge needs at least one step/);
        expect(() => renderConvergeInput("n1", [{ script: "a b.sh", params: {} }])).toThrow(
            /has characters continuum does not put in a command/,
        );
    });
});
