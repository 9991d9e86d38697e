/**
 * Certificate expiry (issue 23), read from what the stack already holds — pure, no Pulumi.
 *
 * A cluster's admin kubeconfig carries a client certificate issued with the cluster's other leaf
 * certificates (kubeadm and K3s issue them for a year and renew or rotate them together), so its
 * `notAfter` is when the cluster's certificates expire unless they are renewed: the stack exports
 * it per cluster (`clusters.<name>.certificatesExpire`) and the policy `certificate-expiry`
 * (policies/certificates.ts) warns below `certificates.warnDays`. Rotation: `certificates.rotate`.
 */
import { X509Certificate } from "node:crypto";
import { parse } from "yaml";

/** `notAfter` of a PEM or base64-DER certificate as an ISO 8601 instant, or undefined when it is not one. */
export function certificateExpiry(text: string): string | undefined {
    const pem = text.includes("-----BEGIN CERTIFICATE-----") ? text : Buffer.from(text, "base64").toString("utf8");
    const input = pem.includes("-----BEGIN CERTIFICATE-----") ? pem : Buffer.from(text, "base64");
    try {
        return new Date(new X509Certificate(input).validTo).toISOString();
    } catch {
        return undefined;
    }
}

/** The expiry of the first user's client certificate in a kubeconfig, or undefined (a token, a stand-in). */
export function kubeconfigCertificateExpiry(kubeconfig: string): string | undefined {
    let doc: { users?: { user?: { "client-certificate-data"?: string } }[] };
    try {
        doc = parse(kubeconfig) as typeof doc;
    } catch {
        return undefined;
    }
    const data = doc?.users?.find((u) => typeof u?.user?.["client-certificate-data"] === "string")?.user?.[
        "client-certificate-data"
    ];
    return data === undefined ? undefined : certificateExpiry(data);
}

/** Whole days from `now` until `expiry` (negative once expired). */
export function daysLeft(expiry: string, now: Date = new Date()): number {
    return Math.floor((Date.parse(expiry) - now.getTime()) / 86_400_000);
}
