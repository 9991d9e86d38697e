import { stringify } from "yaml";
import { certificateExpiry, daysLeft, kubeconfigCertificateExpiry } from "../../components/day2/certificates";
import { certificateExpiryProblems } from "../../policies/certificates";
import type { PolicyResource } from "@pulumi/policy";

/** A test certificate (openssl req -x509 -days 365, EC P-256; no key kept), notAfter 2027-12-04T22:11:22Z. */
const PEM = `-----BEGIN CERTIFICATE-----
MIIBkjCCATegAwIBAgIUaRqS0xhT3llCWWX2g7+4qpA3p/QwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTY29udGludXVtLWRheTItdGVzdDAeFw0yNjEyMDQyMjExMjJa
Fw0yNzEyMDQyMjExMjJaMB4xHDAaBgNVBAMME2NvbnRpbnV1bS1kYXkyLXRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAREow/+wiwfIS0Cikr8AzP7b2N0bWcE
zTn5I25CNucEzyW7qgpUx1GqYvAvuXFttHQK+Y4/27enCuvkSj0k4Tiio1MwUTAd
BgNVHQ4EFgQUsHo4yHbSS6SWzd/kRHpAY9hgWEQwHwYDVR0jBBgwFoAUsHo4yHbS
S6SWzd/kRHpAY9hgWEQwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBG
AiEA2EwBV9zvj9XJjYpiGCFpnrdd4y0kqtsjzNgAz7k6DaECIQDsoiOylETBC85q
d9kyrWCt/NaYGrXtNIYit7gUfG8Dhw==
-----END CERTIFICATE-----
`;
const EXPIRES = "2027-12-04T22:11:22.000Z";
const kubeconfig = (certData: string) =>
    stringify({
        apiVersion: "v1",
        kind: "Config",
        users: [{ name: "admin", user: { "client-certificate-data": certData, "client-key-data": "S0VZ" } }],
    });

function resource(type: string, name: string, props: Record<string, unknown>): PolicyResource {
    return {
        type,
        name,
        urn: `urn:pulumi:s::p::${type}::${name}`,
        props,
        opts: {} as PolicyResource["opts"],
        dependencies: [],
        propertyDependencies: {},
    } as unknown as PolicyResource;
}

describe("certificate expiry", () => {
    it("reads notAfter from PEM and from base64 PEM, as kubeconfigs carry it", () => {
        expect(certificateExpiry(PEM)).toBe(EXPIRES);
        expect(certificateExpiry(Buffer.from(PEM).toString("base64"))).toBe(EXPIRES);
        expect(certificateExpiry("not a certificate")).toBeUndefined();
    });

    it("a kubeconfig's client certificate; a stand-in's fake data or a token gives nothing", () => {
        expect(kubeconfigCertificateExpiry(kubeconfig(Buffer.from(PEM).toString("base64")))).toBe(EXPIRES);
        expect(
            kubeconfigCertificateExpiry(kubeconfig(Buffer.from("k3s-standin server").toString("base64"))),
        ).toBeUndefined();
        expect(
            kubeconfigCertificateExpiry(stringify({ users: [{ name: "t", user: { token: "abc" } }] })),
        ).toBeUndefined();
        expect(kubeconfigCertificateExpiry(": not yaml: [")).toBeUndefined();
    });

    it("counts whole days left", () => {
        expect(daysLeft(EXPIRES, new Date("2027-11-04T22:11:22Z"))).toBe(30);
        expect(daysLeft(EXPIRES, new Date("2027-12-05T00:00:00Z"))).toBe(-1);
    });
});

describe("policy certificate-expiry", () => {
    const stack = (expires: string, warnDays?: number) =>
        resource("pulumi:pulumi:Stack", "continuum-lab", {
            clusters: { edge: { certificates: { expires, ...(warnDays === undefined ? {} : { warnDays }) } } },
        });

    it("warns below the cluster's warnDays, naming the cluster and the fix", () => {
        const now = new Date("2027-11-20T00:00:00Z");
        expect(certificateExpiryProblems([stack(EXPIRES, 30)], 30, now).map((p) => p.message)).toEqual([
            "the certificates of cluster 'edge' expire on 2027-12-04, in " +
                "14 days (warning below 30 days): raise clusters[].certificates.rotate in " +
                "the spec and run pulumi up (K3s: certificate rotate, one server at a time; docs/day2.md).",
        ]);
        expect(certificateExpiryProblems([stack(EXPIRES, 10)], 30, now)).toEqual([]);
        expect(certificateExpiryProblems([stack(EXPIRES)], 7, now)).toEqual([]);
    });

    it("skips an unknown expiry (a stand-in, a token kubeconfig, a preview)", () => {
        expect(certificateExpiryProblems([stack("unknown", 30)], 30, new Date("2027-12-01T00:00:00Z"))).toEqual([]);
    });

    it("warns for the mesh CA and names its two-phase rotation; an expired one says so", () => {
        const ca = resource("tls:index/selfSignedCert:SelfSignedCert", "mesh-ca", { validityEndTime: EXPIRES });
        expect(certificateExpiryProblems([ca], 30, new Date("2027-12-10T00:00:00Z")).map((p) => p.message)).toEqual([
            "certificate 'mesh-ca' expired on 2027-12-04 (warning below " +
                "30 days): for the ClusterMesh CA rotate it in two phases with mesh.caRotation " +
                "(docs/day2.md); otherwise replace the resource.",
        ]);
        expect(certificateExpiryProblems([ca], 30, new Date("2026-12-04T00:00:00Z"))).toEqual([]);
    });
});
