/**
 * The real set the toolchain builds (`npm run toolchain -- --real`, docs/toolchain.md "The real
 * set"): `$CONTINUUM_CACHE/tools/real-<kube version>/manifest.json` lists every binary, release-
 * shaped archive and image archive with its sha256. The real tier reads it and nothing else.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One file of the set (path relative to the set's directory). */
export interface RealFile {
    name: string;
    version: string;
    path: string;
    sha256: string;
}

/** manifest.json of the real set. */
export interface RealSet {
    dir: string;
    kubernetesVersion: string;
    arch: string;
    binaries: RealFile[];
    archives: RealFile[];
    /** Image archives; `digest`: the manifest digest, for an image continuum references by digest (kube-vip). */
    images: { ref: string; path: string; sha256: string; digest?: string }[];
}

/** Where the toolchain caches (the same default as scripts/toolchain.sh). */
export const TOOLS_CACHE = path.join(
    process.env.CONTINUUM_CACHE ?? path.join(os.homedir(), ".cache", "continuum"),
    "tools",
);

/**
 * The real set: the directory `CONTINUUM_REAL_SET` names (a copy of one, e.g. kept stable while
 * the toolchain rebuilds the cache), else the newest finished one in the cache; or a message
 * saying how to build one.
 */
export function findRealSet(): RealSet | string {
    const given = process.env.CONTINUUM_REAL_SET;
    if (given) {
        const manifest = path.join(given, "manifest.json");
        if (!existsSync(manifest))
            return (
                `CONTINUUM_REAL_SET=${given} has no manifest.json — point ` +
                `it at a real set (npm run toolchain -- --real builds one)`
            );
        return { ...(JSON.parse(readFileSync(manifest, "utf8")) as Omit<RealSet, "dir">), dir: given };
    }
    const dirs = existsSync(TOOLS_CACHE)
        ? readdirSync(TOOLS_CACHE)
              .filter((d) => /^real-v[\d.]+$/.test(d))
              .sort()
        : [];
    for (const d of dirs.reverse()) {
        const manifest = path.join(TOOLS_CACHE, d, "manifest.json");
        if (existsSync(manifest))
            return {
                ...(JSON.parse(readFileSync(manifest, "utf8")) as Omit<RealSet, "dir">),
                dir: path.join(TOOLS_CACHE, d),
            };
    }
    return (
        `no real set in ${TOOLS_CACHE} (real-<version>/manifest.json) ` +
        `— build it with \`npm run toolchain -- --real\` (docs/toolchain.md)`
    );
}

/** The set's file of this name among binaries or archives (throws naming what is missing). */
export function realFile(set: RealSet, kind: "binaries" | "archives", name: string): RealFile & { abs: string } {
    const f = set[kind].find((x) => x.name === name);
    if (!f)
        throw new Error(
            `the real set in ${set.dir} has no ${kind} entry '${name}' — ` +
                `rebuild it with \`npm run toolchain -- --real\``,
        );
    return { ...f, abs: path.join(set.dir, f.path) };
}
