/**
 * ClusterMesh with a CA rotation (unit tier, mocks): which CAs each phase declares, which one
 * signs (tls.ca), and the trust bundle (tls.caBundle) every member's Cilium gets — what preview shows.
 */
import { installMocks, valueOf } from "../helpers/pulumi-mocks";

// Each CA's PEM names the resource, so the test can tell the epochs apart.
const mocks = installMocks((r) =>
    r.type === "tls:index/selfSignedCert:SelfSignedCert"
        ? { certPem: `-----BEGIN CERTIFICATE-----\n${r.name}\n-----END CERTIFICATE-----\n` }
        : r.type === "tls:index/privateKey:PrivateKey"
          ? { privateKeyPem: `-----BEGIN RSA PRIVATE KEY-----\n${r.name}\n-----END RSA PRIVATE KEY-----\n` }
          : {},
);

import { ClusterMesh } from "../../components/network/cluster-mesh";
import { fakeCluster } from "../network/fake-cluster";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const pem = (name: string) => `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`;

function unwrap(v: unknown): unknown {
    if (v && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v)
        return unwrap((v as unknown as { value: unknown }).value);
    if (Array.isArray(v)) return v.map(unwrap);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    return v;
}

type Tls = { ca: { cert: string; key: string }; caBundle?: { enabled: boolean; content: string } };

async function meshIn(name: string, caRotation?: { epoch: number; phase: string }) {
    const clusters = [
        fakeCluster({ name: `${name}-a`, podCidr: "10.10.0.0/16", nodes: [{ name: "cp", host: "192.0.2.11" }] }),
        fakeCluster({
            name: `${name}-b`,
            distribution: "k3s",
            podCidr: "10.20.0.0/16",
            nodes: [{ name: "s", host: "192.0.2.21" }],
        }),
    ];
    const mesh = new ClusterMesh(name, { members: clusters.map((cluster, i) => ({ cluster, id: i + 1 })), caRotation });
    await valueOf(mesh.caCertPem);
    await mocks.settle();
    const certs = mocks
        .ofType("tls:index/selfSignedCert:SelfSignedCert")
        .filter((r) => r.name.startsWith(`${name}-ca`))
        .map((r) => r.name)
        .sort();
    const tls = clusters.map(
        (c) =>
            (
                unwrap(
                    mocks.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === `${name}-${c.name}`)?.inputs
                        .values,
                ) as { tls: Tls }
            ).tls,
    );
    return { certs, tls };
}

describe("ClusterMesh CA rotation", () => {
    it("no rotation: the CA keeps its name, signs, and no bundle is set", async () => {
        const { certs, tls } = await meshIn("m0");
        expect(certs).toEqual(["m0-ca"]);
        for (const t of tls) expect(t).toEqual({ ca: { cert: b64(pem("m0-ca")), key: expect.any(String) } });
    });

    it("trust: the old CA signs, every member trusts old and new", async () => {
        const { certs, tls } = await meshIn("m1", { epoch: 1, phase: "trust" });
        expect(certs).toEqual(["m1-ca", "m1-ca-1"]);
        for (const t of tls) {
            expect(t.ca.cert).toBe(b64(pem("m1-ca")));
            expect(t.caBundle).toEqual({ enabled: true, content: `${pem("m1-ca")}${pem("m1-ca-1")}` });
        }
    });

    it("switch: the new CA signs, both still trusted", async () => {
        const { tls } = await meshIn("m2", { epoch: 1, phase: "switch" });
        for (const t of tls) {
            expect(t.ca.cert).toBe(b64(pem("m2-ca-1")));
            expect(t.caBundle).toEqual({ enabled: true, content: `${pem("m2-ca")}${pem("m2-ca-1")}` });
        }
    });

    it("done: only the new CA is left (the old one's resources go)", async () => {
        const { certs, tls } = await meshIn("m3", { epoch: 1, phase: "done" });
        expect(certs).toEqual(["m3-ca-1"]);
        for (const t of tls) expect(t).toEqual({ ca: { cert: b64(pem("m3-ca-1")), key: expect.any(String) } });
    });

    it("refuses an unknown phase", () => {
        expect(() => new ClusterMesh("bad", { members: [], caRotation: { epoch: 1, phase: "later" } })).toThrow(
            "mesh CA rotation phase 'later' is not one of trust, switch, done",
        );
    });
});
