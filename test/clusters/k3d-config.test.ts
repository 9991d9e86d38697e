import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import * as ipaddr from "ipaddr.js";
import { parse } from "yaml";
import { k3dArgsFromSpec } from "../../components/from-spec/local-clusters";
import type { K3dClusterArgs } from "../../components/clusters/k3d/args";
import {
    K3D_API_VERSION,
    k3dConfigYaml,
    k3dNodeFilters,
    k3dNodeNames,
    renderK3dConfig,
} from "../../components/clusters/k3d/k3d-config";
import { CRI_RUNTIME_PLUGIN, K3S_TEMPLATE_BASE, K3S_TEMPLATE_PATH } from "../../components/runtimes/containerd-config";
import { nodeName } from "../../components/spec/node";
import { VERSION_TABLE } from "../../components/version-table";
import { parseToml, runtimesTable } from "../runtimes/toml";
import { REPO, clusterNamed, labDocker } from "./kind-fixtures";

/**
 * k3d's published schema (test/fixtures/k3d-schema, k3d v5.9.0). Draft-07, strict ajv. Its two
 * formats are checked with libraries: ipv4 with ipaddr.js, hostname with the spec's DNS-name rule.
 */
const schema = JSON.parse(
    readFileSync(path.join(REPO, "test", "fixtures", "k3d-schema", "schema.json"), "utf8"),
) as object;
const ajv = new Ajv({
    strict: true,
    allErrors: true,
    formats: {
        ipv4: (s: string) => ipaddr.IPv4.isValidFourPartDecimal(s),
        hostname: (s: string) => nodeName.safeParse(s).success,
    },
});
const validate = ajv.compile(schema);

/** Validate the YAML k3d reads (not the object: what goes to the file is what counts). */
function schemaErrors(yamlText: string): string[] {
    return validate(parse(yamlText))
        ? []
        : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

const base = (over: Partial<K3dClusterArgs> = {}): K3dClusterArgs => ({
    clusterName: "e1",
    podCidr: "10.2.0.0/16",
    serviceCidr: "10.102.0.0/16",
    nodes: [
        { name: "s", role: "server" },
        { name: "a", role: "agent" },
    ],
    ...over,
});

const render = (a: K3dClusterArgs) => renderK3dConfig(a, "continuum");

describe("k3d config (k3d.io/v1alpha5 Simple)", () => {
    const spec = labDocker();
    const edgeA = k3dArgsFromSpec(spec, clusterNamed(spec, "edge-a"));
    const edgeB = k3dArgsFromSpec(spec, clusterNamed(spec, "edge-b"));

    test("lab-docker edge-a snapshot", () => {
        expect(k3dConfigYaml(render(edgeA))).toMatchSnapshot();
    });

    test("lab-docker edge-b snapshot", () => {
        expect(k3dConfigYaml(render(edgeB))).toMatchSnapshot();
    });

    const variants: [string, K3dClusterArgs][] = [
        ["lab-docker edge-a", edgeA],
        ["lab-docker edge-b", edgeB],
        ["minimal, no Cilium", base()],
        ["one server only", base({ nodes: [{ name: "s", role: "server" }] })],
        [
            "three servers, taints, labels, mirrors, every runtime, a host name for the API",
            base({
                ciliumCni: true,
                kubeProxyReplacement: true,
                clusterDomain: "edge.internal",
                apiHost: "edge.example.com",
                nodeLabels: { "example.com/fleet": "north" },
                registryMirrors: {
                    "docker.io": ["https://mirror.example.com"],
                    "ghcr.io": ["https://ghcr-mirror.example.com"],
                },
                nodes: [
                    { name: "s1", role: "server", taints: [{ key: "example.com/control", effect: "NoSchedule" }] },
                    { name: "s2", role: "server" },
                    { name: "s3", role: "server" },
                    {
                        name: "a1",
                        role: "agent",
                        runtimes: ["crun", "wasmedge", "kata"],
                        capabilities: ["kvm"],
                        labels: { site: "x" },
                    },
                    {
                        name: "a2",
                        role: "agent",
                        runtimes: ["wasmedge"],
                        taints: [{ key: "example.com/wasm", value: "only", effect: "NoExecute" }],
                    },
                ],
            }),
        ],
        ["an IPv4 address to publish the API on", base({ apiHost: "0.0.0.0" })],
    ];

    test.each(variants)("%s: valid against k3d's JSON schema", (_name, args) => {
        expect(schemaErrors(k3dConfigYaml(render(args)))).toEqual([]);
    });

    test("the schema check fails on what k3d would refuse (it is not vacuous)", () => {
        const good = render(base());
        expect(schemaErrors(k3dConfigYaml({ ...good, metadata: { name: "e1", namespace: "x" } } as never))).toEqual([
            expect.stringContaining("/metadata must NOT have additional properties"),
        ]);
        expect(
            schemaErrors(
                k3dConfigYaml({
                    ...good,
                    options: {
                        ...good.options,
                        k3s: { ...good.options.k3s, extraArgs: [{ arg: "--x", nodeFilter: "server:*" }] },
                    },
                } as never),
            ),
        ).toEqual([expect.stringContaining("/options/k3s/extraArgs/0 must NOT have additional properties")]);
        expect(schemaErrors(k3dConfigYaml({ ...good, servers: 0 }))).toEqual([
            expect.stringContaining("/servers must be >= 1"),
        ]);
        expect(schemaErrors(k3dConfigYaml({ ...good, kubeAPI: { hostIP: "localhost" } }))).toEqual([
            expect.stringContaining('/kubeAPI/hostIP must match format "ipv4"'),
        ]);
        expect(schemaErrors(k3dConfigYaml({ ...good, metadata: { name: "Not_A_Host" } }))).toEqual([
            expect.stringContaining('/metadata/name must match format "hostname"'),
        ]);
    });

    test("header, name, counts, pinned image, shared network, API on loopback, kubeconfig left alone", () => {
        const c = render(edgeA);
        expect(c).toMatchObject({
            apiVersion: K3D_API_VERSION,
            kind: "Simple",
            metadata: { name: "edge-a" },
            servers: 1,
            agents: 1,
            image: VERSION_TABLE.images.k3s,
            network: "continuum",
            kubeAPI: { hostIP: "127.0.0.1" },
        });
        expect(c.options.kubeconfig).toEqual({ updateDefaultKubeconfig: false, switchCurrentContext: false });
        expect(VERSION_TABLE.images.k3s).toMatch(/^rancher\/k3s:v\d+\.\d+\.\d+-k3s\d+@sha256:[0-9a-f]{64}$/);
    });

    test("a K3s version override picks the matching rancher/k3s tag", () => {
        const args = k3dArgsFromSpec({ ...spec, versions: { k3s: "v1.34.2+k3s1" } }, clusterNamed(spec, "edge-a"));
        expect(render(args).image).toBe("rancher/k3s:v1.34.2-k3s1");
    });

    test("server flags: CIDRs and domain always; Cilium: no flannel, no network policy; KPR: no kube-proxy", () => {
        const args = (a: K3dClusterArgs) =>
            render(a)
                .options.k3s.extraArgs.filter((x) => x.nodeFilters.join() === "server:*")
                .map((x) => x.arg);
        expect(args(base())).toEqual([
            "--cluster-cidr=10.2.0.0/16",
            "--service-cidr=10.102.0.0/16",
            "--cluster-domain=cluster.local",
        ]);
        expect(args(base({ ciliumCni: true }))).toEqual([
            "--cluster-cidr=10.2.0.0/16",
            "--service-cidr=10.102.0.0/16",
            "--cluster-domain=cluster.local",
            "--flannel-backend=none",
            "--disable-network-policy",
        ]);
        expect(args(edgeA)).toEqual([
            "--cluster-cidr=10.20.0.0/16",
            "--service-cidr=10.120.0.0/16",
            "--cluster-domain=cluster.local",
            "--flannel-backend=none",
            "--disable-network-policy",
            "--disable-kube-proxy",
        ]);
        expect(() => render(base({ kubeProxyReplacement: true }))).toThrow(/kube-proxy replacement needs Cilium/);
    });

    test("labels and taints reach exactly their nodes through node filters", () => {
        const c = render(
            base({
                nodes: [
                    { name: "s", role: "server", labels: { site: "x" } },
                    {
                        name: "a0",
                        role: "agent",
                        labels: { site: "x" },
                        taints: [{ key: "example.com/t", value: "v", effect: "NoSchedule" }],
                    },
                    { name: "a1", role: "agent", labels: { site: "y" }, runtimes: ["crun"] },
                ],
            }),
        );
        const labels = Object.fromEntries((c.options.k3s.nodeLabels ?? []).map((l) => [l.label, l.nodeFilters]));
        expect(labels["site=x"]).toEqual(["server:0", "agent:0"]);
        expect(labels["site=y"]).toEqual(["agent:1"]);
        expect(labels["continuum.dev/node=a1"]).toEqual(["agent:1"]);
        expect(labels["continuum.dev/tier=edge"]).toEqual(["server:0", "agent:0", "agent:1"]);
        expect(labels["runtime.continuum.dev/crun=true"]).toEqual(["agent:1"]);
        expect(c.options.k3s.extraArgs).toContainEqual({
            arg: "--node-taint=example.com/t=v:NoSchedule",
            nodeFilters: ["agent:0"],
        });
        expect(() =>
            render(
                base({ nodes: [{ name: "s", role: "server", taints: [{ key: "k", effect: "Sometimes" as never }] }] }),
            ),
        ).toThrow(/effect 'Sometimes'/);
        expect(() =>
            render(base({ nodes: [{ name: "s", role: "server", labels: { "kubernetes.io/role": "edge" } }] })),
        ).toThrow(/label 'kubernetes.io\/role'/);
    });

    test("runtimes: shims mounted and a K3s containerd template on exactly the nodes that ask", () => {
        const c = render(edgeA);
        expect(c.volumes).toEqual([{ volume: "@CONTINUUM_SHIM_DIR@:/opt/continuum/bin:ro", nodeFilters: ["agent:0"] }]);
        expect(c.files).toHaveLength(1);
        const file = (c.files ?? [])[0];
        expect(file.destination).toBe(K3S_TEMPLATE_PATH.v3);
        expect(file.nodeFilters).toEqual(["agent:0"]);
        expect(file.source.split("\n")[0]).toBe(K3S_TEMPLATE_BASE);
        // SystemdCgroup follows K3s's own runc stanza; rendered as K3s would on a systemd host,
        // the template minus the base line is the v3 TOML containerd 2.x reads
        expect(file.source).toContain("SystemdCgroup = {{ .SystemdCgroup }}\n");
        const rendered = file.source.split("\n").slice(1).join("\n").replaceAll("{{ .SystemdCgroup }}", "true");
        const rt = runtimesTable(parseToml(rendered), CRI_RUNTIME_PLUGIN.v3);
        expect(rt).toEqual({
            crun: {
                runtime_type: "io.containerd.runc.v2",
                options: { BinaryName: "/opt/continuum/bin/crun", SystemdCgroup: true },
            },
            wasmedge: {
                runtime_type: "io.containerd.wasmedge.v1",
                runtime_path: "/opt/continuum/bin/containerd-shim-wasmedge-v1",
            },
        });
        const none = render(base());
        expect(none.volumes).toBeUndefined();
        expect(none.files).toBeUndefined();
    });

    test("nodes with the same runtimes share one file entry; kata alone needs neither mount nor template", () => {
        const c = render(
            base({
                nodes: [
                    { name: "s", role: "server", runtimes: ["kata"], capabilities: ["kvm"] },
                    { name: "a0", role: "agent", runtimes: ["wasmedge"] },
                    { name: "a1", role: "agent", runtimes: ["wasmedge"] },
                ],
            }),
        );
        expect(c.volumes).toEqual([
            { volume: "@CONTINUUM_SHIM_DIR@:/opt/continuum/bin:ro", nodeFilters: ["agent:0", "agent:1"] },
        ]);
        expect((c.files ?? []).map((f) => f.nodeFilters)).toEqual([["agent:0", "agent:1"]]);
    });

    test("registry mirrors become an embedded K3s registries.yaml", () => {
        const c = render(base({ registryMirrors: { "docker.io": ["https://mirror.example.com"] } }));
        expect(parse(c.registries?.config ?? "")).toEqual({
            mirrors: { "docker.io": { endpoint: ["https://mirror.example.com"] } },
        });
        // k3d embeds it only when the text spans lines
        expect(c.registries?.config).toContain("\n");
        expect(render(base()).registries).toBeUndefined();
    });

    test("API: an IPv4 address is bound, a host name is named", () => {
        expect(render(base({ apiHost: "0.0.0.0" })).kubeAPI).toEqual({ hostIP: "0.0.0.0" });
        expect(render(base({ apiHost: "edge.example.com" })).kubeAPI).toEqual({ host: "edge.example.com" });
    });

    test("node filters and node names follow k3d's numbering per role", () => {
        const nodes = [{ role: "server" }, { role: "agent" }, { role: "server" }, { role: "agent" }];
        expect(k3dNodeFilters(nodes)).toEqual(["server:0", "agent:0", "server:1", "agent:1"]);
        expect(k3dNodeNames("edge-a", nodes)).toEqual([
            "k3d-edge-a-server-0",
            "k3d-edge-a-agent-0",
            "k3d-edge-a-server-1",
            "k3d-edge-a-agent-1",
        ]);
    });

    test("what k3d would refuse is refused with the cluster and node named", () => {
        expect(() => render(base({ nodes: [{ name: "w", role: "worker" as never }] }))).toThrow(
            /node 'w' has role 'worker' — k3d nodes are 'server' or 'agent'/,
        );
        expect(() => render(base({ nodes: [{ name: "a", role: "agent" }] }))).toThrow(
            /k3d cluster 'e1' has no server node/,
        );
        expect(() =>
            render(
                base({
                    nodes: [
                        { name: "s", role: "server", arch: "arm64" },
                        { name: "a", role: "agent", arch: "amd64" },
                    ],
                }),
            ),
        ).toThrow(/mixes arm64 and amd64/);
    });
});
