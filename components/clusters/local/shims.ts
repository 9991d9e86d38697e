/**
 * Which pinned files become the runtime shims kind and k3d nodes mount, as parameters of
 * scripts/stage-shims.sh (run at `pulumi up`, before a cluster is created: nothing is
 * downloaded at preview, so a stack previews on a machine without network access).
 */
import type { RuntimeName } from "../../spec/node";
import type { HostArtifactName, VersionTable } from "../../versions";
import { MOUNTED_RUNTIMES, SHIM_FILES } from "./runtimes";
import { hasDigest } from "../../artifact-pins";
import { pinnedFile, resolveDigest } from "../../hosts/artifacts";

/** The version-table artifact each mounted runtime comes from, and the archive member that is the shim. */
const SOURCES: Partial<Record<RuntimeName, { artifact: HostArtifactName; member?: string }>> = {
    crun: { artifact: "crun" },
    wasmedge: { artifact: "wasmedgeShim", member: "containerd-shim-wasmedge-v1" },
};

/**
 * SHIM_* parameters for the runtimes of a cluster on one architecture. A file nothing pins for
 * the arch (or pins without a digest) is passed on as it is: the script refuses it
 * at `pulumi up`, before creating the cluster, with what to do — not at preview.
 */
export function shimParams(
    runtimes: readonly RuntimeName[],
    arch: string,
    table: VersionTable,
    airgapDir?: string,
): Record<string, string> {
    const wanted = MOUNTED_RUNTIMES.filter((r) => runtimes.includes(r));
    const out: Record<string, string> = { SHIM_COUNT: String(wanted.length) };
    wanted.forEach((r, i) => {
        const source = SOURCES[r];
        const name = SHIM_FILES[r];
        if (!source || !name) throw new Error(`no shim source for runtime '${r}' (a bug in clusters/local/shims.ts)`);
        const art = table.hostArtifacts[source.artifact];
        const file = art.files[arch as keyof typeof art.files];
        out[`SHIM_${i}_NAME`] = name;
        out[`SHIM_${i}_ARTIFACT`] = `${source.artifact} ${art.version} for ${arch}`;
        out[`SHIM_${i}_URL`] = file?.url ?? "";
        // A stack pin may give a sha512 or a checksum file (read here, from the airgap directory).
        const digest = hasDigest(file) ? resolveDigest(pinnedFile(table, source.artifact, arch), airgapDir) : undefined;
        out[`SHIM_${i}_SHA256`] = digest?.algorithm === "sha256" ? digest.hex : "";
        out[`SHIM_${i}_SHA512`] = digest?.algorithm === "sha512" ? digest.hex : "";
        out[`SHIM_${i}_FILE`] = file?.fileName ?? "";
        out[`SHIM_${i}_MEMBER`] = source.member ?? "";
    });
    if (airgapDir) out.AIRGAP_DIR = airgapDir;
    return out;
}
