// The lab summary's "Certificates" section: the stack's `certificates` output and the CloudCore CA
// read live, through the lines `continuum validate --deployed` prints (components/day2/certificate-lines.ts).
import {
    CERTIFICATE_FIXES,
    certificateLines,
    deployedCertificates,
    stackCertificateEntries,
    type CertificateEntry,
} from "../components/day2/certificate-lines";

/** What a live cluster tells about certificates: the CloudCore CA's expiry where CloudCore runs. */
export interface LiveCertificates {
    name: string;
    /** `notAfter` of CloudCore's CA (Secret kubeedge/casecret) as ISO 8601, or `unknown`; absent without CloudCore. */
    cloudCoreCa?: string;
}

/**
 * The section's lines: one per cluster, the mesh CA, each CloudCore CA (WARN within the window,
 * CloudCore's that of its cluster). `outputs` is `pulumi stack output --json` (its `certificates`
 * output, or each cluster's `certificates` for a stack deployed before it existed).
 */
export function formatCertificates(outputs: unknown, live: readonly LiveCertificates[], now?: Date): string[] {
    const certs = deployedCertificates(outputs);
    const entries: CertificateEntry[] = stackCertificateEntries(certs);
    for (const c of live) {
        if (c.cloudCoreCa === undefined) continue;
        entries.push({
            what: `CloudCore CA (${c.name}, live)`,
            expires: c.cloudCoreCa,
            ...(certs.clusters[c.name] ? { warnDays: certs.clusters[c.name]!.warnDays } : {}),
            fix: CERTIFICATE_FIXES.cloudCoreCa,
        });
    }
    if (entries.length === 0) return [];
    return ["Certificates", ...certificateLines(entries, now).lines.map((l) => `  ${l}`), ""];
}
