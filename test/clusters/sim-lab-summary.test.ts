import {
    formatSummary,
    liveFromKubectl,
    nodesPerTier,
    type LabOutputs,
    type LiveCluster,
} from "../../scripts/lab-summary";
import { labPaths } from "../../scripts/lab-stack";

const node = (name: string, tier: string, ready = true) => ({
    metadata: { name, labels: { "continuum.dev/tier": tier } },
    status: {
        conditions: [
            { type: "MemoryPressure", status: "False" },
            { type: "Ready", status: ready ? "True" : "False" },
        ],
    },
});

const live: LiveCluster[] = [
    liveFromKubectl(
        "cloud",
        { items: [node("cp", "cloud"), node("w", "cloud", false), node("ke-1", "edge")] },
        {
            items: [
                {
                    metadata: { name: "kata" },
                    handler: "kata",
                    scheduling: { nodeSelector: { "runtime.continuum.dev/kata": "true" } },
                },
            ],
        },
        {
            items: [
                {
                    metadata: { namespace: "kube-system", name: "x" },
                    spec: { nodeName: "cp" },
                    status: { phase: "Running" },
                },
                {
                    metadata: { namespace: "samples", name: "kata-demo" },
                    spec: { nodeName: "w", runtimeClassName: "kata" },
                    status: { phase: "Running" },
                },
            ],
        },
    ),
    liveFromKubectl(
        "edge-a",
        { items: [node("s", "edge"), node("a", "edge")] },
        { items: [] },
        {
            items: [
                {
                    metadata: { namespace: "samples", name: "wasm" },
                    spec: { runtimeClassName: "wasmedge" },
                    status: { phase: "Pending" },
                },
            ],
        },
    ),
];

const outputs: LabOutputs = {
    clusters: {
        cloud: {
            tier: "cloud",
            substrate: "sim",
            distribution: "kubeadm",
            apiEndpoint: "https://127.0.0.1:20001",
            kubeconfig: "",
            nodes: [],
        },
        "edge-a": {
            tier: "edge",
            substrate: "sim",
            distribution: "k3s",
            apiEndpoint: "https://127.0.0.1:20002",
            kubeconfig: "",
            nodes: [],
        },
    },
    topology: {
        clusters: [
            { name: "cloud", tier: "cloud", substrate: "sim", meshPeers: ["edge-a"], edgeNodes: ["ke-1"] },
            { name: "edge-a", tier: "edge", substrate: "sim", meshPeers: ["cloud"], edgeNodes: [] },
        ],
    },
    skippedAddons: [
        { cluster: "cloud", addon: "Cilium", reason: "no chart archive in the cache (run scripts/fetch-charts.sh)" },
    ],
};

describe("lab summary", () => {
    it("reads nodes, readiness, RuntimeClasses and pods from kubectl's JSON", () => {
        expect(live[0]!.nodes.map((n) => [n.name, n.ready])).toEqual([
            ["cp", true],
            ["w", false],
            ["ke-1", true],
        ]);
        expect(live[0]!.runtimeClasses).toEqual([
            { name: "kata", handler: "kata", nodeSelector: { "runtime.continuum.dev/kata": "true" } },
        ]);
        expect(live[1]!.pods).toEqual([
            { namespace: "samples", name: "wasm", runtimeClassName: "wasmedge", phase: "Pending" },
        ]);
    });

    it("counts nodes per tier and cluster, KubeEdge nodes in the edge tier", () => {
        expect(nodesPerTier(live)).toEqual({
            cloud: [{ cluster: "cloud", total: 2, ready: 1 }],
            edge: [
                { cluster: "cloud", total: 1, ready: 1 },
                { cluster: "edge-a", total: 2, ready: 2 },
            ],
        });
    });

    it("prints endpoints, the kubeconfig, tiers, RuntimeClasses, placements, skipped add-ons and the topology", () => {
        const text = formatSummary(outputs, live, "/r/.lab/kubeconfig", 42.4);
        expect(text).toContain("The lab is up (42 s).");
        expect(text).toMatch(/cloud\s+cloud\s+kubeadm on sim\s+https:\/\/127\.0\.0\.1:20001\s+kubectl --context cloud/);
        expect(text).toContain("export KUBECONFIG=/r/.lab/kubeconfig");
        expect(text).toContain("edge: 3 nodes, 3 Ready (cloud 1, edge-a 2)");
        expect(text).toMatch(/cloud\s+kata\s+handler kata\s+nodeSelector runtime\.continuum\.dev\/kata=true/);
        expect(text).toMatch(/samples\/kata-demo\s+runtimeClass kata\s+→ w\s+Running/);
        expect(text).toMatch(/samples\/wasm\s+runtimeClass wasmedge\s+→ \(not scheduled\)\s+Pending/);
        expect(text).not.toContain("kube-system/x");
        expect(text).toContain("cloud: Cilium — no chart archive in the cache");
        expect(text).toContain("cloud <-- ClusterMesh --> edge_a");
    });

    it("says so when a cluster's API could not be read", () => {
        const text = formatSummary(
            outputs,
            [{ name: "cloud", nodes: [], runtimeClasses: [], pods: [], error: "connection refused" }],
            "/k",
        );
        expect(text).toContain("cloud: could not read the API — connection refused");
        expect(text).toContain("RuntimeClasses\n  (none)");
    });
});

describe("lab paths", () => {
    it("keeps the lab's kubeconfig at .lab/kubeconfig and other stacks' beside it", () => {
        expect(labPaths("/r")).toEqual({
            root: "/r",
            stack: "lab",
            configFile: "/r/stacks/Pulumi.lab.yaml",
            runConfig: "/r/.lab/config/Pulumi.lab.yaml",
            stateDir: "/r/.lab/lab",
            kubeconfig: "/r/.lab/kubeconfig",
            backend: "/r/.pulumi",
        });
        expect(labPaths("/r", "sim-test", "stacks/Pulumi.lab.yaml")).toMatchObject({
            configFile: "/r/stacks/Pulumi.lab.yaml",
            kubeconfig: "/r/.lab/sim-test.kubeconfig",
            stateDir: "/r/.lab/sim-test",
        });
    });
});
