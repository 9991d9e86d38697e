/**
 * certificates: a continuum that is a year old still works (issue 23). Warns (advisory) when a
 * certificate the stack holds expires within the warning window:
 *  - each cluster's certificates, as the stack exports them (`clusters.<name>.certificates`: the
 *    admin client certificate's expiry, issued with the cluster's other leaf certificates, and
 *    the cluster's `certificates.warnDays`) — rotate with `certificates.rotate`;
 *  - the TLS certificates the stack itself issued (the ClusterMesh CA: tls SelfSignedCert and
 *    LocallySignedCert `validityEndTime`) — rotate the mesh CA with `mesh.caRotation`.
 * Values the engine does not know yet (a preview before the first up) are skipped.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "./lib/config";
import { stackPolicy } from "./lib/declared";
import { isObject, toPlain, type Plain } from "./lib/values";
import { daysLeft } from "../components/day2/certificates";

const TLS_CERTS = ["tls:index/selfSignedCert:SelfSignedCert", "tls:index/locallySignedCert:LocallySignedCert"];
const STACK = "pulumi:pulumi:Stack";
const DEFAULTS = { warnDays: 30 };

function expiryProblem(
    what: string,
    plural: boolean,
    expires: Plain | undefined,
    warnDays: number,
    fix: string,
    now: Date,
): string | undefined {
    if (typeof expires !== "string" || Number.isNaN(Date.parse(expires))) return undefined;
    const left = daysLeft(expires, now);
    if (left >= warnDays) return undefined;
    const when =
        left < 0
            ? `expired on ${expires.slice(0, 10)}`
            : `${plural ? "expire" : "expires"} on ${expires.slice(0, 10)}, in ${left} day${left === 1 ? "" : "s"}`;
    return `${what} ${when} (warning below ${warnDays} days): ${fix}.`;
}

/** The violations of one stack at `now` (exported for tests). */
export function certificateExpiryProblems(
    resources: PolicyResource[],
    warnDays: number,
    now: Date = new Date(),
): { message: string; urn: string }[] {
    const out: { message: string; urn: string }[] = [];
    for (const r of resources) {
        if (TLS_CERTS.includes(r.type)) {
            const props = toPlain(r.props);
            const end = isObject(props) ? props.validityEndTime : undefined;
            const m = expiryProblem(
                `certificate '${r.name}'`,
                false,
                end,
                warnDays,
                "for the ClusterMesh CA rotate it in two phases with mesh.caRotation " +
                    "(docs/day2.md); otherwise replace the resource",
                now,
            );
            if (m) out.push({ message: m, urn: r.urn });
        } else if (r.type === STACK) {
            const props = toPlain(r.props);
            const clusters = isObject(props) && isObject(props.clusters) ? props.clusters : {};
            for (const [name, c] of Object.entries(clusters)) {
                const cert = isObject(c) && isObject(c.certificates) ? c.certificates : undefined;
                if (!cert) continue;
                const days = typeof cert.warnDays === "number" ? cert.warnDays : warnDays;
                const m = expiryProblem(
                    `the certificates of cluster '${name}'`,
                    true,
                    cert.expires,
                    days,
                    `raise clusters[].certificates.rotate in the spec and ` +
                        `run pulumi up (K3s: certificate rotate, one server at a time; docs/day2.md)`,
                    now,
                );
                if (m) out.push({ message: m, urn: r.urn });
            }
        }
    }
    return out;
}

// Reads outputs (an expiry exists once the certificate does); the recorded inputs are not used.
export const certificateExpiry: StackValidationPolicy = stackPolicy({
    name: "certificate-expiry",
    description:
        "Warns when a cluster's certificates or a certificate the stack " +
        "issued (the ClusterMesh CA) expire within the warning window.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            warnDays: {
                type: "integer",
                minimum: 1,
                default: DEFAULTS.warnDays,
                description: "Days before expiry to warn, where the cluster's certificates.warnDays does not say.",
            },
        },
    },
    remediationSteps:
        "Rotate: clusters[].certificates.rotate for a cluster, mesh.caRotation for the mesh CA (docs/day2.md).",
    validateStack: (args, report) => {
        const cfg = configOf(args, DEFAULTS);
        for (const p of certificateExpiryProblems(args.resources, cfg.warnDays)) report(p.message, p.urn);
    },
});

export const certificatePolicies = [certificateExpiry];
