/**
 * The host library, run for real with bash: parameters on stdin are data (never executed),
 * a wrong artifact checksum stops the script before it does anything, minor skips are refused.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-file";
import { composeStdin, renderParams } from "../../components/hosts/params";

const dir = mkdtempSync(path.join(tmpdir(), "continuum-lib-"));
copyFileSync(HOST_LIB, path.join(dir, "continuum-lib.sh"));
const lib = path.join(dir, "continuum-lib.sh");

/** Run a fixed bash snippet with the library sourced; $1 is the library path. */
function bash(snippet: string, stdin: string) {
    const r = spawnSync("bash", ["-c", `set -euo pipefail; source "$1"; ${snippet}`, "test", lib], {
        input: stdin,
        encoding: "utf8",
        cwd: dir,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("continuum_read_params", () => {
    test("values are taken literally, multi-line values decoded, a leading password line skipped", () => {
        const hostile = "$(touch pwned) `touch pwned2` ; rm -rf / # '\" \\";
        const stdin = composeStdin(
            renderParams({ PLAIN: hostile, MULTI: "line1\nline2 $HOME", EMPTY: "" }),
            "sudo-pass",
        );
        const r = bash('continuum_read_params; printf "%s|%s|%s" "$PLAIN" "$MULTI" "${EMPTY-unset}"', stdin);
        expect(r.err).toBe("");
        expect(r.out).toBe(`${hostile}|line1\nline2 $HOME|`);
        expect(spawnSync("ls", [dir], { encoding: "utf8" }).stdout).not.toMatch(/pwned/);
    });

    test("a malformed line is refused", () => {
        const r = bash("continuum_read_params", "# continuum-params v1\nlower=x\n");
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/malformed parameter line \(expected KEY=value\)/);
    });
});

describe("continuum_verify_artifacts", () => {
    const file = path.join(dir, "k3s-bin");
    writeFileSync(file, "the pinned binary");
    const sha = createHash("sha256").update("the pinned binary").digest("hex");

    test("a matching file becomes an absolute path", () => {
        const r = bash(
            'continuum_read_params; continuum_verify_artifacts; printf "%s" "$ARTIFACT_K3S"',
            renderParams({ ARTIFACT_K3S: "k3s-bin", ARTIFACT_K3S_SHA256: sha }),
        );
        expect(r.code).toBe(0);
        expect(r.out).toBe(file);
    });

    test("a wrong checksum stops with both digests and installs nothing", () => {
        const wrong = "0".repeat(64);
        const r = bash(
            "continuum_read_params; continuum_verify_artifacts; echo INSTALLED",
            renderParams({ ARTIFACT_K3S: "k3s-bin", ARTIFACT_K3S_SHA256: wrong }),
        );
        expect(r.code).toBe(1);
        expect(r.out).not.toContain("INSTALLED");
        expect(r.err).toContain(
            `artifact k3s-bin has sha256 ${sha}, expected ${wrong} — nothing was installed on this host`,
        );
    });

    test("a missing file and a malformed checksum are named", () => {
        expect(
            bash(
                "continuum_read_params; continuum_verify_artifacts",
                renderParams({ ARTIFACT_X: "absent", ARTIFACT_X_SHA256: sha }),
            ).err,
        ).toMatch(/artifact .*absent is missing/);
        expect(
            bash(
                "continuum_read_params; continuum_verify_artifacts",
                renderParams({ ARTIFACT_X: "k3s-bin", ARTIFACT_X_SHA256: "abc" }),
            ).err,
        ).toMatch(/ARTIFACT_X_SHA256 is not a sha256/);
    });
});

describe("continuum_check_minor_step", () => {
    test.each([
        ["v1.34.2", "v1.35.1", 0, ""],
        ["v1.35.0+k3s1", "v1.35.3+k3s1", 0, ""],
        ["v1.34.2", "v1.36.0", 1, "skips a minor version — upgrade one minor at a time: first to 1.35.x"],
        ["v1.35.1", "v1.34.9", 1, "minor downgrade"],
    ])("%s → %s", (from, to, code, message) => {
        const r = bash(
            'continuum_read_params; continuum_check_minor_step "$FROM" "$TO" node-x',
            renderParams({ FROM: from, TO: to }),
        );
        expect(r.code).toBe(code);
        if (message) expect(r.err).toContain(message);
    });
});
