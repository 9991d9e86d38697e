import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installMocks, valueOf } from "../helpers/pulumi-mocks";

const mocks = installMocks((r) =>
    r.type === "tls:index/selfSignedCert:SelfSignedCert"
        ? { certPem: "-----BEGIN CERTIFICATE-----\nMESHCA\n-----END CERTIFICATE-----\n" }
        : r.type === "tls:index/privateKey:PrivateKey"
          ? { privateKeyPem: "-----BEGIN RSA PRIVATE KEY-----\nKEY\n-----END RSA PRIVATE KEY-----\n" }
          : {},
);

// Import after the mocks are installed.
import { ClusterMesh } from "../../components/network/cluster-mesh";
import { Cilium } from "../../components/network/cilium";
import { fakeCluster } from "./fake-cluster";

const RELEASE = "kubernetes:helm.sh/v3:Release";

type Values = {
    cluster: { name: string; id: number };
    tls: { ca: { cert: string; key: string } };
    ipam: { operator: { clusterPoolIPv4PodCIDRList: string[] } };
    clustermesh: {
        maxConnectedClusters: number;
        config: { clusters: { name: string; port: number }[] };
        apiserver: { service: { nodePort?: number; type: string } };
    };
};

function unwrap(v: unknown): unknown {
    // Secret values arrive from the mock monitor as { 4dabf18193072939515e22adb298388d: sig, value }.
    if (v && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v)
        return unwrap((v as unknown as { value: unknown }).value);
    if (Array.isArray(v)) return v.map(unwrap);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    return v;
}

describe("ClusterMesh", () => {
    const clusters = [
        fakeCluster({
            name: "cloud",
            podCidr: "10.10.0.0/16",
            nodes: [
                { name: "cp", host: "192.0.2.11" },
                { name: "ke-1", host: "192.0.2.99", kubeEdge: true },
            ],
        }),
        fakeCluster({
            name: "edge-a",
            distribution: "k3s",
            podCidr: "10.20.0.0/16",
            nodes: [{ name: "s", host: "192.0.2.21", runtimes: ["kata"] }],
        }),
        fakeCluster({ name: "edge-b", distribution: "k3s", podCidr: "10.30.0.0/16", apiHost: "192.0.2.31" }),
    ];
    let mesh: ClusterMesh;
    beforeAll(async () => {
        mesh = new ClusterMesh("mesh", {
            members: clusters.map((cluster, i) => ({ cluster, id: i + 1, kubeProxyReplacement: true })),
        });
        await valueOf(mesh.caCertPem);
        await mocks.settle();
    });

    const releases = () => mocks.ofType(RELEASE).filter((r) => r.name.startsWith("mesh-"));
    const valuesOf = (name: string) =>
        unwrap(releases().find((r) => r.name === `mesh-${name}`)?.inputs.values) as Values;

    it("declares one Cilium release per member, each through that cluster's own provider", () => {
        expect(
            releases()
                .map((r) => r.name)
                .sort(),
        ).toEqual(["mesh-cloud", "mesh-edge-a", "mesh-edge-b"]);
        for (const c of clusters) {
            const r = releases().find((x) => x.name === `mesh-${c.name}`);
            expect(r?.provider).toContain(`${c.name}-provider`);
            expect(r?.inputs.chart).toBe("cilium");
            expect(r?.inputs.version).toBe("1.18.4");
            expect(r?.inputs.repositoryOpts).toEqual({ repo: "https://helm.cilium.io" });
        }
    });

    it("generates one CA and gives every member the identical tls.ca (base64 PEM)", () => {
        expect(
            mocks.ofType("tls:index/selfSignedCert:SelfSignedCert").filter((r) => r.name === "mesh-ca"),
        ).toHaveLength(1);
        const cas = clusters.map((c) => JSON.stringify(valuesOf(c.name).tls.ca));
        expect(new Set(cas).size).toBe(1);
        const ca = valuesOf("cloud").tls.ca;
        expect(Buffer.from(ca.cert, "base64").toString()).toContain("MESHCA");
        expect(Buffer.from(ca.key, "base64").toString()).toContain("RSA PRIVATE KEY");
    });

    it("keeps the CA key secret in the release inputs", () => {
        // (the mock monitor pushes nested secretness up to the property: the values arrive wrapped)
        for (const r of releases()) {
            expect(r.inputs.values).toHaveProperty(
                ["4dabf18193072939515e22adb298388d"],
                "1b47061264138c4ac30d75fd1eb44270",
            );
        }
    });

    it("ids and pools come from the spec, NodePorts are distinct, maxConnectedClusters identical", () => {
        expect(clusters.map((c) => valuesOf(c.name).cluster)).toEqual([
            { name: "cloud", id: 1 },
            { name: "edge-a", id: 2 },
            { name: "edge-b", id: 3 },
        ]);
        expect(clusters.map((c) => valuesOf(c.name).ipam.operator.clusterPoolIPv4PodCIDRList[0])).toEqual([
            "10.10.0.0/16",
            "10.20.0.0/16",
            "10.30.0.0/16",
        ]);
        const ports = clusters.map((c) => valuesOf(c.name).clustermesh.apiserver.service.nodePort);
        expect(ports).toEqual([32379, 32380, 32381]);
        expect(new Set(clusters.map((c) => valuesOf(c.name).clustermesh.maxConnectedClusters))).toEqual(new Set([255]));
    });

    it("each member lists the others with the port they expose (both directions)", () => {
        const listed = (from: string) =>
            valuesOf(from)
                .clustermesh.config.clusters.map((p) => `${p.name}:${p.port}`)
                .sort();
        expect(listed("cloud")).toEqual(["edge-a:32380", "edge-b:32381"]);
        expect(listed("edge-a")).toEqual(["cloud:32379", "edge-b:32381"]);
        expect(listed("edge-b")).toEqual(["cloud:32379", "edge-a:32380"]);
        // the KubeEdge node's host is not a mesh address
        expect(JSON.stringify(valuesOf("edge-a").clustermesh.config.clusters)).not.toContain("192.0.2.99");
    });

    it("outputs the topology", () => {
        expect(mesh.topology).toEqual([
            { cluster: "cloud", id: 1, endpoint: "192.0.2.11:32379", peers: ["edge-a", "edge-b"] },
            { cluster: "edge-a", id: 2, endpoint: "192.0.2.21:32380", peers: ["cloud", "edge-b"] },
            { cluster: "edge-b", id: 3, endpoint: "192.0.2.31:32381", peers: ["cloud", "edge-a"] },
        ]);
    });

    it("refuses a bad mesh before declaring anything", () => {
        const before = mocks.recorded.length;
        expect(
            () =>
                new ClusterMesh("bad", {
                    members: [
                        { cluster: clusters[0], id: 1 },
                        { cluster: clusters[1], id: 1, nodePort: 32000 },
                    ],
                }),
        ).toThrow(/'edge-a': mesh id 1 is already used by 'cloud'/);
        return mocks.settle().then(() => {
            expect(mocks.recorded.slice(before).filter((r) => r.name.startsWith("bad-"))).toEqual([]);
        });
    });
});

describe("Cilium (standalone)", () => {
    it("installs from a local chart directory when airgapped, and refuses a chart of another version", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cilium-chart-"));
        fs.writeFileSync(path.join(dir, "Chart.yaml"), "apiVersion: v2\nname: cilium\nversion: 1.18.4\n");
        const cluster = fakeCluster({ name: "solo", podCidr: "10.50.0.0/16" });
        new Cilium("solo-cilium", { cluster, chartPath: dir });
        await mocks.settle();
        const r = mocks.ofType(RELEASE).find((x) => x.name === "solo-cilium");
        expect(r?.inputs.chart).toBe(dir);
        expect(r?.inputs.repositoryOpts).toBeUndefined();
        expect((r?.inputs.values as Values).cluster).toEqual({ name: "solo", id: 0 });

        fs.writeFileSync(path.join(dir, "Chart.yaml"), "apiVersion: v2\nname: cilium\nversion: 1.17.0\n");
        expect(() => new Cilium("solo-old", { cluster, chartPath: dir })).toThrow(
            /airgap.charts.cilium: .* holds cilium 1.17.0, but 1.18.4 is pinned/,
        );
        expect(() => new Cilium("solo-missing", { cluster, chartPath: path.join(dir, "nope") })).toThrow(
            /does not exist — run scripts\/fetch-charts.sh/,
        );
        fs.rmSync(dir, { recursive: true });
    });

    it("is a continuum:index component", () => {
        const c = new Cilium("typed", { cluster: fakeCluster({ name: "typed", podCidr: "10.60.0.0/16" }) });
        expect(pulumi.ComponentResource.isInstance(c)).toBe(true);
        return mocks.settle().then(() => {
            expect(mocks.recorded.some((r) => r.type === "continuum:index:Cilium" && r.name === "typed")).toBe(true);
        });
    });
});
