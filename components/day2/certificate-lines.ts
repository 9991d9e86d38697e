/**
 * Certificate expiry lines (issue 23), pure: `npm run lab`'s summary (scripts/lab-summary.ts) and
 * `continuum validate --deployed` (components/cli/validate.ts) print the same lines, one per
 * certificate, from the stack's `certificates` output (components/continuum.ts) and, in the lab,
 * the CloudCore CA read live (KubeEdge's CloudCore makes it in the cluster, Pulumi never sees it).
 */
import { daysLeft } from "./certificates";

/** The warning window when an output names none (the spec's `certificates.warnDays` default). */
export const DEFAULT_WARN_DAYS = 30;

/** A cluster's or a CA's expiry as the stack exports it (`expires` is ISO 8601 or `unknown`). */
export interface CertificateExpiry {
    /** ISO 8601 instant, or `unknown` (a kubeconfig with a token, a stand-in). */
    expires: string;
    /** Warn when fewer days than this are left. @default 30 */
    warnDays?: number;
}

/** The stack output `certificates`: per cluster, and the ClusterMesh CA when there is a mesh. */
export interface StackCertificates {
    /** Each cluster's leaf certificates (the admin kubeconfig's client certificate `notAfter`). */
    clusters: Record<string, CertificateExpiry>;
    /** The ClusterMesh CA (the signing one), when a cluster is meshed. @default absent */
    meshCa?: CertificateExpiry;
}

/** One certificate to report: what it is, when it expires, and what to do before it does. */
export interface CertificateEntry extends CertificateExpiry {
    /** What it is, e.g. `cluster cloud`, `mesh CA`, `CloudCore CA`. */
    what: string;
    /** What to do when it is close to expiry. */
    fix: string;
}

/** The lines to print and the warnings among them. */
export interface CertificateReport {
    lines: string[];
    warnings: string[];
}

/** The fixes docs/day2.md describes, per kind of certificate. */
export const CERTIFICATE_FIXES = {
    cluster: (name: string) => `raise certificates.rotate of cluster '${name}' and run pulumi up`,
    meshCa: "rotate it in phases with mesh.caRotation (docs/day2.md, Certificates)",
    cloudCoreCa:
        "renew KubeEdge's CA (secret kubeedge/casecret) and re-join the edge nodes (docs/day2.md, Certificates)",
} as const;

/** The entries of a `certificates` stack output (clusters in order, then the mesh CA). */
export function stackCertificateEntries(certs: StackCertificates): CertificateEntry[] {
    const out: CertificateEntry[] = Object.entries(certs.clusters).map(([name, c]) => ({
        what: `cluster ${name}`,
        ...c,
        fix: CERTIFICATE_FIXES.cluster(name),
    }));
    if (certs.meshCa) out.push({ what: "mesh CA", ...certs.meshCa, fix: CERTIFICATE_FIXES.meshCa });
    return out;
}

/** One line per entry (`expires <date> (<n> days left)`, `WARN` within its window) and the warnings. */
export function certificateLines(entries: readonly CertificateEntry[], now: Date = new Date()): CertificateReport {
    const width = Math.max(0, ...entries.map((e) => e.what.length));
    const lines: string[] = [];
    const warnings: string[] = [];
    for (const e of entries) {
        const what = e.what.padEnd(width);
        const time = Date.parse(e.expires);
        if (Number.isNaN(time)) {
            lines.push(`${what}  expiry unknown (no certificate the stack could read)`);
            continue;
        }
        const left = daysLeft(e.expires, now);
        const warnDays = e.warnDays ?? DEFAULT_WARN_DAYS;
        const date = new Date(time).toISOString().slice(0, 10);
        const when = left < 0 ? `EXPIRED ${-left} days ago` : `${left} days left`;
        const line = `${what}  expires ${date} (${when})`;
        if (left < warnDays) {
            lines.push(`${line}  WARN: within ${warnDays} days`);
            warnings.push(`${e.what} expires ${date} (${when}, warning below ${warnDays} days): ${e.fix}`);
        } else {
            lines.push(line);
        }
    }
    return { lines, warnings };
}

const isExpiry = (x: unknown): x is CertificateExpiry =>
    !!x && typeof x === "object" && typeof (x as CertificateExpiry).expires === "string";

/**
 * The certificates of a deployed stack, from `pulumi stack output --json`: its `certificates`
 * output, or (a stack deployed before it existed) each `clusters.<name>.certificates`. Empty when
 * the file has neither.
 */
export function deployedCertificates(json: unknown): StackCertificates {
    const root = json && typeof json === "object" ? (json as Record<string, unknown>) : {};
    const top = root.certificates as Partial<StackCertificates> | undefined;
    const clusters: Record<string, CertificateExpiry> = {};
    if (top && typeof top.clusters === "object" && top.clusters) {
        for (const [name, c] of Object.entries(top.clusters)) if (isExpiry(c)) clusters[name] = c;
    } else if (root.clusters && typeof root.clusters === "object") {
        for (const [name, c] of Object.entries(root.clusters as Record<string, { certificates?: unknown }>)) {
            if (isExpiry(c?.certificates)) clusters[name] = c.certificates;
        }
    }
    return { clusters, ...(isExpiry(top?.meshCa) ? { meshCa: top.meshCa } : {}) };
}
