/**
 * scripts/toolchain.sh and the upstream plugin sources (scripts/toolchain-plugins.sh), run for real
 * with bash against a private cache: an archive whose sha256 is not the pinned one is refused
 * before anything in it is unpacked or run; without a source directory and without a cached
 * build the toolchain says what to set; a cached binary that is not upstream's plugin is not used.
 * Needs `go` on PATH (as the toolchain does).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const PINS = fs.readFileSync(path.join(ROOT, "tools", "versions.env"), "utf8");
const COMMAND_SHA256 = /^COMMAND_SHA256=([0-9a-f]{64})$/m.exec(PINS)?.[1] ?? "";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function scratch(): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-plugin-sources-"));
    dirs.push(d);
    return d;
}

/** `scripts/toolchain.sh --only pulumi-resource-command` with a private cache; output merged. */
function toolchain(
    cache: string,
    env: NodeJS.ProcessEnv = {},
    args: string[] = [],
): { status: number | null; out: string } {
    const base = { ...process.env };
    delete base.CONTINUUM_PLUGIN_SOURCES;
    const r = spawnSync(
        "bash",
        [path.join(ROOT, "scripts", "toolchain.sh"), "--only", "pulumi-resource-command", ...args],
        {
            // PULUMI_HOME: an empty "own Pulumi install", so no plugin of this machine's user is taken instead.
            cwd: ROOT,
            encoding: "utf8",
            env: { ...base, CONTINUUM_CACHE: cache, PULUMI_HOME: path.join(cache, "pulumi-home"), ...env },
            timeout: 60_000,
        },
    );
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A gzipped tar named like the command provider's archive whose build.sh leaves a marker if it runs. */
function impostorArchive(dir: string, marker: string): string {
    const tree = path.join(dir, "tree", "pulumi-command");
    fs.mkdirSync(tree, { recursive: true });
    fs.writeFileSync(path.join(tree, "build.sh"), `#!/usr/bin/env bash\ntouch ${marker}\n`, { mode: 0o755 });
    const sources = path.join(dir, "sources");
    fs.mkdirSync(sources);
    const tar = spawnSync("tar", [
        "-czf",
        path.join(sources, "pulumi-command.tar.gz"),
        "-C",
        path.join(dir, "tree"),
        "pulumi-command",
    ]);
    expect(tar.status).toBe(0);
    return sources;
}

describe("plugin sources (scripts/toolchain.sh --plugin-sources / CONTINUUM_PLUGIN_SOURCES)", () => {
    test("the pin is a sha256", () => {
        expect(COMMAND_SHA256).toMatch(/^[0-9a-f]{64}$/);
    });

    test("an archive with another sha256 is refused before it is unpacked, naming the file and the pin", () => {
        const dir = scratch();
        const marker = path.join(dir, "build-ran");
        const sources = impostorArchive(dir, marker);
        const cache = path.join(dir, "cache");
        const r = toolchain(cache, {}, ["--plugin-sources", sources]);
        expect(r.status).toBe(1);
        expect(r.out).toContain(`${sources}/pulumi-command.tar.gz has sha256 `);
        expect(r.out).toContain(`but tools/versions.env pins COMMAND_SHA256=${COMMAND_SHA256}: not unpacked`);
        expect(fs.existsSync(marker)).toBe(false);
        expect(fs.readdirSync(path.join(cache, "tools")).filter((f) => f.startsWith(".plugin-src"))).toEqual([]);
        expect(
            fs.existsSync(path.join(cache, "tools", "pulumi-resource-command-1.2.1", "pulumi-resource-command")),
        ).toBe(false);
    });

    test("the same through CONTINUUM_PLUGIN_SOURCES", () => {
        const dir = scratch();
        const marker = path.join(dir, "build-ran");
        const r = toolchain(path.join(dir, "cache"), { CONTINUUM_PLUGIN_SOURCES: impostorArchive(dir, marker) });
        expect(r.status).toBe(1);
        expect(r.out).toContain("not unpacked");
        expect(fs.existsSync(marker)).toBe(false);
    });

    test("no source directory and nothing cached: fails saying what to set", () => {
        const r = toolchain(path.join(scratch(), "cache"));
        expect(r.status).toBe(1);
        expect(r.out).toContain(
            "pulumi-resource-command 1.2.1 is not built yet and no plugin sources are given: " +
                "set CONTINUUM_PLUGIN_SOURCES=DIR or pass --plugin-sources DIR, where DIR holds pulumi-command.tar.gz",
        );
    });

    test("a source directory without the archive names the directory and the file", () => {
        const dir = scratch();
        const r = toolchain(path.join(dir, "cache"), { CONTINUUM_PLUGIN_SOURCES: dir });
        expect(r.status).toBe(1);
        expect(r.out).toContain(`plugin sources ${fs.realpathSync(dir)} have no pulumi-command.tar.gz`);
    });

    test("a source directory that does not exist is named", () => {
        const dir = scratch();
        const r = toolchain(path.join(dir, "cache"), {}, ["--plugin-sources", path.join(dir, "nowhere")]);
        expect(r.status).toBe(1);
        expect(r.out).toContain(
            `plugin sources ${path.join(dir, "nowhere")} (--plugin-sources ` +
                `/ CONTINUUM_PLUGIN_SOURCES) is not a directory`,
        );
    });

    test("a cached binary that is not upstream's plugin is not used, even with the right stamp", () => {
        const dir = scratch();
        const cached = path.join(dir, "cache", "tools", "pulumi-resource-command-1.2.1");
        fs.mkdirSync(cached, { recursive: true });
        // What a stand-in would look like to a version-only check: the right stamp, no upstream build info.
        fs.writeFileSync(path.join(cached, "pulumi-resource-command"), "#!/bin/sh\necho v1.2.1\n", { mode: 0o755 });
        fs.writeFileSync(
            path.join(cached, "pulumi-resource-command.source"),
            `sha256=${COMMAND_SHA256}\nfrom=/elsewhere\n`,
        );
        const r = toolchain(path.join(dir, "cache"));
        expect(r.status).toBe(1);
        expect(r.out).toContain("pulumi-resource-command 1.2.1 is not built yet and no plugin sources are given");
    });
});
