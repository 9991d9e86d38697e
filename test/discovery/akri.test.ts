import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { installMocks } from "../helpers/pulumi-mocks";
import type { Cluster } from "../../components/clusters/cluster";
import { Akri } from "../../components/discovery/akri";
import { CHART_DIR_ENV, sha256File } from "../../components/network/chart-source";
import { akriSchema } from "../../components/spec/akri";
import { VERSION_TABLE } from "../../components/version-table";

const mocks = installMocks();
// The chart source is the case under test: the environment's chart directory stays out of it.
const savedChartDir = process.env[CHART_DIR_ENV];
beforeAll(() => delete process.env[CHART_DIR_ENV]);
afterAll(() => {
    if (savedChartDir !== undefined) process.env[CHART_DIR_ENV] = savedChartDir;
});

function handle(name: string, substrate: Cluster["substrate"], distribution: Cluster["distribution"]): Cluster {
    const provider = new k8s.Provider(`${name}-provider`, { kubeconfig: "apiVersion: v1" });
    return {
        name,
        tier: "edge",
        distribution,
        substrate,
        kubeconfig: pulumi.secret("k"),
        provider,
        apiEndpoint: pulumi.output("https://10.0.0.1:6443"),
        apiHost: "10.0.0.1",
        apiPort: 6443,
        podCidr: "10.42.0.0/16",
        serviceCidr: "10.43.0.0/16",
        clusterDomain: "cluster.local",
        nodes: [],
        ready: [],
    };
}

const akri = akriSchema.parse({
    udev: { rules: ['KERNEL=="video[0-9]*"'] },
    configurations: [
        { name: "cameras-usb", handler: "udev" },
        { name: "cameras-usb-2", handler: "udev", capacity: 3 },
    ],
});

describe("Akri under mocks", () => {
    test(
        "a pinned release through the cluster's provider, then one Configuration " +
            "per spec entry (two on one handler)",
        async () => {
            const a = new Akri("edge-akri", { cluster: handle("edge", "ssh", "k3s"), akri });
            await mocks.settle();
            const rel = mocks.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.name === "edge-akri-chart");
            expect(rel).toHaveLength(1);
            expect(rel[0].inputs).toMatchObject({
                chart: "akri",
                version: "0.13.8",
                repositoryOpts: { repo: "https://project-akri.github.io/akri" },
                namespace: "akri",
                atomic: true,
                skipAwait: false,
            });
            expect(rel[0].provider).toContain("edge-provider");
            const cfgs = mocks
                .ofType("kubernetes:akri.sh/v0:Configuration")
                .filter((r) => r.name.startsWith("edge-akri"));
            expect(cfgs.map((c) => [c.inputs.metadata, (c.inputs.spec as Record<string, unknown>).capacity])).toEqual([
                [{ name: "cameras-usb", namespace: "akri" }, 1],
                [{ name: "cameras-usb-2", namespace: "akri" }, 3],
            ]);
            expect(a.resources.map((r) => r.configurationResource)).toEqual([
                "akri.sh/cameras-usb",
                "akri.sh/cameras-usb-2",
            ]);
        },
    );

    test("airgap: a pinned chart archive replaces the repository; sim does not wait for pods", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "akri-chart-"));
        const archive = path.join(dir, "akri-0.13.8.tgz");
        fs.writeFileSync(archive, "stand-in chart archive");
        const akriPin = {
            ...VERSION_TABLE.charts.akri,
            archives: [{ fileName: "akri-0.13.8.tgz", sha256: sha256File(archive) }],
        };
        const versions = { ...VERSION_TABLE, charts: { ...VERSION_TABLE.charts, akri: akriPin } };
        new Akri("sim-akri", { cluster: handle("simc", "sim", "kubeadm"), akri, chartPath: archive, versions });
        await mocks.settle();
        const rel = mocks.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "sim-akri-chart");
        expect(rel?.inputs.chart).toBe(archive);
        expect(rel?.inputs.repositoryOpts).toBeUndefined();
        expect(rel?.inputs.version).toBe("0.13.8");
        expect(rel?.inputs).toMatchObject({
            skipAwait: true,
            atomic: false,
            values: { webhookConfiguration: { enabled: false }, cleanupHook: { enabled: false } },
        });
    });

    test("an airgap archive that is not the pinned one is refused before anything is declared", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "akri-chart-"));
        const archive = path.join(dir, "akri-0.13.8.tgz");
        fs.writeFileSync(archive, "someone else's chart");
        const before = mocks.recorded.length;
        expect(
            () => new Akri("bad-chart-akri", { cluster: handle("badc", "ssh", "k3s"), akri, chartPath: archive }),
        ).toThrow(
            `airgap.charts.akri: ${archive} has sha256 ${sha256File(archive)}, but akri 0.13.8 is pinned to sha256`,
        );
        await mocks.settle();
        expect(mocks.recorded.slice(before).filter((r) => r.type === "kubernetes:helm.sh/v3:Release")).toEqual([]);
    });

    test("a spec error declares nothing", async () => {
        const before = mocks.recorded.length;
        const bad = akriSchema.parse({ configurations: [{ name: "usb", handler: "udev" }] });
        expect(() => new Akri("bad-akri", { cluster: handle("bad", "ssh", "k3s"), akri: bad })).toThrow(
            "udev discovery needs at least one udev rule",
        );
        await mocks.settle();
        expect(
            mocks.recorded
                .slice(before)
                .filter((r) => r.type !== "pulumi:providers:kubernetes" && r.type !== "continuum:index:Akri"),
        ).toEqual([]);
    });
});
