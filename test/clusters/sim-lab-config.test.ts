import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { labRunSpec, offlineChart, parseFetchedCharts, runConfigFor, withSpec } from "../../scripts/lab-config";
import { readStackSpec } from "../../components/spec/stack-file";
import { parseSpec } from "../../components/spec/parse";
import { parseSpecSources } from "../../components/spec/spec-file";
import { VERSION_TABLE } from "../../components/version-table";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const lab = (): Raw => readStackSpec(path.join(__dirname, "../../stacks/Pulumi.lab.yaml")) as Raw;
const fetched = { cilium: "/cache/charts/cilium", cloudcore: "/cache/charts/cloudcore" };
const v = VERSION_TABLE.charts;

describe("offlineChart", () => {
    it("prefers the spec's chart, then a fetched one, then an archive in the artifact directory", () => {
        expect(offlineChart({ airgap: { charts: { akri: "/mine/akri" } } }, "akri", {}, [])).toBe("/mine/akri");
        expect(offlineChart({}, "cilium", fetched, [])).toBe("/cache/charts/cilium");
        expect(offlineChart({ airgap: { artifactDir: "/art" } }, "akri", {}, [`akri-${v.akri.version}.tgz`])).toBe(
            `/art/akri-${v.akri.version}.tgz`,
        );
        expect(offlineChart({ airgap: { artifactDir: "/art" } }, "akri", {}, ["akri-0.0.1.tgz"])).toBeUndefined();
    });
    it(
        "takes an archive the table pins from the chart directory, before " +
            "a fetched chart or the artifact directory",
        () => {
            const dir = { dir: "/charts", files: ["akri-0.13.8.tgz", "edgemesh-v1.17.0.tgz", "cilium-1.18.4.tgz"] };
            expect(offlineChart({}, "akri", {}, [], dir)).toBe("/charts/akri-0.13.8.tgz");
            expect(offlineChart({}, "edgemesh", {}, [], dir)).toBe("/charts/edgemesh-v1.17.0.tgz");
            expect(offlineChart({ airgap: { artifactDir: "/art" } }, "akri", {}, ["akri-0.13.8.tgz"], dir)).toBe(
                "/charts/akri-0.13.8.tgz",
            );
            // Cilium pins no archive digest: the chart directory is not used for it.
            expect(offlineChart({}, "cilium", fetched, [], dir)).toBe(fetched.cilium);
            // A version override has no pinned archive.
            expect(
                offlineChart({ versions: { akri: "0.13.9" } }, "akri", {}, [], {
                    dir: "/charts",
                    files: ["akri-0.13.9.tgz"],
                }),
            ).toBeUndefined();
            // The spec's own chart still wins.
            expect(offlineChart({ airgap: { charts: { akri: "/mine/akri.tgz" } } }, "akri", {}, [], dir)).toBe(
                "/mine/akri.tgz",
            );
        },
    );
    it("does not use a fetched chart of the pinned version for a version override", () => {
        expect(offlineChart({ versions: { cilium: "9.9.9" } }, "cilium", fetched, [])).toBeUndefined();
        expect(
            offlineChart({ versions: { cilium: "9.9.9" }, airgap: { artifactDir: "/a" } }, "cilium", fetched, [
                "cilium-9.9.9.tgz",
            ]),
        ).toBe("/a/cilium-9.9.9.tgz");
    });
});

describe("labRunSpec", () => {
    it("points Cilium and CloudCore at the fetched charts, leaves Akri and EdgeMesh out and says why", () => {
        const input = lab();
        const run = labRunSpec(input, fetched, []);
        expect(run.charts).toEqual({ cilium: fetched.cilium, cloudcore: fetched.cloudcore });
        expect(run.spec.airgap.charts).toEqual({ cilium: fetched.cilium, cloudcore: fetched.cloudcore });
        expect(run.spec.clusters.every((c: Raw) => c.cilium && c.mesh)).toBe(true);
        expect(run.spec.clusters.some((c: Raw) => c.akri)).toBe(false);
        expect(run.spec.kubeedge.edgeMesh).toBe(false);
        expect(run.skipped.map((s) => `${s.cluster}: ${s.addon}`)).toEqual([
            "edge-a: Akri and its Configurations",
            "cloud: EdgeMesh",
        ]);
        expect(run.skipped[0]!.reason).toContain(
            `akri-${v.akri.version}.tgz in a chart directory (CONTINUUM_CHART_DIR, ` +
                `or npm run lab -- --chart-dir <dir>) or airgap.artifactDir`,
        );
        expect(run.skipped[1]!.reason).toContain("edgemesh-v1.17.0.tgz in a chart directory");
        // The input is left as it was, and the run spec is still a valid spec.
        expect(input.clusters[1].akri).toBeDefined();
        expect(parseSpec(run.spec).ok).toBe(true);
    });
    it("drops Cilium with the mesh membership when no chart is offline", () => {
        const run = labRunSpec(lab(), { cloudcore: "/c" }, []);
        expect(run.spec.clusters.some((c: Raw) => c.cilium || c.mesh)).toBe(false);
        expect(
            run.skipped.filter((s) => s.addon === "Cilium and its ClusterMesh membership").map((s) => s.cluster),
        ).toEqual(["cloud", "edge-a", "edge-b"]);
        expect(parseSpec(run.spec).ok).toBe(true);
    });
    it("with the chart directory the default lab installs every add-on", () => {
        const run = labRunSpec(lab(), fetched, [], {
            dir: "/charts",
            files: ["akri-0.13.8.tgz", "edgemesh-v1.17.0.tgz"],
        });
        expect(run.skipped).toEqual([]);
        expect(run.charts).toEqual({
            ...fetched,
            akri: "/charts/akri-0.13.8.tgz",
            edgemesh: "/charts/edgemesh-v1.17.0.tgz",
        });
        expect(run.spec.kubeedge.edgeMesh).toBe(true);
        expect(
            run.spec.clusters.find((c: Raw) => c.name === "edge-a").akri.configurations.map((c: Raw) => c.handler),
        ).toEqual(["udev", "onvif", "opcua"]);
        expect(parseSpec(run.spec).ok).toBe(true);
    });
    it("keeps everything a spec brings charts for", () => {
        const input = lab();
        input.airgap = { charts: { akri: "/a", edgemesh: "/e" } };
        const run = labRunSpec(input, fetched, []);
        expect(run.skipped).toEqual([]);
        expect(run.spec.kubeedge.edgeMesh).toBe(true);
    });
    it("refuses KubeEdge without a CloudCore chart and says how to get one", () => {
        expect(() => labRunSpec(lab(), {}, [])).toThrow(
            /KubeEdge needs the CloudCore chart .* — run scripts\/fetch-charts.sh cloudcore/,
        );
    });
});

describe("stack file helpers", () => {
    it("replaces only the spec of a stack file", () => {
        const text =
            "# a comment\nconfig:\n  continuum:spec:\n    clusters: []\n  other:key: 1\nencryptionsalt: v1:x\n";
        const out = withSpec(text, { clusters: [{ name: "a" }] });
        expect(out).toContain("# a comment");
        expect(parse(out)).toEqual({
            config: { "continuum:spec": { clusters: [{ name: "a" }] }, "other:key": 1 },
            encryptionsalt: "v1:x",
        });
    });
    it("reads fetch-charts.sh output and ignores other lines", () => {
        expect(parseFetchedCharts("fetching…\ncilium /c/cilium-1\ncloudcore /c/cc\nnope /x\n")).toEqual({
            cilium: "/c/cilium-1",
            cloudcore: "/c/cc",
        });
    });
});

describe("runConfigFor", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "lab-config-"));
    afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

    it("rewrites continuum:spec in place when the stack file holds the spec", () => {
        const text = `config:\n  continuum:spec:\n${JSON.stringify(lab()).replace(/^/, "    ")}\n`;
        const out = runConfigFor(text, project, ".lab/config/x.spec.yaml", fetched, () => []);
        expect(out.specFileText).toBeUndefined();
        const cfg = parse(out.stackFileText).config;
        expect(cfg["continuum:specFile"]).toBeUndefined();
        expect(cfg["continuum:spec"].kubeedge.edgeMesh).toBe(false);
    });

    it("splits a spec-file stack: the keys the config sets stay there, the rest goes to the run spec file", () => {
        const { ssh, ...rest } = { ssh: { user: "ops" }, ...lab() };
        fs.writeFileSync(path.join(project, "big.yaml"), JSON.stringify(rest));
        const text = "config:\n  continuum:specFile: big.yaml\n  continuum:spec:\n    ssh: { user: ops }\n";
        const out = runConfigFor(text, project, "run.spec.yaml", fetched, () => []);
        const cfg = parse(out.stackFileText).config;
        expect(cfg["continuum:specFile"]).toBe("run.spec.yaml");
        expect(cfg["continuum:spec"]).toEqual({ ssh });
        const file = parse(out.specFileText!);
        expect(file.ssh).toBeUndefined();
        expect(file.clusters.some((c: Raw) => c.akri)).toBe(false);
        fs.writeFileSync(path.join(project, "run.spec.yaml"), out.specFileText!);
        const parsed = parseSpecSources(cfg["continuum:spec"], "run.spec.yaml", project);
        expect(parsed.ok).toBe(true);
        expect(out.skipped.map((s) => s.addon)).toEqual(["Akri and its Configurations", "EdgeMesh"]);
    });

    it("says so when the stack file gives no spec at all", () => {
        expect(() => runConfigFor("config: {}\n", project, "x", fetched, () => [])).toThrow(
            /neither continuum:spec nor continuum:specFile/,
        );
    });
});
