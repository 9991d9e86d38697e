import * as path from "node:path";
import { parse } from "yaml";
import { installMocks, isSecretOutput, valueOf } from "../helpers/pulumi-mocks";
import { kwokKubeconfig } from "./sim-fixtures";

// Mocks first: the components register resources as they are constructed.
const mocks = installMocks((r) => {
    if (r.type === "command:local:Command" && r.name.endsWith("-control-plane")) {
        const cluster = r.name.replace(/-control-plane$/, "");
        const port = /API_PORT=(\d+)/.exec(String(r.inputs.stdin))?.[1] ?? "0";
        return { stdout: kwokKubeconfig(cluster, Number(port)), stderr: "" };
    }
    return {};
});

import { readStackSpec } from "../../components/spec/stack-file";
import { parseSpecOrThrow } from "../../components/spec/parse";
import { Continuum } from "../../components/continuum";
import { SIM_CLUSTER_SCRIPT, SimCluster } from "../../components/clusters/sim/sim-cluster";
import { chunkNodes, nodePoolName, nodePoolStdin, SIM_NODES_SCRIPT } from "../../components/clusters/sim/node-pool";
import { simNodeObject } from "../../components/clusters/sim/node-manifest";
import { simApiPort } from "../../components/clusters/sim/control-plane";
import { simClusterArgs } from "../../components/from-spec/sim";
import * as pulumi from "@pulumi/pulumi";
import { DependencyResource } from "@pulumi/pulumi/resource";
import { deleteWithControlPlane, kubernetesProviderName } from "../../components/clusters/sim/delete-with";

const labSpec = () => parseSpecOrThrow(readStackSpec(path.join(__dirname, "../../stacks/Pulumi.lab.yaml")));
const stdinOf = (text: unknown): Record<string, string> =>
    Object.fromEntries(
        String(text)
            .trim()
            .split("\n")
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );

describe("SimCluster under mocks", () => {
    let sim: SimCluster;
    beforeAll(async () => {
        mocks.recorded.length = 0;
        sim = new SimCluster("solo", {
            tier: "edge",
            distribution: "k3s",
            podCidr: "10.40.0.0/16",
            serviceCidr: "10.140.0.0/16",
            apiPort: 21000,
            nodes: [
                { name: "s-1", roles: ["server"], arch: "arm64", capacity: { cpu: "2", memory: "2Gi", pods: 20 } },
                {
                    name: "a-1",
                    roles: ["agent"],
                    runtimes: ["wasmedge"],
                    taints: [{ key: "edge", effect: "NoSchedule" }],
                },
            ],
        });
        await mocks.settle();
    });

    it("runs the control plane through the script: up on create, down on destroy, parameters on stdin", () => {
        const cmd = mocks.ofType("command:local:Command").find((c) => c.name === "solo-control-plane");
        expect(cmd!.name).toBe("solo-control-plane");
        expect(cmd!.inputs.create).toBe(`bash ${SIM_CLUSTER_SCRIPT} up`);
        expect(cmd!.inputs.delete).toBe(`bash ${SIM_CLUSTER_SCRIPT} down`);
        expect(cmd!.inputs.addPreviousOutputInEnv).toBe(false);
        expect(stdinOf(cmd!.inputs.stdin)).toEqual({
            CLUSTER: "solo",
            STATE_DIR: path.resolve(".lab", "test"),
            API_PORT: "21000",
            ETCD_PORT: "21001",
            ETCD_PEER_PORT: "21002",
            CONTROLLER_MANAGER_PORT: "21003",
            SCHEDULER_PORT: "21004",
            KWOK_CONTROLLER_PORT: "21005",
            SERVICE_CIDR: "10.140.0.0/16",
            POD_CIDR: "10.40.0.0/16",
            KUBE_VERSION: "",
            READY_SECONDS: "300",
        });
        expect(cmd!.inputs.triggers).toEqual([
            path.resolve(".lab", "test"),
            "solo",
            21000,
            "10.140.0.0/16",
            "10.40.0.0/16",
            "",
        ]);
    });

    it("gives the provider the stable identifier <cluster>-sim", () => {
        const providers = mocks.ofType("pulumi:providers:kubernetes");
        expect(providers.map((p) => p.name)).toEqual(["solo-sim"]);
        expect(providers[0]!.inputs.clusterIdentifier).toBe("solo-sim");
        expect(String(providers[0]!.inputs.deleteUnreachable)).toBe("true");
        expect(mocks.ofType("kubernetes:core/v1:Node")).toEqual([]);
    });

    it("registers the nodes as one pool through the node script: apply on create and update, delete on destroy", () => {
        const pools = mocks.ofType("command:local:Command").filter((c) => c.name !== "solo-control-plane");
        expect(pools.map((p) => p.name)).toEqual(["solo-nodes-1"]);
        const pool = pools[0]!;
        expect(pool.inputs.create).toBe(`bash ${SIM_NODES_SCRIPT} apply`);
        expect(pool.inputs.update).toBe(`bash ${SIM_NODES_SCRIPT} apply`);
        expect(pool.inputs.delete).toBe(`bash ${SIM_NODES_SCRIPT} delete`);
        expect(pool.inputs.addPreviousOutputInEnv).toBe(false);
        const [head, lines] = String(pool.inputs.stdin).split("\n---\n");
        expect(stdinOf(head)).toEqual({
            CLUSTER: "solo",
            STATE_DIR: path.resolve(".lab", "test"),
            POOL: "nodes-1",
            NODES: expect.stringMatching(/^s-1=[0-9a-f]{16} a-1=[0-9a-f]{16}$/) as unknown as string,
        });
        expect(
            lines!
                .trim()
                .split("\n")
                .map((l) => (JSON.parse(l) as { metadata: { name: string } }).metadata.name),
        ).toEqual(["s-1", "a-1"]);
    });

    it("registers each node with its labels, taints, capacity, control plane and pool", () => {
        const pool = mocks.ofType("command:local:Command").find((c) => c.name === "solo-nodes-1")!;
        const [server, agent] = String(pool.inputs.stdin)
            .split("\n---\n")[1]!
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l)) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(server.metadata.labels["node-role.kubernetes.io/master"]).toBe("true");
        expect(server.metadata.labels["kubernetes.io/arch"]).toBe("arm64");
        expect(server.status.capacity).toEqual({ cpu: "2", memory: "2Gi", pods: "20" });
        expect(server.spec).toEqual({});
        expect(agent.metadata.labels["runtime.continuum.dev/wasmedge"]).toBe("true");
        expect(agent.spec.taints).toEqual([{ key: "edge", effect: "NoSchedule" }]);
        expect(agent.status.capacity).toEqual({ cpu: "4", memory: "8Gi", pods: "110" });
        expect(agent.metadata.annotations["continuum.dev/sim-control-plane"]).toBe("solo-control-plane-id");
        expect(agent.metadata.labels["continuum.dev/sim-pool"]).toBe("nodes-1");
    });

    it("returns the Cluster handle: secret kubeconfig named after the cluster, plain endpoint", async () => {
        const c = sim.cluster;
        expect(await isSecretOutput(c.kubeconfig)).toBe(true);
        expect(parse(await valueOf(c.kubeconfig))["current-context"]).toBe("solo");
        expect(await isSecretOutput(c.apiEndpoint)).toBe(false);
        expect(await valueOf(c.apiEndpoint)).toBe("https://127.0.0.1:21000");
        expect([c.substrate, c.distribution, c.tier, c.apiHost, c.apiPort, c.clusterDomain]).toEqual([
            "sim",
            "k3s",
            "edge",
            "127.0.0.1",
            21000,
            "cluster.local",
        ]);
        expect(c.nodes.map((n) => [n.name, n.kubeEdge, n.runtimes])).toEqual([
            ["s-1", false, []],
            ["a-1", false, ["wasmedge"]],
        ]);
        expect(c.ready).toHaveLength(2);
    });
});

describe("the lab spec on the sim substrate", () => {
    it(
        "builds each cluster's args from the spec: KubeEdge nodes join the " +
            "cloud cluster, nodeLabels apply to its own nodes",
        () => {
            const spec = labSpec();
            spec.clusters[0]!.nodeLabels = { zone: "dc-1" };
            const cloud = simClusterArgs(spec, spec.clusters[0]!, "lab", "/state");
            expect(cloud.nodes.map((n) => [n.name, n.kubeEdge ?? false])).toEqual([
                ["cloud-cp-1", false],
                ["cloud-worker-1", false],
                ["cloud-worker-2", false],
                ["ke-gateway-1", true],
                ["ke-gateway-2", true],
            ]);
            expect(cloud.nodes[0]!.labels).toEqual({ zone: "dc-1" });
            expect(cloud.nodes[3]!.labels).toEqual({ site: "field-1" });
            expect(cloud.stateDir).toBe("/state");
            expect(cloud.kubernetesVersion).toBe("");
            const edgeA = simClusterArgs(spec, spec.clusters[1]!, "lab");
            expect(edgeA.nodes.every((n) => !n.kubeEdge)).toBe(true);
            expect(edgeA.apiPort).toBe(simApiPort("lab", 1));
            expect(edgeA.stateDir).toBeUndefined();
        },
    );

    it("takes the Kubernetes version from the spec's override", () => {
        const raw = readStackSpec(path.join(__dirname, "../../stacks/Pulumi.lab.yaml")) as Record<string, unknown>;
        const spec = parseSpecOrThrow({ ...raw, versions: { kubernetes: "1.37.2" } });
        expect(simClusterArgs(spec, spec.clusters[0]!, "lab").kubernetesVersion).toBe("1.37.2");
    });

    it("wires every cluster through the factory with its own port", async () => {
        mocks.recorded.length = 0;
        const continuum = new Continuum("continuum", { spec: labSpec() });
        await mocks.settle();
        expect(Object.keys(continuum.clusters)).toEqual(["cloud", "edge-a", "edge-b"]);
        const ports = await Promise.all(Object.values(continuum.clusters).map((c) => valueOf(c.apiEndpoint)));
        expect(ports).toEqual([0, 1, 2].map((i) => `https://127.0.0.1:${simApiPort("test", i)}`));
        expect(mocks.ofType("continuum:index:SimCluster").map((r) => r.name)).toEqual(["cloud", "edge-a", "edge-b"]);
        // The certificates output: per cluster and the mesh CA, plain (kwok's kubeconfig and the mocked CA carry none).
        const certs = await valueOf(continuum.certificates);
        expect(certs).toEqual({
            clusters: Object.fromEntries(
                ["cloud", "edge-a", "edge-b"].map((n) => [n, { expires: "unknown", warnDays: 30 }]),
            ),
            meshCa: { expires: "unknown", warnDays: 30 },
        });
        expect(await isSecretOutput(continuum.certificates)).toBe(false);
        const pools = mocks.ofType("command:local:Command").filter((c) => /-nodes-\d+$/.test(c.name));
        expect(pools.map((p) => p.name)).toEqual(["cloud-nodes-1", "edge-a-nodes-1", "edge-b-nodes-1"]);
        const names = pools.flatMap((p) =>
            stdinOf(String(p.inputs.stdin).split("\n---\n")[0])
                .NODES!.split(" ")
                .map((e) => e.split("=")[0]),
        );
        expect(names).toHaveLength(3 + 2 + 2 + 2);
        expect(names).toContain("ke-gateway-1");
        expect(continuum.clusters.cloud!.nodes.filter((n) => n.kubeEdge).map((n) => n.name)).toEqual([
            "ke-gateway-1",
            "ke-gateway-2",
        ]);
    });
});

describe("deleteWithControlPlane", () => {
    const cp = new DependencyResource("urn:pulumi:test::continuum::command:local:Command::a-control-plane");
    const transform = deleteWithControlPlane(new Map([["a-sim", cp]]));
    const provider = (name: string, type = "pulumi:providers:kubernetes") =>
        new pulumi.DependencyProviderResource(
            `urn:pulumi:test::continuum::continuum:index:SimCluster$${type}::${name}::id-1`,
        );
    const args = (opts: pulumi.ResourceOptions, custom = true) => ({
        custom,
        type: "kubernetes:core/v1:Namespace",
        name: "ns",
        props: { a: 1 },
        opts,
    });

    it("makes objects through a sim cluster's provider go with its control plane", async () => {
        const out = await transform(args({ provider: provider("a-sim") }));
        expect(out?.opts.deletedWith).toBe(cp);
        expect(out?.props).toEqual({ a: 1 });
    });
    it("leaves other providers' objects, components and an explicit deletedWith alone", async () => {
        expect(await transform(args({ provider: provider("b-sim") }))).toBeUndefined();
        expect(await transform(args({ provider: provider("a-sim", "pulumi:providers:tls") }))).toBeUndefined();
        expect(await transform(args({}))).toBeUndefined();
        expect(await transform(args({ provider: provider("a-sim") }, false))).toBeUndefined();
        expect(await transform(args({ provider: provider("a-sim"), deletedWith: cp }))).toBeUndefined();
    });
    it("reads the provider name from a URN", () => {
        expect(kubernetesProviderName("urn:pulumi:lab::continuum::pulumi:providers:kubernetes::cloud-sim")).toBe(
            "cloud-sim",
        );
        expect(kubernetesProviderName("urn:pulumi:lab::continuum::pulumi:providers:command::default")).toBeUndefined();
    });
});

describe("node pools", () => {
    it("cuts the nodes into pools of 200 in spec order: appending nodes changes only the last pool", () => {
        const nodes = Array.from({ length: 450 }, (_, i) => i);
        expect(chunkNodes(nodes).map((p) => [p[0], p.length])).toEqual([
            [0, 200],
            [200, 200],
            [400, 50],
        ]);
        expect(chunkNodes([...nodes, 450]).slice(0, 2)).toEqual(chunkNodes(nodes).slice(0, 2));
        expect(nodePoolName("cloud", 0)).toBe("cloud-nodes-1");
    });

    it("refuses what the script cannot take, naming it", () => {
        const node = simNodeObject({
            name: "Bad_Node",
            arch: "amd64",
            labels: {},
            taints: [],
            capacity: { cpu: "1", memory: "1Gi", pods: 1 },
            controlPlaneId: "c",
            pool: "c-nodes-1",
        });
        expect(() => nodePoolStdin({ cluster: "c", stateDir: "/s", pool: "nodes-1", nodes: [node] })).toThrow(
            "sim cluster 'c': node 'Bad_Node' is not a lowercase DNS name — rename the node",
        );
        expect(() => nodePoolStdin({ cluster: "c", stateDir: "rel", pool: "nodes-1", nodes: [] })).toThrow(
            "state directory 'rel' is not an absolute path",
        );
        expect(() => nodePoolStdin({ cluster: "c", stateDir: "/s", pool: "C", nodes: [] })).toThrow(
            "node pool 'C' is not a lowercase DNS label",
        );
    });
});
