import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { installMocks } from "../helpers/pulumi-mocks";

installMocks();

import { artifactHostFile, FETCH_SCRIPT_DIR, type PinnedFile } from "../../components/hosts/artifacts";
import { digestParam, requireDigest } from "../../components/hosts/digest";

const dir = mkdtempSync(path.join(tmpdir(), "continuum-artifacts-"));
const source = path.join(dir, "upstream-k3s");
writeFileSync(source, "pinned bytes");
const sha = createHash("sha256").update("pinned bytes").digest("hex");
const pin: PinnedFile = {
    name: "k3s",
    version: "v1.35.0+k3s1",
    arch: "amd64",
    url: `file://${source}`,
    fileName: "k3s-v1.35.0+k3s1-amd64",
    sha256: sha,
};

/** fetch-artifact.sh as the local.run invoke runs it (environment of the local process). */
function fetch(url: string, sha256: string, dest: string) {
    return spawnSync("bash", ["fetch-artifact.sh"], {
        cwd: FETCH_SCRIPT_DIR,
        encoding: "utf8",
        env: { ...process.env, ARTIFACT_URL: url, ARTIFACT_SHA256: sha256, ARTIFACT_DEST: dest },
    });
}

describe("fetch-artifact.sh (on the machine running Pulumi)", () => {
    test("fetches once, verifies, prints the cached path; a second run reuses it", () => {
        const dest = path.join(dir, "cache", pin.fileName);
        const r = fetch(pin.url, sha, dest);
        expect(r.stderr).toBe("");
        expect(r.stdout.trim()).toBe(dest);
        expect(readFileSync(dest, "utf8")).toBe("pinned bytes");
        writeFileSync(source, "changed upstream");
        expect(fetch(pin.url, sha, dest).status).toBe(0);
        writeFileSync(source, "pinned bytes");
    });

    test("a download with the wrong checksum is discarded and fails", () => {
        const dest = path.join(dir, "cache2", pin.fileName);
        const r = fetch(pin.url, "1".repeat(64), dest);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(`has sha256 ${sha}, expected ${"1".repeat(64)} — the download is discarded`);
        expect(existsSync(dest)).toBe(false);
    });

    test("an empty checksum is refused before downloading", () => {
        const r = fetch(pin.url, "", path.join(dir, "x"));
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/'' is not a sha256 for .* pin it in the stack/);
    });
});

describe("artifactHostFile", () => {
    test("airgap: a missing file names the URL and checksum to fetch", () => {
        expect(() => artifactHostFile(pin, { airgapDir: path.join(dir, "airgap") })).toThrow(
            new RegExp(
                `airgap: k3s-v1.35.0\\+k3s1-amd64 is not in .* — download ` +
                    `file://.*upstream-k3s there as k3s-v1.35.0\\+k3s1-amd64 \\(sha256 ${sha}\\)`,
            ),
        );
    });

    test("airgap: a present file is pushed as is, with its pinned checksum", () => {
        const airgap = path.join(dir, "airgap2");
        spawnSync("mkdir", ["-p", airgap]);
        writeFileSync(path.join(airgap, pin.fileName), "pinned bytes");
        const f = artifactHostFile(pin, { airgapDir: airgap });
        expect(f).toMatchObject({ name: "k3s", fileName: pin.fileName, sha256: sha });
    });
});

describe("sha512 pins (what KubeEdge publishes)", () => {
    const sha512 = createHash("sha512").update("pinned bytes").digest("hex");
    const fetch512 = (want: string, dest: string) =>
        spawnSync("bash", ["fetch-artifact.sh"], {
            cwd: FETCH_SCRIPT_DIR,
            encoding: "utf8",
            env: { ...process.env, ARTIFACT_URL: pin.url, ARTIFACT_SHA512: want, ARTIFACT_DEST: dest },
        });

    test("fetch-artifact.sh verifies with sha512 when that is the pin, and discards a mismatch", () => {
        writeFileSync(source, "pinned bytes");
        const ok = fetch512(sha512, path.join(dir, "c512", "f"));
        expect(ok.stderr).toBe("");
        expect(ok.status).toBe(0);
        const bad = fetch512("2".repeat(128), path.join(dir, "c512b", "f"));
        expect(bad.status).toBe(1);
        expect(bad.stderr).toContain(`has sha512 ${sha512}, expected ${"2".repeat(128)}`);
        expect(existsSync(path.join(dir, "c512b", "f"))).toBe(false);
        // a sha256-length value given as sha512 is refused before downloading
        expect(fetch512(sha, path.join(dir, "c512c", "f")).stderr).toMatch(/is not a sha512/);
    });

    test("artifactHostFile hands the host the sha512 (ARTIFACT_<NAME>_SHA512 follows from it)", () => {
        const airgap = mkdtempSync(path.join(tmpdir(), "continuum-airgap512-"));
        writeFileSync(path.join(airgap, "keadm.tgz"), "pinned bytes");
        const f = artifactHostFile(
            { ...pin, name: "keadm", fileName: "keadm.tgz", sha256: undefined, sha512 },
            { airgapDir: airgap },
        );
        expect(f.sha512).toBe(sha512);
        expect(f.sha256).toBeUndefined();
        expect(f.origin).toBe("table: keadm v1.35.0+k3s1");
        expect(digestParam("KEADM", requireDigest(f, "gw-1"))).toEqual({
            ARTIFACT_KEADM_SHA512: sha512,
            ARTIFACT_KEADM_ORIGIN: "table: keadm v1.35.0+k3s1",
        });
        const stack = artifactHostFile(
            { ...pin, name: "keadm", arch: "arm64", fileName: "keadm.tgz", sha256: undefined, sha512, source: "stack" },
            { airgapDir: airgap },
        );
        expect(stack.origin).toBe("stack: artifacts.keadm.arm64");
    });

    test("checksumFile: the digest is read from upstream's checksum file in the airgap directory", () => {
        const airgap = mkdtempSync(path.join(tmpdir(), "continuum-airgapsum-"));
        writeFileSync(path.join(airgap, "keadm.tgz"), "pinned bytes");
        const p: PinnedFile = {
            ...pin,
            name: "keadm",
            fileName: "keadm.tgz",
            sha256: undefined,
            checksumFile: "checksum_keadm.txt",
            source: "stack",
        };
        expect(() => artifactHostFile(p, { airgapDir: airgap })).toThrow(
            /airgap: checksum_keadm\.txt \(the checksum of keadm\.tgz\) is not in /,
        );
        writeFileSync(path.join(airgap, "checksum_keadm.txt"), `${sha512}\n`); // KubeEdge's form: bare hex
        expect(artifactHostFile(p, { airgapDir: airgap }).sha512).toBe(sha512);
        // sha256sum output
        writeFileSync(path.join(airgap, "checksum_keadm.txt"), `${"3".repeat(64)}  other.tgz\n${sha}  keadm.tgz\n`);
        expect(artifactHostFile(p, { airgapDir: airgap }).sha256).toBe(sha);
        writeFileSync(path.join(airgap, "checksum_keadm.txt"), "not a digest\n");
        expect(() => artifactHostFile(p, { airgapDir: airgap })).toThrow(
            /holds no sha256 \(64 hex\) or sha512 \(128 hex\)/,
        );
    });
});
