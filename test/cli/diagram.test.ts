import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { diagramCommand, diagramOfStack, parseDiagramArgs } from "../../components/cli/diagram";
import { dotToSvg, renderDot } from "../../components/cli/diagram-dot";
import { mermaidText, renderMermaid } from "../../components/cli/diagram-mermaid";
import { diagramBoxCount, diagramModel, type DiagramModel } from "../../components/cli/diagram-model";
import { loadStackSpec } from "../../components/cli/stack-spec";
import { parseSpec } from "../../components/spec/parse";
import { svgTexts } from "./svg-texts";

const root = join(__dirname, "..", "..");
const stacks = readdirSync(join(root, "stacks")).filter((f) => f.endsWith(".yaml"));

describe("continuum diagram", () => {
    it.each(stacks)("draws %s as well-formed SVG naming every cluster, node and device", async (file) => {
        const loaded = loadStackSpec(join(root, "stacks", file));
        if (!loaded.ok) throw new Error(loaded.stderr);
        const drawn = await diagramOfStack(join(root, "stacks", file), "svg");
        if (!drawn.ok) throw new Error(drawn.stderr);
        expect(drawn.text).toMatch(/<svg[\s>]/);
        const texts = svgTexts(drawn.text);
        const spec = loaded.spec;
        for (const c of spec.clusters) {
            expect(texts).toContain(c.name);
            for (const n of c.nodes) expect(texts).toContain(n.name);
        }
        for (const n of spec.kubeedge?.nodes ?? []) expect(texts).toContain(n.name);
        for (const d of spec.kubeedge?.devices ?? []) expect(texts).toContain(`device ${d.name}`);
        const meshed = spec.clusters.filter((c) => c.mesh).length;
        expect(texts.filter((t) => t === "ClusterMesh")).toHaveLength((meshed * (meshed - 1)) / 2);
    });

    it.each(stacks)("draws %s as Mermaid with a subgraph per cluster and every link", async (file) => {
        const loaded = loadStackSpec(join(root, "stacks", file));
        if (!loaded.ok) throw new Error(loaded.stderr);
        const drawn = await diagramOfStack(join(root, "stacks", file), "mermaid");
        if (!drawn.ok) throw new Error(drawn.stderr);
        const lines = drawn.text.split("\n");
        expect(lines[0]).toBe("flowchart LR");
        loaded.spec.clusters.forEach((c, i) => expect(lines).toContain(`  subgraph c${i}_g["${mermaidText(c.name)}"]`));
        expect(lines.filter((l) => l === "  end")).toHaveLength(
            loaded.spec.clusters.length + (loaded.spec.kubeedge ? 1 : 0),
        );
        const meshed = loaded.spec.clusters.filter((c) => c.mesh).length;
        expect(lines.filter((l) => l.includes("<-->|ClusterMesh|"))).toHaveLength((meshed * (meshed - 1)) / 2);
        expect(lines.filter((l) => l.includes("-->|KubeEdge|"))).toHaveLength(loaded.spec.kubeedge?.nodes.length ?? 0);
    });

    it("shows tier, distribution, substrate, role counts, runtimes, Akri and devices of the lab", () => {
        const loaded = loadStackSpec(join(root, "stacks", "Pulumi.lab.yaml"));
        if (!loaded.ok) throw new Error(loaded.stderr);
        const dot = renderDot(diagramModel(loaded.spec));
        expect(dot).toContain(
            'c0 [label="cloud\\ncloud · kubeadm · sim\\n1 control-plane, 2 worker\\nClusterMesh id 1"',
        );
        expect(dot).toContain('label="cloud-worker-1\\nworker\\nruntimes: runc, crun, kata"');
        expect(dot).toMatch(/c1a \[label="Akri: udev, onvif, opcua\\nconfigurations: [^"]+"/);
        expect(dot).toContain('label="device thermometer-field-1\\nmodel thermometer"');
        expect(dot).toContain('label="KubeEdge edge nodes (EdgeMesh)"');
    });

    it("collapses a 10,000-node fleet to a handful of boxes", async () => {
        const agents = Array.from({ length: 9998 }, (_, i) => ({
            name: `agent-${i}`,
            roles: ["agent"],
            runtimes: i % 2 ? ["crun"] : [],
        }));
        const edge = Array.from({ length: 500 }, (_, i) => ({ name: `gw-${i}` }));
        const result = parseSpec({
            clusters: [
                {
                    name: "cloud",
                    tier: "cloud",
                    distribution: "kubeadm",
                    substrate: "sim",
                    network: { podCidr: "10.10.0.0/16", serviceCidr: "10.110.0.0/16" },
                    nodes: [{ name: "cp", roles: ["control-plane"] }],
                },
                {
                    name: "fleet",
                    tier: "edge",
                    distribution: "k3s",
                    substrate: "sim",
                    network: { podCidr: "10.20.0.0/16", serviceCidr: "10.120.0.0/16" },
                    nodes: [{ name: "server", roles: ["server"] }, ...agents],
                },
            ],
            kubeedge: {
                cloudCluster: "cloud",
                nodes: edge,
                deviceModels: [{ name: "thermo", protocol: "virtual", properties: [{ name: "t", type: "int" }] }],
                devices: edge.map((n, i) => ({ name: `dev-${i}`, model: "thermo", node: n.name })),
            },
        });
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        const model = diagramModel(result.spec);
        // cloud: header + cp; fleet: header + server + two agent pools; KubeEdge: one pool + one device box
        expect(diagramBoxCount(model)).toBe(8);
        expect(model.clusters[1]!.roleCounts).toEqual([
            ["server", 1],
            ["agent", 9998],
        ]);
        expect(model.clusters[1]!.pools.map((p) => [p.count, p.nodes.length, p.runtimes])).toEqual([
            [1, 1, []],
            [4999, 0, []],
            [4999, 0, ["crun"]],
        ]);
        expect(model.kubeedge!.devices).toEqual([
            { id: "d0", attachedTo: "ep0", count: 500, names: [], models: ["thermo"] },
        ]);
        const mermaid = renderMermaid(model);
        expect(mermaid.split("\n").length).toBeLessThan(25);
        expect(mermaid).toContain('c1p1["4,999 #215; agent nodes<br/>runtimes: runc"]');
        const texts = svgTexts(await dotToSvg(renderDot(model)));
        expect(texts).toContain("1 server, 9,998 agent");
        expect(texts).toContain("4,999 × agent nodes");
        expect(texts).toContain("500 devices");
    });

    it("draws a pool node by node up to the collapse size, then as a count", () => {
        const spec = (n: number) => {
            const r = parseSpec({
                clusters: [
                    {
                        name: "a",
                        tier: "edge",
                        distribution: "k3s",
                        substrate: "sim",
                        network: { podCidr: "10.1.0.0/16", serviceCidr: "10.2.0.0/16" },
                        nodes: [
                            { name: "s", roles: ["server"] },
                            ...Array.from({ length: n }, (_, i) => ({ name: `n${i}`, roles: ["agent"] })),
                        ],
                    },
                ],
            });
            if (!r.ok) throw new Error(JSON.stringify(r.issues));
            return r.spec;
        };
        expect(diagramModel(spec(6)).clusters[0]!.pools[1]!.nodes).toHaveLength(6);
        expect(diagramModel(spec(7)).clusters[0]!.pools[1]).toMatchObject({ count: 7, nodes: [] });
        expect(diagramModel(spec(7), { collapseAbove: 10 }).clusters[0]!.pools[1]!.nodes).toHaveLength(7);
    });

    describe("escapes names in both formats", () => {
        const evil = 'x"] --> y[<b>&amp;#1;</b>\\n';
        const model: DiagramModel = {
            clusters: [
                {
                    id: "c0",
                    name: evil,
                    tier: "edge",
                    distribution: "k3s",
                    substrate: "sim",
                    roleCounts: [["server", 1]],
                    pools: [{ id: "c0p0", roles: ["server"], runtimes: [], count: 1, nodes: [evil] }],
                    akriHandlers: [],
                    akriConfigurations: [],
                },
            ],
            meshLinks: [],
        };

        it("Mermaid: only entity codes, no quote, bracket or tag of the name survives", () => {
            const box = renderMermaid(model)
                .split("\n")
                .find((l) => l.startsWith("    c0p0n0["))!;
            expect(box).toBe(`    c0p0n0["${mermaidText(evil)}<br/>server<br/>runtimes: runc"]`);
            expect(mermaidText(evil)).toBe("x#34;#93; --#62; y#91;#60;b#62;#38;amp#59;#35;1#59;#60;/b#62;#92;n");
        });

        it("SVG: the name comes back verbatim from the parsed document", async () => {
            const texts = svgTexts(await dotToSvg(renderDot(model)));
            expect(texts).toContain(evil);
        });
    });

    it(
        "reads a stack whose continuum is in a continuum:specFile, and refuses " +
            "an invalid one with validate's problems",
        async () => {
            const project = mkdtempSync(join(tmpdir(), "continuum-diagram-project-"));
            mkdirSync(join(project, "stacks"));
            writeFileSync(join(project, "Pulumi.yaml"), "name: continuum\nruntime: nodejs\n");
            writeFileSync(
                join(project, "fleet.yaml"),
                "clusters:\n  - name: far-away\n    tier: edge\n    distribution: " +
                    "k3s\n    substrate: sim\n    network: { podCidr: 10.1.0.0/16, serviceCidr: " +
                    "10.2.0.0/16 }\n    nodes: [{ name: s1, roles: [server] }]\n",
            );
            writeFileSync(join(project, "stacks", "Pulumi.f.yaml"), "config:\n  continuum:specFile: fleet.yaml\n");
            const drawn = await diagramOfStack(join(project, "stacks", "Pulumi.f.yaml"), "mermaid");
            if (!drawn.ok) throw new Error(drawn.stderr);
            expect(drawn.text).toContain('subgraph c0_g["far-away"]');
            writeFileSync(join(project, "stacks", "Pulumi.bad.yaml"), "config:\n  continuum:spec:\n    clusters: []\n");
            const bad = await diagramOfStack(join(project, "stacks", "Pulumi.bad.yaml"), "svg");
            expect(bad).toMatchObject({ ok: false, code: 1 });
            expect(!bad.ok && bad.stderr).toMatch(
                /Pulumi\.bad\.yaml: 1 problem in continuum:spec .*\nclusters: needs at least one cluster/,
            );
        },
    );

    describe("command line", () => {
        it("parses its arguments and says what is wrong", () => {
            expect(parseDiagramArgs(["s.yaml", "--out", "x.svg"])).toEqual({
                file: "s.yaml",
                format: "svg",
                out: "x.svg",
            });
            expect(parseDiagramArgs(["s.yaml"])).toEqual({ file: "s.yaml", format: "mermaid", out: undefined });
            expect(parseDiagramArgs(["s.yaml", "--format", "png"])).toBe(
                "--format png is not known — use mermaid, svg, dot",
            );
            expect(parseDiagramArgs([])).toMatch(/^name the stack file/);
            expect(parseDiagramArgs(["a.yaml", "b.yaml"])).toBe("one stack file at a time (got a.yaml and b.yaml)");
        });

        it("writes the SVG file and prints its path; exits 2 on an unreadable stack file", async () => {
            const out = join(mkdtempSync(join(tmpdir(), "continuum-diagram-")), "sub", "lab.svg");
            const done = await diagramCommand([join(root, "stacks", "Pulumi.lab.yaml"), "--out", out]);
            expect(done).toEqual({ code: 0, stdout: `${out}\n`, stderr: "" });
            expect(XMLValidator.validate(readFileSync(out, "utf8"))).toBe(true);
            const missing = await diagramCommand(["/nonexistent/Pulumi.x.yaml"]);
            expect(missing.code).toBe(2);
            expect(missing.stderr).toContain("/nonexistent/Pulumi.x.yaml: cannot read the file (ENOENT)");
        });

        it("runs as `continuum diagram` through bin/continuum.js", () => {
            const r = spawnSync("node", ["bin/continuum.js", "diagram", "stacks/Pulumi.lab.yaml"], {
                cwd: root,
                encoding: "utf8",
            });
            expect(r.stderr).toBe("");
            expect(r.status).toBe(0);
            expect(r.stdout).toMatch(/^flowchart LR\n {2}subgraph c0_g\["cloud"\]/);
        });
    });
});
