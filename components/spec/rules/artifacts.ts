/**
 * Pinning rules: every host artifact a real node needs is pinned for the node's arch with a digest
 * — by the version table or by the stack's `artifacts:` — and stack pins are complete (a checksum
 * file needs airgap.artifactDir; another version needs a URL or airgap file and a digest).
 */
import type { ContinuumSpec } from "../continuum-spec";
import { issue, type SpecIssue } from "../issues";
import type { HostArtifactName, VersionTable } from "../../versions";
import type { Arch } from "../node";
import { hasDigest, pinDescription, tableWithPins, type ResolvedArtifactFile } from "../../artifact-pins";
import { allNodes, artifactsFor } from "./hosts";

/** The algorithm upstream publishes for an artifact (KubeEdge: sha512 only). */
const PUBLISHED: Partial<Record<HostArtifactName, "sha512">> = { keadm: "sha512" };

/** Artifacts a host installs from its distribution's packages when the table has no file for its arch. */
export const PACKAGE_FALLBACK: readonly HostArtifactName[] = ["crun"];

/** What to set, and where its value comes from, for an artifact the stack must pin. */
function pinHint(
    name: HostArtifactName,
    arch: string,
    file: ResolvedArtifactFile | undefined,
    version: string,
    pinnedArches: string[],
): string {
    const algo = PUBLISHED[name] ?? "sha256";
    const source =
        name === "keadm"
            ? `the value in upstream's checksum_keadm-v${version}-linux-${arch}.tar.gz.txt ` +
              `(next to the archive on the release page)`
            : `upstream's published ${algo} of ${file?.url || `${name} ${version} for ${arch}`}`;
    const other = pinnedArches.length > 0 ? `use a node of arch ${pinnedArches.join(" or ")}, or ` : "";
    return (
        `${other}set artifacts.${name}.${arch}.${algo}: <${source}> in the ` +
        `stack (or \`${algo}sum\` of a copy you verified; ` +
        `or put the file and its checksum file in airgap.artifactDir and ` +
        `set artifacts.${name}.${arch}.checksumFile), or drop what needs ${name} from this node`
    );
}

/** Every artifact a node needs is pinned, with a digest, for the node's arch (table or stack). */
export function artifactArchRules(spec: ContinuumSpec, base: VersionTable): SpecIssue[] {
    const table = tableWithPins(spec.artifacts, base);
    const out: SpecIssue[] = [];
    const reported = new Set<string>();
    for (const ref of allNodes(spec)) {
        for (const name of artifactsFor(ref, ref.path[0] === "kubeedge")) {
            const art = table.hostArtifacts[name];
            const arch = ref.node.arch;
            const file = art.files[arch] as ResolvedArtifactFile | undefined;
            if (hasDigest(file)) continue;
            // No static crun for this arch (none published for 32-bit arm, or a table without one): the
            // host installs its distribution's crun package instead (runtimes/install-params.ts).
            if (!file && PACKAGE_FALLBACK.includes(name)) continue;
            const key = `${name}/${arch}`;
            const what = file ? "has no published digest in continuum's version table" : "is not pinned";
            // One issue per artifact and arch names the first node; the rest would repeat it.
            if (reported.has(key)) continue;
            reported.add(key);
            const others =
                allNodes(spec).filter(
                    (r) => r.node.arch === arch && artifactsFor(r, r.path[0] === "kubeedge").includes(name),
                ).length - 1;
            out.push(
                issue(
                    [...ref.path, "arch"],
                    `${name} ${art.version} ${what} for ${arch} ` +
                        `(node '${ref.node.name}'${others > 0 ? ` and ${others} more` : ""})`,
                    pinHint(
                        name,
                        arch,
                        file,
                        art.version,
                        Object.keys(art.files).filter((a) => hasDigest(art.files[a as Arch])),
                    ),
                ),
            );
        }
    }
    return out;
}

/** Stack pins are usable: a checksum file needs the airgap directory; another version needs its own source and digest.
 * */
export function artifactPinRules(spec: ContinuumSpec, base: VersionTable): SpecIssue[] {
    const out: SpecIssue[] = [];
    for (const [name, pin] of Object.entries(spec.artifacts) as [
        HostArtifactName,
        ContinuumSpec["artifacts"][HostArtifactName],
    ][]) {
        if (!pin) continue;
        const versionChanged = pin.version !== undefined && pin.version !== base.hostArtifacts[name].version;
        for (const arch of ["amd64", "arm64", "arm"] as const) {
            const p = pin[arch];
            if (!p) continue;
            const path = ["artifacts", name, arch];
            const digests = [p.sha256, p.sha512, p.checksumFile].filter((d) => d !== undefined).length;
            if (digests > 1) {
                out.push(
                    issue(
                        path,
                        `${name} for ${arch} gives ${digests} digests`,
                        "give one of sha256, sha512 or checksumFile",
                    ),
                );
            }
            if (p.checksumFile && !spec.airgap.artifactDir) {
                out.push(
                    issue(
                        [...path, "checksumFile"],
                        `${p.checksumFile} is read from airgap.artifactDir, which is not set`,
                        "set airgap.artifactDir to the directory holding the file and its checksum file",
                    ),
                );
            }
            if (versionChanged && !p.url && !(p.fileName && spec.airgap.artifactDir)) {
                out.push(
                    issue(
                        path,
                        `${name} ${pin.version} for ${arch} has no source: ` +
                            `the table's URL is for ${base.hostArtifacts[name].version}`,
                        `set url: (the ${pin.version} download), or fileName: with airgap.artifactDir`,
                    ),
                );
            }
            if (versionChanged && digests === 0) {
                out.push(
                    issue(
                        path,
                        `${name} ${pin.version} for ${arch} has no digest: ` +
                            `the table's is for ${base.hostArtifacts[name].version}`,
                        "set sha256:, sha512: or checksumFile: for this version",
                    ),
                );
            }
        }
    }
    return out;
}

/**
 * For `continuum validate`'s summary: the host artifacts the spec's real nodes need, per arch, and
 * where each pin comes from (`keadm arm64: stack, sha512`).
 */
export function artifactSources(spec: ContinuumSpec, base: VersionTable): string[] {
    const table = tableWithPins(spec.artifacts, base);
    const seen = new Map<string, string>();
    for (const ref of allNodes(spec)) {
        for (const name of artifactsFor(ref, ref.path[0] === "kubeedge")) {
            const key = `${name} ${ref.node.arch}`;
            if (seen.has(key)) continue;
            const file = table.hostArtifacts[name].files[ref.node.arch] as ResolvedArtifactFile | undefined;
            const none = PACKAGE_FALLBACK.includes(name) ? "distribution package" : "not pinned";
            seen.set(key, file ? pinDescription(file) : none);
        }
    }
    return [...seen].map(([k, v]) => `${k} (${v})`);
}
