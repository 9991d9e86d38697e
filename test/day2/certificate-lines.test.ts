import {
    certificateLines,
    deployedCertificates,
    stackCertificateEntries,
} from "../../components/day2/certificate-lines";

const NOW = new Date("2027-11-20T00:00:00Z");
const certs = {
    clusters: {
        cloud: { expires: "2027-12-04T22:11:22.000Z", warnDays: 30 },
        edge: { expires: "2028-11-19T00:00:00.000Z", warnDays: 30 },
        standin: { expires: "unknown", warnDays: 30 },
    },
    meshCa: { expires: "2036-12-01T00:00:00.000Z", warnDays: 30 },
};

describe("certificate expiry lines", () => {
    it("one line per cluster and the mesh CA, WARN within the window, with what to do", () => {
        const r = certificateLines(stackCertificateEntries(certs), NOW);
        expect(r.lines).toEqual([
            "cluster cloud    expires 2027-12-04 (14 days left)  WARN: within 30 days",
            "cluster edge     expires 2028-11-19 (365 days left)",
            "cluster standin  expiry unknown (no certificate the stack could read)",
            "mesh CA          expires 2036-12-01 (3299 days left)",
        ]);
        expect(r.warnings).toEqual([
            "cluster cloud expires 2027-12-04 (14 days left, warning below 30 days): " +
                "raise certificates.rotate of cluster 'cloud' and run pulumi up",
        ]);
    });

    it("an expired certificate, the default window, no entries", () => {
        const r = certificateLines([{ what: "CloudCore CA", expires: "2027-11-10T00:00:00Z", fix: "renew it" }], NOW);
        expect(r.lines).toEqual(["CloudCore CA  expires 2027-11-10 (EXPIRED 10 days ago)  WARN: within 30 days"]);
        expect(r.warnings).toEqual([
            "CloudCore CA expires 2027-11-10 (EXPIRED 10 days ago, warning below 30 days): renew it",
        ]);
        expect(
            certificateLines([{ what: "x", expires: "2027-12-20T00:00:00Z", warnDays: 60, fix: "f" }], NOW).warnings,
        ).toHaveLength(1);
        expect(certificateLines([], NOW)).toEqual({ lines: [], warnings: [] });
    });

    it("reads the certificates output, or each cluster's for an older stack; nothing when neither", () => {
        expect(deployedCertificates({ certificates: certs, clusters: {} })).toEqual(certs);
        expect(
            deployedCertificates({
                clusters: { cloud: { tier: "cloud", certificates: certs.clusters.cloud }, edge: { tier: "edge" } },
            }),
        ).toEqual({ clusters: { cloud: certs.clusters.cloud } });
        expect(deployedCertificates({ clusters: { edge: { controlPlanes: ["s1"] } } })).toEqual({ clusters: {} });
        expect(deployedCertificates("not an object")).toEqual({ clusters: {} });
        expect(
            deployedCertificates({ certificates: { clusters: { a: { expires: 3 } }, meshCa: { warnDays: 1 } } }),
        ).toEqual({ clusters: {} });
    });
});
