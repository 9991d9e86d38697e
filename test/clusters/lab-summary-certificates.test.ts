import { certificateExpiry } from "../../components/day2/certificates";
import { formatSummary, type LabOutputs, type LiveCluster } from "../../scripts/lab-summary";
import { formatCertificates } from "../../scripts/lab-summary-certificates";

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
/** What `kubectl get secret casecret -o jsonpath={.data.cadata}` prints: base64 of the DER certificate. */
const CADATA = PEM.split("\n")
    .filter((l) => l && !l.startsWith("-----"))
    .join("");

const cluster = (tier: string) => ({
    tier,
    substrate: "sim",
    distribution: "k3s",
    apiEndpoint: "https://127.0.0.1:1",
    kubeconfig: "",
    nodes: [],
});
const outputs: LabOutputs = {
    clusters: { cloud: cluster("cloud"), "edge-a": cluster("edge") },
    certificates: {
        clusters: {
            cloud: { expires: "2028-06-01T00:00:00.000Z", warnDays: 30 },
            "edge-a": { expires: "unknown", warnDays: 30 },
        },
        meshCa: { expires: "2036-12-01T00:00:00.000Z", warnDays: 30 },
    },
};
const live: LiveCluster[] = [
    { name: "cloud", nodes: [], runtimeClasses: [], pods: [], cloudCoreCa: certificateExpiry(CADATA)! },
    { name: "edge-a", nodes: [], runtimeClasses: [], pods: [] },
];
const NOW = new Date("2027-11-20T00:00:00Z");

describe("lab summary: Certificates", () => {
    it("reads the CloudCore CA from casecret's cadata (base64 DER)", () => {
        expect(certificateExpiry(CADATA)).toBe("2027-12-04T22:11:22.000Z");
    });

    it("one line per cluster, the mesh CA and CloudCore's CA (live), WARN within the window", () => {
        const text = formatSummary(outputs, live, "/k", 1, NOW);
        expect(text).toContain(
            [
                "Certificates",
                "  cluster cloud               expires 2028-06-01 (194 days left)",
                "  cluster edge-a              expiry unknown (no certificate the stack could read)",
                "  mesh CA                     expires 2036-12-01 (3299 days left)",
                "  CloudCore CA (cloud, live)  expires 2027-12-04 (14 days left)  WARN: within 30 days",
                "",
            ].join("\n"),
        );
    });

    it("a stack deployed before the certificates output: each cluster's; no section without any", () => {
        const older = {
            clusters: {
                cloud: { ...cluster("cloud"), certificates: { expires: "2027-12-01T00:00:00Z", warnDays: 7 } },
            },
        };
        expect(formatCertificates(older, [], NOW)).toEqual([
            "Certificates",
            "  cluster cloud  expires 2027-12-01 (11 days left)",
            "",
        ]);
        expect(formatCertificates({ clusters: { cloud: cluster("cloud") } }, [{ name: "cloud" }], NOW)).toEqual([]);
        expect(formatSummary({ clusters: { cloud: cluster("cloud") } }, [], "/k")).not.toContain("Certificates");
    });
});
