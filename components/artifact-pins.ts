/**
 * The version table as one stack sees it: the toolkit's pins, with the stack's own `artifacts:`
 * pins laid over them per artifact and arch. Pure (no Pulumi, no file system): the spec rules,
 * `continuum validate` and every component that installs a host artifact read the same table.
 */
import type { ArtifactFilePin, ArtifactPins } from "./spec/artifacts";
import type { Arch } from "./spec/node";
import type { ArtifactFile, HostArtifact, HostArtifactName, VersionTable } from "./versions";
import { VERSION_TABLE } from "./version-table";

/** Where an artifact's pin for one arch comes from. */
export type PinSource = "table" | "stack";

/** A table file with where its pin came from and, for `checksumFile`, where its digest is read. */
export interface ResolvedArtifactFile extends ArtifactFile {
    /** `table` (components/version-table.ts) or `stack` (the spec's `artifacts:`). */
    source?: PinSource;
    /** A checksum file in airgap.artifactDir holding the digest (read when the file is used). */
    checksumFile?: string;
}

const ARCHES: Arch[] = ["amd64", "arm64", "arm"];

function mergeFile(
    base: ArtifactFile | undefined,
    pin: ArtifactFilePin,
    versionChanged: boolean,
): ResolvedArtifactFile | undefined {
    const from = versionChanged ? undefined : base;
    const url = pin.url ?? from?.url;
    const fileName =
        pin.fileName ?? from?.fileName ?? (url ? decodeURIComponent(url.split("/").pop() ?? "") : undefined);
    if (!url && !fileName) return undefined;
    const digestGiven = pin.sha256 !== undefined || pin.sha512 !== undefined || pin.checksumFile !== undefined;
    return {
        url: url ?? "",
        fileName: fileName ?? "",
        sha256: digestGiven ? pin.sha256 : from?.sha256,
        sha512: digestGiven ? pin.sha512 : from?.sha512,
        checksumFile: pin.checksumFile,
        source: "stack",
    };
}

/**
 * The table with the stack's pins applied. A pin replaces the table's digest for its arch (a
 * stack digest always wins); a pin with another `version` drops the table's files for arches the
 * stack does not pin (their URL and digest belong to the table's version).
 */
export function tableWithPins(pins: ArtifactPins | undefined, base: VersionTable = VERSION_TABLE): VersionTable {
    if (!pins || Object.keys(pins).length === 0) return base;
    const hostArtifacts = { ...base.hostArtifacts };
    for (const [name, pin] of Object.entries(pins) as [HostArtifactName, ArtifactPins[HostArtifactName]][]) {
        if (!pin) continue;
        const art = base.hostArtifacts[name];
        const versionChanged = pin.version !== undefined && pin.version !== art.version;
        const files: HostArtifact["files"] = {};
        for (const arch of ARCHES) {
            const p = pin[arch];
            const tableFile = art.files[arch];
            const merged = p
                ? mergeFile(tableFile, p, versionChanged)
                : versionChanged
                  ? undefined
                  : tableFile && { ...tableFile, source: "table" as const };
            if (merged) files[arch] = merged;
        }
        hostArtifacts[name] = { version: pin.version ?? art.version, files };
    }
    return { ...base, hostArtifacts };
}

/** The table a spec installs from (its `artifacts:` over the toolkit's table). */
export function tableFor(spec: { artifacts?: ArtifactPins }, base: VersionTable = VERSION_TABLE): VersionTable {
    return tableWithPins(spec.artifacts, base);
}

/** Whether a file carries a digest the toolkit can verify (or names the checksum file that does). */
export function hasDigest(file: ResolvedArtifactFile | undefined): boolean {
    if (!file) return false;
    return (
        /^[0-9a-f]{64}$/.test(file.sha256 ?? "") ||
        /^[0-9a-f]{128}$/.test(file.sha512 ?? "") ||
        (file.checksumFile ?? "") !== ""
    );
}

/** Where one artifact's pin for one arch comes from, and how it is checked. */
export function pinDescription(file: ResolvedArtifactFile): string {
    const how = file.checksumFile
        ? `digest from ${file.checksumFile}`
        : file.sha512
          ? "sha512"
          : file.sha256
            ? "sha256"
            : "no digest";
    return `${file.source ?? "table"}, ${how}`;
}
