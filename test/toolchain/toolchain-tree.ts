// A throwaway copy of the toolchain (scripts/toolchain*.sh, tools/versions.env) in which the
// actionlint family is a stand-in Go module of a few lines, so its "build from Go modules" takes
// a second and needs no network. The copied version table gets this machine's actionlint
// release pins pointed at a file the test serves (same mechanism a user's table uses).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO = path.resolve(__dirname, "../..");

/** linux_amd64 / linux_arm64 in the form the version table uses (DL_<TOOL>_SHA256_LINUX_<ARCH>). */
export const PLATFORM = `LINUX_${process.arch === "arm64" ? "ARM64" : "AMD64"}`;
/** The path of the actionlint release file under a mirror (host + path of the official URL). */
export const RELEASE_PATH =
    "/github.com/rhysd/actionlint/releases/download" +
    `/v1.7.12/actionlint_1.7.12_linux_${process.arch === "arm64" ? "arm64" : "amd64"}.tar.gz`;

export function sha256(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/**
 * A .tar.gz holding an executable `actionlint` (a shell script standing in for the release
 * binary) that answers -version with `version` and the line the real release prints after it.
 */
export async function releaseTarball(dir: string, version: string): Promise<Buffer> {
    const src = fs.mkdtempSync(path.join(dir, "release-"));
    const script =
        `#!/bin/sh\n# stand-in for the actionlint release binary\necho ${version}\necho ` +
        `installed by downloading from release page\n`;
    fs.writeFileSync(path.join(src, "actionlint"), script, { mode: 0o755 });
    fs.writeFileSync(path.join(src, "README.md"), "stand-in release archive\n");
    const out = path.join(dir, `release-${path.basename(src)}.tar.gz`);
    await run("tar", ["-czf", out, "-C", src, "actionlint", "README.md"]);
    return fs.readFileSync(out);
}

export interface Tree {
    root: string;
    cache: string;
    /** Where the toolchain keeps the actionlint binary (CONTINUUM_CACHE/tools/actionlint-v1.7.12/). */
    cached: string;
}

/**
 * Copies the toolchain into a temporary tree whose actionlint release digest is `digest` (null:
 * actionlint has no release pin for this platform) and
 * whose tools/actionlint is a stand-in module (`mainGo` is its cmd/actionlint/main.go).
 */
export function makeTree(digest: string | null, mainGo = STANDIN_MAIN): Tree {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-toolchain-"));
    fs.mkdirSync(path.join(root, "scripts"));
    for (const f of fs.readdirSync(path.join(REPO, "scripts"))) {
        if (/^toolchain.*\.sh$/.test(f)) fs.copyFileSync(path.join(REPO, "scripts", f), path.join(root, "scripts", f));
    }
    const mod = path.join(root, "tools/actionlint");
    fs.mkdirSync(path.join(mod, "cmd/actionlint"), { recursive: true });
    const versions = fs.readFileSync(path.join(REPO, "tools/versions.env"), "utf8");
    const pin =
        digest === null
            ? `unset DL_ACTIONLINT_URL_${PLATFORM} DL_ACTIONLINT_SHA256_${PLATFORM}`
            : `DL_ACTIONLINT_SHA256_${PLATFORM}=${digest}`;
    fs.writeFileSync(
        path.join(root, "tools/versions.env"),
        `${versions}\n# test tree: the release file the test serves (null: none)\n${pin}\n`,
    );
    // Stand-in for github.com/rhysd/actionlint: the package path and version variable the
    // toolchain's build_actionlint sets with -X, nothing else.
    fs.writeFileSync(path.join(mod, "go.mod"), "module github.com/rhysd/actionlint\n\ngo 1.22\n");
    fs.writeFileSync(
        path.join(mod, "actionlint.go"),
        'package actionlint\n\nvar version = "dev"\n\n// Version is set ' +
            "by -ldflags -X.\nfunc Version() string { return version }\n",
    );
    fs.writeFileSync(path.join(mod, "cmd/actionlint/main.go"), mainGo);
    const cache = path.join(root, "cache");
    return { root, cache, cached: path.join(cache, "tools/actionlint-v1.7.12/actionlint") };
}

export const STANDIN_MAIN =
    'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/rhysd/actionlint"\n)\n\nfunc ' +
    "main() { fmt.Println(actionlint.Version()) }\n";

export interface Result {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the tree's scripts/toolchain.sh --only actionlint with the mirror and extra environment. */
export function toolchain(tree: Tree, env: Record<string, string>): Promise<Result> {
    return toolchainIn(tree, ["bash", path.join(tree.root, "scripts/toolchain.sh"), "--only", "actionlint"], env);
}

/** Runs `argv` with the tree's cache, no Go module proxy, and `env`. */
export async function toolchainIn(tree: Tree, argv: string[], env: Record<string, string>): Promise<Result> {
    try {
        const { stdout, stderr } = await run(argv[0], argv.slice(1), {
            env: { ...process.env, CONTINUUM_CACHE: tree.cache, GOPROXY: "off", GOFLAGS: "", ...env },
            timeout: 120_000,
        });
        return { code: 0, stdout, stderr };
    } catch (e) {
        const err = e as { code?: number; stdout?: string; stderr?: string };
        return {
            code: typeof err.code === "number" ? err.code : -1,
            stdout: err.stdout ?? "",
            stderr: err.stderr ?? "",
        };
    }
}

/** A release server on 127.0.0.1 serving `files` (path -> bytes), counting requests. */
export async function releaseServer(
    files: Map<string, Buffer>,
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        requests.push(req.url ?? "");
        const body = files.get(req.url ?? "");
        if (!body) {
            res.writeHead(404).end("not found\n");
            return;
        }
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

/** A loopback URL nothing listens on (a port taken and released). */
export async function deadUrl(): Promise<string> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
}
