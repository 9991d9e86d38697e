import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { VersionTable } from "../../versions";

/** The Kubernetes version (`v1.35.1`): the table's; an override must equal it (only pinned files install). */
export function kubeadmVersion(spec: ContinuumSpec, table: VersionTable): string {
    const pinned = table.hostArtifacts.kubeadm.version;
    const wanted = spec.versions.kubernetes;
    if (wanted !== undefined && wanted !== pinned) {
        throw new Error(
            `versions.kubernetes is ${wanted} but this continuum pins Kubernetes ${pinned} ` +
                `with checksums — remove the override, or pin ${wanted} in the stack (artifacts.kubeadm, ` +
                `.kubelet and .kubectl: version ${wanted} with each arch's url and sha256)`,
        );
    }
    return `v${pinned}`;
}
