/**
 * A node's files as one content-addressed bundle: the host library, the scripts of every step
 * the node runs, and the pinned artifacts those steps verify — one directory on the machine
 * running Pulumi, pushed to the host by the node's converge (fleet-node-ssh.sh, over the same SSH
 * connection) when the host does not have it yet, instead of a directory command plus one copy
 * per file.
 *
 * Nodes that need the same files share one bundle (a fleet has a handful: per role and arch).
 * The bundle's digest is a sha256 over the names and sha256s of its files (each distinct
 * file is hashed once per program run). Only the digest reaches the resource: the engine never
 * reads the files (an archive input would be hashed per resource that carries it — measured:
 * a 64 MB K3s binary cost ~30 ms per node in every preview).
 */
import { createHash } from "node:crypto";
import {
    copyFileSync,
    existsSync,
    linkSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    renameSync,
    rmSync,
    statSync,
    writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { HostFile } from "./host-file";
import { remoteFileName } from "./remote-commands";

/** Where bundles are assembled on the machine running Pulumi. */
export function defaultBundleDir(): string {
    const env = process.env.CONTINUUM_BUNDLE_DIR;
    if (env) return env;
    const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(xdg, "continuum", "bundles");
}

/** The bundle directory on the host, in the login user's home (the copy creates it; its parent exists). */
export const REMOTE_BUNDLE_PREFIX = ".continuum-bundle-";

/** One file of a bundle: its name in the bundle and where it is on this machine. */
export interface BundleEntry {
    /** File name in the bundle (a checked base name). */
    name: string;
    /** Absolute local path. */
    localPath: string;
    /**
     * A pinned artifact (checked against its sha256 on the host): hard-linked into the bundle where
     * the file system allows. Anything else (scripts, rendered files) is copied, so editing the source
     * in place later cannot change a bundle already assembled under its digest.
     * @default false
     */
    pinned?: boolean;
}

/** A bundle ready to push. */
export interface NodeBundle {
    /** sha256 over the bundle's names and file sha256s. */
    digest: pulumi.Output<string>;
    /** The directory on the host, relative to the login user's home (`.continuum-bundle-<digest16>`). */
    remoteDir: pulumi.Output<string>;
}

const FILE_SHA = new Map<string, string>();

/** sha256 of a local file, once per file (and size and mtime) per program run. */
export function fileSha256(file: string): string {
    let st;
    try {
        st = statSync(file);
    } catch {
        throw new Error(
            `${file} does not exist — it should have been fetched (or put ` +
                `in the airgap directory) before the bundle is assembled`,
        );
    }
    const key = `${file}\0${st.size}\0${st.mtimeMs}`;
    let sha = FILE_SHA.get(key);
    if (sha === undefined) {
        sha = createHash("sha256").update(readFileSync(file)).digest("hex");
        FILE_SHA.set(key, sha);
    }
    return sha;
}

/** The digest of a bundle: sha256 over sorted `name sha256` lines (pure given the file hashes). */
export function bundleDigest(entries: { name: string; sha256: string }[]): string {
    const lines = [...entries].sort((a, b) => a.name.localeCompare(b.name)).map((e) => `${e.name} ${e.sha256}`);
    return createHash("sha256")
        .update(`continuum-bundle v1\n${lines.join("\n")}\n`)
        .digest("hex");
}

/** Check names: unique, safe for a command path; two different files under one name are refused. */
export function checkEntries(entries: BundleEntry[]): BundleEntry[] {
    const byName = new Map<string, BundleEntry>();
    for (const e of entries) {
        remoteFileName(e.name);
        const seen = byName.get(e.name);
        if (seen !== undefined && path.resolve(seen.localPath) !== path.resolve(e.localPath)) {
            throw new Error(
                `two different files are named ${e.name} in one node bundle ` +
                    `(${seen.localPath}, ${e.localPath}) — rename one of them`,
            );
        }
        if (seen === undefined) byName.set(e.name, e);
    }
    return [...byName.values()];
}

/**
 * Assemble (once) the bundle directory `<root>/<digest>`: scripts copied, pinned artifacts
 * hard-linked (or copied where the file system refuses). It is filled under a temporary name and
 * renamed: a directory under its digest is always complete.
 */
export function materializeBundle(root: string, digest: string, entries: BundleEntry[]): string {
    const dir = path.join(root, digest);
    if (existsSync(dir)) return dir;
    mkdirSync(root, { recursive: true });
    const tmp = mkdtempSync(path.join(root, ".assembling-"));
    try {
        for (const e of entries) {
            const dest = path.join(tmp, e.name);
            if (!e.pinned) {
                copyFileSync(e.localPath, dest);
                continue;
            }
            try {
                linkSync(e.localPath, dest);
            } catch {
                copyFileSync(e.localPath, dest);
            }
        }
        try {
            renameSync(tmp, dir);
        } catch (e) {
            // Another process assembled the same bundle first.
            if (!existsSync(dir)) throw e;
        }
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
    return dir;
}

/**
 * A text file for bundles (e.g. rendered preflight rules), written once under its content hash:
 * what many nodes share goes in their bundle instead of every node's stdin (and state).
 */
export function bundleTextFile(name: string, text: string, root: string = defaultBundleDir()): string {
    remoteFileName(name);
    const sha = createHash("sha256").update(text).digest("hex");
    const dir = path.join(root, "text", sha);
    const file = path.join(dir, name);
    if (!existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, text);
        renameSync(tmp, file);
    }
    return file;
}

const BUNDLES = new Map<string, NodeBundle>();

/**
 * The bundle of `scripts` (local paths) and `files` (pinned artifacts). Artifacts still being
 * fetched are waited for. Memoized: every node with the same files (name, digest, local path)
 * gets the same bundle.
 */
export function nodeBundle(scripts: string[], files: HostFile[], root: string = defaultBundleDir()): NodeBundle {
    // A file is its name, its digest and, when known, where it is here: two sources of one pinned
    // name (say a bad mirror's copy) make two bundles, each verified on its hosts.
    const key = JSON.stringify([
        root,
        [...scripts].sort(),
        files.map((f) => `${f.fileName}@${f.sha256 ?? f.sha512}@${f.localPath ?? ""}`).sort(),
    ]);
    const known = BUNDLES.get(key);
    if (known) return known;
    const scriptEntries = scripts.map((s) => ({ name: path.basename(s), localPath: s }));
    const sources = files.map((f) =>
        pulumi.output(f.source).apply(async (a) => ({
            name: f.fileName,
            localPath: await (a as pulumi.asset.FileAsset).path,
            pinned: true,
        })),
    );
    const resolved = pulumi.all(sources).apply((artifacts) => {
        const entries = checkEntries([...scriptEntries, ...artifacts]);
        const digest = bundleDigest(entries.map((e) => ({ name: e.name, sha256: fileSha256(e.localPath) })));
        const dir = materializeBundle(root, digest, entries);
        return { digest, dir };
    });
    const bundle: NodeBundle = {
        digest: resolved.digest,
        remoteDir: resolved.digest.apply((d) => `${REMOTE_BUNDLE_PREFIX}${d.slice(0, 16)}`),
    };
    BUNDLES.set(key, bundle);
    return bundle;
}
