import { existsSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { HostArtifactName, VersionTable } from "../versions";
import type { HostFile } from "./host-script";

/** One pinned file of the version table for one architecture. */
export interface PinnedFile {
    name: HostArtifactName;
    version: string;
    arch: string;
    url: string;
    fileName: string;
    sha256: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The pinned file for an artifact and arch. Refuses an architecture the table does not pin
 * and an empty or malformed checksum: nothing is installed from an unverified file.
 */
export function pinnedFile(table: VersionTable, name: HostArtifactName, arch: string): PinnedFile {
    const art = table.hostArtifacts[name];
    const file = art.files[arch as keyof typeof art.files];
    if (!file) {
        const pinned = Object.keys(art.files);
        throw new Error(`${name} ${art.version} is not pinned for ${arch} — ${pinned.length > 0 ? `use a node of arch ${pinned.join(" or ")}` : `pin its files in components/version-table.ts`}`);
    }
    if (!SHA256.test(file.sha256)) {
        throw new Error(`${name} ${art.version} for ${arch} has no sha256 in components/version-table.ts ('${file.sha256}') — copy the upstream published checksum of ${file.url} into the table; continuum does not install unverified files`);
    }
    return { name, version: art.version, arch, url: file.url, fileName: file.fileName, sha256: file.sha256 };
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
 * file is fetched once into the local cache (`scripts/fetch-artifact.sh`, sha256 checked
 * locally) while the program runs, before any resource is created, so `pulumi up` never waits on
 * a download mid-way. A preview never downloads: a file not yet cached is an unknown asset there.
 * The host checks the sha256 again before use.
 */
export function artifactHostFile(file: PinnedFile, options: ArtifactSourceOptions = {}): HostFile {
    let source: pulumi.Input<pulumi.asset.Asset>;
    if (options.airgapDir) {
        const local = path.resolve(options.airgapDir, file.fileName);
        if (!existsSync(local)) {
            throw new Error(`airgap: ${file.fileName} is not in ${options.airgapDir} — download ${file.url} there as ${file.fileName} (sha256 ${file.sha256})`);
        }
        source = new pulumi.asset.FileAsset(local);
    } else {
        const dest = path.join(options.cacheDir ?? defaultCacheDir(), file.fileName);
        const key = `${dest}@${file.sha256}`;
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
                .runOutput({
                    command: "bash fetch-artifact.sh",
                    dir: FETCH_SCRIPT_DIR,
                    environment: { ARTIFACT_URL: file.url, ARTIFACT_SHA256: file.sha256, ARTIFACT_DEST: dest },
                    logging: "stderr",
                }, { parent: options.parent })
                .apply(() => new pulumi.asset.FileAsset(dest));
            FETCHES.set(key, fetched);
        }
        source = fetched;
    }
    return { name: file.name, fileName: file.fileName, sha256: file.sha256, source };
}
