/**
 * Rotating the ClusterMesh CA without breaking cross-cluster connectivity (pure).
 *
 * Every mesh member trusts the CA that signs its peers' clustermesh certificates. Swapping the
 * CA in one step would leave, for a while, clusters whose certificates the others do not trust.
 * So the rotation has three spec states, each one `pulumi up` (mesh.caRotation):
 *
 *   phase  | signs      | trusted (Cilium tls.caBundle)
 *   trust  | old (N-1)  | old + new    every member learns the new CA first
 *   switch | new (N)    | old + new    certificates are re-issued by the new CA; old ones still verify
 *   done   | new (N)    | new only     the old CA is dropped
 *
 * Without a rotation the CA of epoch 0 signs and is trusted on its own (no bundle).
 * Cilium's chart: `tls.ca.cert`/`tls.ca.key` (the signing CA, base64 PEM) and
 * `tls.caBundle.enabled`/`tls.caBundle.content` (PEM of every trusted CA).
 */
import type { MeshCaRotationSpec } from "../spec/day2";

/** One CA the mesh holds during a phase. */
export interface MeshCa {
    /** Its generation. */
    epoch: number;
    /** It signs the members' certificates. */
    signs: boolean;
}

/** The mesh's CAs and its trust bundle in one phase. */
export interface MeshCaPlan {
    /** The CAs that exist (old first). */
    cas: MeshCa[];
    /** Epochs whose certificates go into the trust bundle; empty: no bundle, the signing CA only. */
    bundle: number[];
}

/** The plan of a rotation state (undefined: no rotation, epoch 0). */
export function planMeshCa(rotation: MeshCaRotationSpec | undefined): MeshCaPlan {
    if (rotation === undefined) return { cas: [{ epoch: 0, signs: true }], bundle: [] };
    const { epoch, phase } = rotation;
    const old = epoch - 1;
    switch (phase) {
        case "trust":
            return {
                cas: [
                    { epoch: old, signs: true },
                    { epoch, signs: false },
                ],
                bundle: [old, epoch],
            };
        case "switch":
            return {
                cas: [
                    { epoch: old, signs: false },
                    { epoch, signs: true },
                ],
                bundle: [old, epoch],
            };
        case "done":
            return { cas: [{ epoch, signs: true }], bundle: [] };
    }
}

/** A phase given as text (component args), checked. */
export function meshCaPhase(phase: string): MeshCaRotationSpec["phase"] {
    if (phase === "trust" || phase === "switch" || phase === "done") return phase;
    throw new Error(`mesh CA rotation phase '${phase}' is not one of trust, switch, done`);
}

/** The Pulumi name of a CA's key and certificate: epoch 0 keeps the name it always had. */
export function meshCaName(base: string, epoch: number): string {
    return epoch === 0 ? `${base}-ca` : `${base}-ca-${epoch}`;
}

/**
 * The phase that may follow `from` (the deployed state): one step at a time, so no member ever
 * sees a certificate from a CA it does not trust yet. Returns why not, or undefined.
 */
export function rotationStepProblem(
    from: MeshCaRotationSpec | undefined,
    to: MeshCaRotationSpec | undefined,
): string | undefined {
    const key = (r: MeshCaRotationSpec | undefined) => (r === undefined ? "0:done" : `${r.epoch}:${r.phase}`);
    const fromEpoch = from?.epoch ?? 0;
    const fromPhase = from?.phase ?? "done";
    const allowed = new Set([key(from)]);
    if (fromPhase === "done") allowed.add(`${fromEpoch + 1}:trust`);
    if (fromPhase === "trust") allowed.add(`${fromEpoch}:switch`);
    if (fromPhase === "switch") allowed.add(`${fromEpoch}:done`);
    if (allowed.has(key(to))) return undefined;
    const next =
        fromPhase === "done"
            ? `{ epoch: ${fromEpoch + 1}, phase: trust }`
            : `{ epoch: ${fromEpoch}, phase: ${fromPhase === "trust" ? "switch" : "done"} }`;
    return (
        `the mesh CA is at ${key(from).replace(":", ", phase ")}; going ` +
        `to ${key(to).replace(":", ", phase ")} skips a phase and would leave members ` +
        `with certificates their peers do not trust — set mesh.caRotation to ${next} ` +
        `and run pulumi up, one phase per up`
    );
}

/**
 * Add the trust bundle to Cilium values that already carry the signing CA (network/cilium-values.ts
 * `withMeshCa`). Generic over the value type so the component can pass a secret Output.
 */
export function withMeshCaBundle<T>(
    values: Record<string, unknown>,
    bundlePem: T | undefined,
): Record<string, unknown> {
    if (bundlePem === undefined) return values;
    const tls = (values.tls ?? {}) as Record<string, unknown>;
    return { ...values, tls: { ...tls, caBundle: { enabled: true, content: bundlePem } } };
}
