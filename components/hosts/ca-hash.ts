import { createHash, X509Certificate } from "node:crypto";
import { parse } from "yaml";

/**
 * `sha256:<hex>` of the cluster CA's public key (DER SubjectPublicKeyInfo), the form kubeadm's
 * `discovery.bootstrapToken.caCertHashes` pins, from an admin kubeconfig's
 * `certificate-authority-data` (pure).
 */
export function caCertHashFromKubeconfig(kubeconfig: string): string {
    const doc = parse(kubeconfig) as { clusters?: { cluster?: Record<string, unknown> }[] } | null;
    const data = doc?.clusters?.[0]?.cluster?.["certificate-authority-data"];
    if (typeof data !== "string" || data === "") {
        throw new Error(
            "the admin kubeconfig carries no certificate-authority-data — " +
                "cannot pin the cluster CA for joining nodes",
        );
    }
    return caCertHash(Buffer.from(data, "base64").toString("utf8"));
}

/** `sha256:<hex>` of a PEM certificate's public key (DER SubjectPublicKeyInfo). */
export function caCertHash(pem: string): string {
    const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
    return `sha256:${createHash("sha256").update(spki).digest("hex")}`;
}
