/**
 * The digest a pinned file is verified with: sha256 or sha512, whichever its pin gives. The same
 * algorithm is used on the machine running Pulumi (fetch-artifact.sh) and on the host
 * (continuum_verify_artifacts reads `ARTIFACT_<NAME>_SHA256` or `ARTIFACT_<NAME>_SHA512`).
 */

/** Something pinned by sha256 or sha512. */
export interface Digested {
    /** Lower-case hex sha256 (64 hex). */
    sha256?: string;
    /** Lower-case hex sha512 (128 hex). */
    sha512?: string;
    /** Where the pin came from, for policies and people (`stack: artifacts.keadm.arm64`, `table`). */
    origin?: string;
}

/** A digest with its algorithm (and where its pin came from). */
export interface FileDigest {
    algorithm: "sha256" | "sha512";
    hex: string;
    origin?: string;
}

/** The file's digest; undefined when it has none that is well formed (sha256 preferred when both). */
export function digestOf(f: Digested): FileDigest | undefined {
    const origin = f.origin === undefined ? {} : { origin: f.origin };
    if (f.sha256 !== undefined && /^[0-9a-f]{64}$/.test(f.sha256))
        return { algorithm: "sha256", hex: f.sha256, ...origin };
    if (f.sha512 !== undefined && /^[0-9a-f]{128}$/.test(f.sha512))
        return { algorithm: "sha512", hex: f.sha512, ...origin };
    return undefined;
}

/** The file's digest, or an error naming the file and the node and what to pin. */
export function requireDigest(f: Digested & { name: string }, nodeName: string): FileDigest {
    const d = digestOf(f);
    if (!d) {
        throw new Error(
            `${f.name} for node '${nodeName}' has no valid sha256 or sha512 ` +
                `('${f.sha256 ?? f.sha512 ?? ""}') — pin it in the stack (artifacts.${f.name}.<arch>.sha256 ` +
                `or .sha512, from the upstream checksum file)`,
        );
    }
    return d;
}

/**
 * The host-script parameters that carry a file's digest: `ARTIFACT_<KEY>_SHA256` or `_SHA512`, and
 * `ARTIFACT_<KEY>_ORIGIN` (where the pin came from; the policy pack names it) when known.
 */
export function digestParam(key: string, d: FileDigest): Record<string, string> {
    return {
        [`ARTIFACT_${key}_${d.algorithm.toUpperCase()}`]: d.hex,
        ...(d.origin === undefined ? {} : { [`ARTIFACT_${key}_ORIGIN`]: d.origin }),
    };
}
