// Sim tier: scripts/sim-nodes.sh against a real kube-apiserver (sim-cluster.sh up). A pool
// registers its nodes with status, re-registers a node whose capacity changed, removes the nodes
// it no longer lists, leaves a node that moved to another pool alone, and its delete removes the
// nodes that are still its own.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { controlPlaneStdin, simApiPort, simPorts } from "../../components/clusters/sim/control-plane";
import { simNodeObject } from "../../components/clusters/sim/node-manifest";
import { nodePoolStdin, SIM_NODES_SCRIPT } from "../../components/clusters/sim/node-pool";
import { SIM_CLUSTER_SCRIPT } from "../../components/clusters/sim/sim-cluster";
import { LAB_BINARIES } from "../../scripts/lab-stack";
import { requireToolchain, toolchainEnv } from "../../scripts/toolchain-env";

const ROOT = path.resolve(__dirname, "../..");
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-sim-pool-"));
const env = toolchainEnv(ROOT, { backendDir: path.join(stateDir, "backend") });
const cluster = "pool-test";
const clusterStdin = controlPlaneStdin({
    cluster,
    stateDir,
    ports: simPorts(simApiPort("sim-node-pool-test", 0)),
    serviceCidr: "10.96.0.0/16",
    podCidr: "10.244.0.0/16",
    kubernetesVersion: "",
    readySeconds: 300,
});

function sh(script: string, action: string, stdin: string): { status: number | null; stderr: string } {
    const r = spawnSync("bash", [script, action], { input: stdin, env, encoding: "utf8" });
    return { status: r.status, stderr: r.stderr };
}

/** Run the pool script with nodes given as [name, cpu]. */
function pool(name: string, nodes: [string, string][], action = "apply"): string {
    const objects = nodes.map(([n, cpu]) =>
        simNodeObject({
            name: n,
            arch: "amd64",
            labels: { site: n },
            taints: [],
            capacity: { cpu, memory: "1Gi", pods: 10 },
            controlPlaneId: "cp",
            pool: name,
        }),
    );
    const r = sh(SIM_NODES_SCRIPT, action, nodePoolStdin({ cluster, stateDir, pool: name, nodes: objects }));
    if (r.status !== 0) throw new Error(`sim-nodes.sh ${action} (${name}) exited ${r.status}: ${r.stderr}`);
    return r.stderr.trim();
}

/** Live nodes: name → [cpu, pool label, uid]. */
function live(): Record<string, [string, string, string]> {
    const r = spawnSync(
        "kubectl",
        ["--kubeconfig", path.join(stateDir, "clusters", cluster, "kubeconfig.yaml"), "get", "nodes", "-o", "json"],
        { env, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`kubectl get nodes: ${r.stderr}`);
    const items = (
        JSON.parse(r.stdout) as {
            items: {
                metadata: { name: string; uid: string; labels: Record<string, string> };
                status: { capacity: { cpu: string } };
            }[];
        }
    ).items;
    return Object.fromEntries(
        items.map((n) => [
            n.metadata.name,
            [n.status.capacity.cpu, n.metadata.labels["continuum.dev/sim-pool"] ?? "", n.metadata.uid],
        ]),
    );
}

beforeAll(() => {
    requireToolchain(ROOT, LAB_BINARIES);
    const r = sh(SIM_CLUSTER_SCRIPT, "up", clusterStdin);
    if (r.status !== 0) throw new Error(`sim-cluster.sh up: ${r.stderr}`);
});

afterAll(() => {
    sh(SIM_CLUSTER_SCRIPT, "down", clusterStdin);
    fs.rmSync(stateDir, { recursive: true, force: true });
});

describe("a node pool on a real API server", () => {
    let before: Record<string, [string, string, string]>;

    it("registers every node with its capacity and its pool's label", () => {
        expect(
            pool("nodes-1", [
                ["a", "1"],
                ["b", "1"],
                ["c", "1"],
            ]),
        ).toContain("3 nodes applied, 0 registered again, 0 removed");
        pool("nodes-2", [["d", "1"]]);
        before = live();
        expect(Object.fromEntries(Object.entries(before).map(([n, [cpu, p]]) => [n, [cpu, p]]))).toEqual({
            a: ["1", "nodes-1"],
            b: ["1", "nodes-1"],
            c: ["1", "nodes-1"],
            d: ["1", "nodes-2"],
        });
    });

    it("re-registers a node whose capacity changed, removes one it no longer lists, adopts one that moved in", () => {
        expect(
            pool("nodes-1", [
                ["a", "1"],
                ["b", "2"],
                ["d", "1"],
            ]),
        ).toContain("3 nodes applied, 1 registered again, 1 removed");
        // The pool d left lists nothing now: d is nodes-1's, and nodes-2 leaves it alone.
        expect(pool("nodes-2", [])).toContain("0 removed");
        const after = live();
        expect(Object.keys(after).sort()).toEqual(["a", "b", "d"]);
        expect(after.b![0]).toBe("2");
        expect(after.b![2]).not.toBe(before.b![2]);
        expect(after.a![2]).toBe(before.a![2]);
        expect(after.d).toEqual(["1", "nodes-1", before.d![2]]);
    });

    it("changes nothing when applied again", () => {
        const was = live();
        expect(
            pool("nodes-1", [
                ["a", "1"],
                ["b", "2"],
                ["d", "1"],
            ]),
        ).toContain("3 nodes applied, 0 registered again, 0 removed");
        expect(live()).toEqual(was);
    });

    it("removes the pool's own nodes on delete", () => {
        expect(pool("nodes-1", [], "delete")).toContain("3 nodes removed");
        expect(live()).toEqual({});
    });
});
