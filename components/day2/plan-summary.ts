/**
 * What the day-2 fields of a cluster plan, in plain words (pure): the stack output
 * `clusters.<name>.day2` (so `preview` shows a change of plan as an output diff, the steps
 * themselves being inside the converges' secret input) and `continuum validate`'s summary line.
 */
import type { ClusterSpec } from "../spec/cluster";
import type { MeshCaRotationSpec } from "../spec/day2";
import { planMeshCa } from "./mesh-ca-rotation";

/** The control planes (K3s servers, kubeadm control planes) in spec order. */
export function controlPlaneNames(cluster: ClusterSpec): string[] {
    return cluster.nodes
        .filter((n) => n.roles.includes("server" as never) || n.roles.includes("control-plane" as never))
        .map((n) => n.name);
}

/** The day-2 plan of one cluster, one line per item; empty when the cluster has none. */
export function day2Plan(cluster: ClusterSpec): string[] {
    const out: string[] = [];
    const control = controlPlaneNames(cluster);
    const first = control[0] ?? "?";
    const b = cluster.backup;
    if (b) {
        out.push(
            `etcd snapshots ${b.schedule} on every control plane, keeping ${b.keep}; ${first}'s ` +
                `latest copied to ${b.target}/${cluster.name}/${first}/ ` +
                `with its sha256${cluster.distribution === "kubeadm" ? " and the cluster's CAs (pki.tar)" : ""}` +
                `${b.beforeChanges ? "; a snapshot before every version or control-plane change" : ""}`,
        );
    }
    if (cluster.restoreFrom !== undefined)
        out.push(`restore etcd on ${first} from ${cluster.restoreFrom} (once per snapshot), then join the others`);
    if (cluster.certificates.rotate > 0)
        out.push(`certificates at rotation epoch ${cluster.certificates.rotate}, rotated one control plane at a time`);
    out.push(`certificate expiry warning below ${cluster.certificates.warnDays} days`);
    const vip = cluster.apiEndpoint.vip;
    if (vip !== undefined)
        out.push(
            `API VIP ${vip}${cluster.apiEndpoint.interface ? ` on ${cluster.apiEndpoint.interface}` : ""} ` +
                `held by kube-vip on the control planes`,
        );
    if (control.length > 1)
        out.push(
            `init role on ${first}; control-plane changes keep etcd quorum ` +
                `(${control.length} members tolerate ${Math.floor((control.length - 1) / 2)} at once)`,
        );
    return out;
}

/** The mesh CA's phase in plain words. */
export function meshCaPlanLine(rotation: MeshCaRotationSpec | undefined): string {
    const plan = planMeshCa(rotation);
    const signer = plan.cas.find((c) => c.signs)?.epoch ?? 0;
    const trusted = plan.bundle.length > 0 ? plan.bundle.join(" and ") : String(signer);
    const inRotation = rotation ? ` (rotation to ${rotation.epoch}, phase ${rotation.phase})` : "";
    return `mesh CA epoch ${signer} signs; trusted: ${trusted}${inRotation}`;
}
