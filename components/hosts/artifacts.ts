import { existsSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { HostArtifactName, VersionTable } from "../versions";
import { hasDigest, type PinSource, type ResolvedArtifactFile } from "../artifact-pins";
import { digestOf, type FileDigest } from "./digest";
import type { HostFile } from "./host-file";

/** One pinned file of the (stack's) version table for one architecture. */
export interface PinnedFile {
    name: HostArtifactName;
    version: string;
    arch: string;
    url: string;
    fileName: string;
    /** Lower-case hex sha256, when the pin gives one. */
    sha256?: string;
    /** Lower-case hex sha512, when the pin gives one. */
    sha512?: string;
    /** A checksum file in airgap.artifactDir holding the digest (read by `artifactHostFile`). */
    checksumFile?: string;
    /** Where the pin came from. @default "table" */
    source?: PinSource;
}

/** How a user pins an artifact the table cannot verify: the stack field and where its value comes from. */
export function pinHint(name: HostArtifactName, arch: string, url: string): string {
    return (
        `set artifacts.${name}.${arch}.sha256 (or .sha512) in the stack ` +
        `to upstream's published digest of ${url || "the file"} ` +
        `(its checksum file), or to the output of \`sha256sum\`/\`sha512sum\` of a copy you verified; ` +
        `or put that file and its checksum file in airgap.artifactDir and set artifacts.${name}.${arch}.checksumFile`
    );
}

/**
 * The pinned file for an artifact and arch. Refuses an architecture nothing pins and a file
 * without a digest: nothing is installed from an unverified file.
 */
export function pinnedFile(table: VersionTable, name: HostArtifactName, arch: string): PinnedFile {
    const art = table.hostArtifacts[name];
    const file = art.files[arch as keyof typeof art.files] as ResolvedArtifactFile | undefined;
    if (!file) {
        const pinned = Object.keys(art.files);
        throw new Error(
            `${name} ${art.version} is not pinned for ${arch} — ` +
                `${pinned.length > 0 ? `use a node of arch ${pinned.join(" or ")}, or ` : ""}pin ` +
                `it in the stack: artifacts.${name}.${arch} with url, fileName and sha256 (or sha512)`,
        );
    }
    if (!hasDigest(file)) {
        throw new Error(
            `${name} ${art.version} for ${arch} has no published sha256 ` +
                `or sha512 continuum could record — ${pinHint(name, arch, file.url)}; continuum ` +
                `does not install unverified files`,
        );
    }
    return {
        name,
        version: art.version,
        arch,
        url: file.url,
        fileName: file.fileName,
        sha256: file.sha256,
        sha512: file.sha512,
        checksumFile: file.checksumFile,
        source: file.source ?? "table",
    };
}

/**
 * The digest in a checksum file: the first 64- or 128-hex word of the first line that has one
 * (bare hex as KubeEdge publishes it, or `sha256sum`/`sha512sum` output, where a line naming
 * `fileName` wins).
 */
export function digestFromChecksumText(text: string, fileName: string): FileDigest | undefined {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
    const named = lines.find((l) =>
        l
            .split(/\s+/)
            .slice(1)
            .some((w) => w.replace(/^\*/, "") === fileName),
    );
    for (const line of named ? [named] : lines) {
        const word = line.split(/\s+/)[0].toLowerCase();
        if (/^[0-9a-f]{128}$/.test(word)) return { algorithm: "sha512", hex: word };
        if (/^[0-9a-f]{64}$/.test(word)) return { algorithm: "sha256", hex: word };
    }
    return undefined;
}

/**
 * The file's digest: its own, or the one in its checksum file (in `airgapDir`). Throws naming the
 * checksum file when it is missing or holds no digest.
 */
export function resolveDigest(file: PinnedFile, airgapDir?: string): FileDigest {
    if (file.checksumFile) {
        if (!airgapDir) {
            throw new Error(
                `${file.name} for ${file.arch}: artifacts.${file.name}.${file.arch}.checksumFile ` +
                    `needs airgap.artifactDir — set it to the directory that holds ${file.checksumFile}`,
            );
        }
        const where = path.resolve(airgapDir, file.checksumFile);
        if (!existsSync(where)) {
            throw new Error(
                `airgap: ${file.checksumFile} (the checksum of ${file.fileName}) ` +
                    `is not in ${airgapDir} — put upstream's checksum file for ${file.url || file.fileName} ` +
                    `there, or the output of sha256sum/sha512sum of a copy you verified`,
            );
        }
        const d = digestFromChecksumText(readFileSync(where, "utf8"), file.fileName);
        if (!d)
            throw new Error(
                `airgap: ${where} holds no sha256 (64 hex) or sha512 (128 ` +
                    `hex) — write the digest of ${file.fileName} into it`,
            );
        return d;
    }
    const d = digestOf(file);
    if (!d) {
        const hint = pinHint(file.name, file.arch, file.url);
        throw new Error(`${file.name} ${file.version} for ${file.arch} has no digest — ${hint}`);
    }
    return d;
}

/** Where fetched artifacts are cached on the machine running Pulumi. */
export function defaultCacheDir(): string {
    const env = process.env.CONTINUUM_ARTIFACT_CACHE;
    if (env) return env;
    const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(xdg, "continuum", "artifacts");
}

/** The local fetch script (runs on the Pulumi machine, not on hosts). */
export const FETCH_SCRIPT_DIR = path.join(__dirname, "scripts");

const FETCHES = new Map<string, pulumi.Output<pulumi.asset.Asset>>();

/** Where a cluster's artifacts come from. */
export interface ArtifactSourceOptions {
    /** The spec's `airgap.artifactDir`: files are taken from there, nothing is downloaded. */
    airgapDir?: string;
    /** Local cache for downloads. @default ~/.cache/continuum/artifacts */
    cacheDir?: string;
    /** Parent for the fetch invokes (provider resolution). */
    parent?: pulumi.Resource;
}

/**
 * The local file for a pinned artifact, as a HostFile ready to push. Airgap: the file in the
 * artifact directory (missing → an error naming the URL to fetch it from). Otherwise the
 * file is fetched once into the local cache (`scripts/fetch-artifact.sh`, its sha256 or sha512
 * checked locally) while the program runs, before any resource is created, so `pulumi up` never waits on
 * a download mid-way. A preview never downloads: a file not yet cached is an unknown asset there.
 * The host checks the same digest again before use.
 */
export function artifactHostFile(file: PinnedFile, options: ArtifactSourceOptions = {}): HostFile {
    let source: pulumi.Input<pulumi.asset.Asset>;
    let localPath: string;
    const digest = resolveDigest(file, options.airgapDir);
    const digestField = digest.algorithm === "sha256" ? { sha256: digest.hex } : { sha512: digest.hex };
    if (options.airgapDir) {
        const local = path.resolve(options.airgapDir, file.fileName);
        if (!existsSync(local)) {
            throw new Error(
                `airgap: ${file.fileName} is not in ${options.airgapDir} ` +
                    `— download ${file.url} there as ${file.fileName} (${digest.algorithm} ${digest.hex})`,
            );
        }
        source = new pulumi.asset.FileAsset(local);
        localPath = local;
    } else {
        const dest = path.join(options.cacheDir ?? defaultCacheDir(), file.fileName);
        localPath = dest;
        const key = `${dest}@${digest.hex}`;
        let fetched = FETCHES.get(key);
        if (!fetched && pulumi.runtime.isDryRun() && !existsSync(dest)) {
            // A preview downloads nothing: the push shows as "to be created" with its content
            // unknown, and `pulumi up` fetches before any host is touched. Preview stays a real
            // dry run, offline too (PR previews, airgapped CI).
            fetched = pulumi.output(pulumi.unknown) as pulumi.Output<pulumi.asset.Asset>;
            FETCHES.set(key, fetched);
        }
        if (!fetched) {
            // One fetch per file per program run, however many hosts need it.
            fetched = command.local
                .runOutput(
                    {
                        command: "bash fetch-artifact.sh",
                        dir: FETCH_SCRIPT_DIR,
                        environment: {
                            ARTIFACT_URL: file.url,
                            [`ARTIFACT_${digest.algorithm.toUpperCase()}`]: digest.hex,
                            ARTIFACT_DEST: dest,
                        },
                        logging: "stderr",
                    },
                    { parent: options.parent },
                )
                .apply(() => new pulumi.asset.FileAsset(dest));
            FETCHES.set(key, fetched);
        }
        source = fetched;
    }
    const origin =
        file.source === "stack" ? `stack: artifacts.${file.name}.${file.arch}` : `table: ${file.name} ${file.version}`;
    return { name: file.name, fileName: file.fileName, ...digestField, origin, source, localPath };
}
