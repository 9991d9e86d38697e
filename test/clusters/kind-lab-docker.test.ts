import { installMocks, isSecretOutput, valueOf } from "../helpers/pulumi-mocks";
import { decodeParams, kubeconfigFor } from "./kind-fixtures";

let port = 40000;
const mocks = installMocks((r) => {
    if (r.type !== "command:local:Command") return {};
    const params = decodeParams(String(r.inputs.stdin ?? "# continuum-params v1\n"));
    if (!params.CLUSTER_NAME) return { stdout: "", stderr: "" };
    const prefix = String(r.inputs.create).includes("k3d") ? "k3d" : "kind";
    return { stdout: kubeconfigFor(`${prefix}-${params.CLUSTER_NAME}`, `https://127.0.0.1:${port++}`), stderr: "" };
});

import { createCluster } from "../../components/from-spec/clusters";
import { Continuum } from "../../components/continuum";
import { clusterNamed, labDocker } from "./kind-fixtures";

describe("stacks/Pulumi.lab-docker.yaml through the factory", () => {
    const spec = labDocker();

    test("the cloud cluster is kind, the edges are k3d, each with its own provider identity", async () => {
        mocks.recorded.length = 0;
        const handles = spec.clusters.map((c) => createCluster(spec, c, {}));
        await mocks.settle();
        expect(handles.map((h) => [h.name, h.substrate, h.distribution, h.tier])).toEqual([
            ["cloud", "kind", "kubeadm", "cloud"],
            ["edge-a", "k3d", "k3s", "edge"],
            ["edge-b", "k3d", "k3s", "edge"],
        ]);
        expect(
            mocks
                .ofType("pulumi:providers:kubernetes")
                .map((p) => p.inputs.clusterIdentifier)
                .sort(),
        ).toEqual(["cloud-kind", "edge-a-k3d", "edge-b-k3d"]);
        for (const h of handles) expect(await isSecretOutput(h.kubeconfig)).toBe(true);
        expect(new Set(await Promise.all(handles.map((h) => valueOf(h.apiEndpoint)))).size).toBe(3);
    });

    test("every local cluster joins the one Docker network (meshed clusters reach each other's nodes)", () => {
        const commands = mocks.ofType("command:local:Command").map((c) => decodeParams(String(c.inputs.stdin)));
        expect(commands.map((p) => p.DOCKER_NETWORK)).toEqual(["continuum", "continuum", "continuum"]);
        expect(commands.map((p) => p.STATE_DIR).sort()).toEqual([
            ".continuum/cloud",
            ".continuum/edge-a",
            ".continuum/edge-b",
        ]);
    });

    test("the whole Continuum builds on these handles under mocks", async () => {
        mocks.recorded.length = 0;
        const continuum = new Continuum("continuum", { spec });
        await mocks.settle();
        expect(Object.keys(continuum.clusters)).toEqual(["cloud", "edge-a", "edge-b"]);
        expect(continuum.clusterOutputs.cloud.nodes).toEqual(["cloud-control-plane", "cloud-worker", "cloud-worker2"]);
        expect(continuum.clusterOutputs["edge-b"].nodes).toEqual(["k3d-edge-b-server-0", "k3d-edge-b-agent-0"]);
        expect(mocks.ofType("continuum:index:KindCluster")).toHaveLength(1);
        expect(mocks.ofType("continuum:index:K3dCluster")).toHaveLength(2);
        // the node names the stack writes are the names kind and k3d give their nodes
        for (const c of spec.clusters)
            expect(continuum.clusterOutputs[c.name].nodes).toEqual(clusterNamed(spec, c.name).nodes.map((n) => n.name));
    });
});
