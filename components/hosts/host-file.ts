/**
 * What a host step pushes: the shell library every host script sources, and pinned files
 * verified (sha256 or sha512) on the host before a script uses them.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/** The shell library every host script sources; in every bundle. */
export const HOST_LIB = path.join(__dirname, "scripts", "continuum-lib.sh");

/** A file pushed next to the scripts and verified (sha256 or sha512) on the host before the script runs. */
export interface HostFile {
    /** Logical name; the script sees `ARTIFACT_<NAME>` (absolute path) e.g. `k3s` → `ARTIFACT_K3S`. */
    name: string;
    /** File name on the host (next to the script). */
    fileName: string;
    /** Lower-case hex sha256 the host checks before use (this or `sha512`). @default none: sha512 is set */
    sha256?: string;
    /** Lower-case hex sha512 the host checks before use (this or `sha256`). @default none: sha256 is set */
    sha512?: string;
    /** Where the pin came from (`stack: artifacts.keadm.arm64`, `table: k3s v1.35.0+k3s1`). @default unknown */
    origin?: string;
    /** The local file (a `FileAsset`; an Output while it is still being fetched). */
    source: pulumi.Input<pulumi.asset.Asset>;
    /** Where `source` is (or will be, once fetched) on this machine: which file a bundle takes. @default unknown: files
     * are told apart by name and digest */
    localPath?: string;
}
