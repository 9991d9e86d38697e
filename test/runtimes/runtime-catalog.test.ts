import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { installMocks } from "../helpers/pulumi-mocks";
import type { Cluster, ClusterNodeInfo } from "../../components/clusters/cluster";
import { RuntimeCatalog } from "../../components/runtimes/runtime-catalog";
import { node } from "./fixtures";

const mocks = installMocks();

function handle(
    name: string,
    substrate: Cluster["substrate"],
    distribution: Cluster["distribution"],
    nodes: ClusterNodeInfo[],
): Cluster {
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
        nodes,
        ready: [],
    };
}

const byName = (type: string, suffix: string) => mocks.ofType(type).filter((r) => r.name.startsWith(suffix));

describe("RuntimeCatalog under mocks", () => {
    test(
        "sim: real RuntimeClasses through the cluster's provider, no installs, " +
            "no label patches, none for unused runtimes",
        async () => {
            const c = handle("simc", "sim", "kubeadm", [node("w1", ["crun", "kata"]), node("w2", [])]);
            const cat = new RuntimeCatalog("simc-runtimes", { cluster: c });
            await mocks.settle();
            const rcs = byName("kubernetes:node.k8s.io/v1:RuntimeClass", "simc-runtimes");
            expect(rcs.map((r) => [r.inputs.handler, r.inputs.scheduling, r.inputs.overhead])).toEqual([
                ["crun", { nodeSelector: { "runtime.continuum.dev/crun": "true" } }, undefined],
                [
                    "kata-qemu",
                    { nodeSelector: { "runtime.continuum.dev/kata": "true" } },
                    { podFixed: { memory: "160Mi", cpu: "250m" } },
                ],
            ]);
            expect(rcs.every((r) => r.provider?.includes("simc-provider"))).toBe(true);
            expect(byName("kubernetes:core/v1:NodePatch", "simc-runtimes")).toEqual([]);
            expect(mocks.recorded.filter((r) => r.name.startsWith("simc-") && r.type.startsWith("command:"))).toEqual(
                [],
            );
            expect(cat.runtimeClasses.map((rc) => rc.name)).toEqual(["crun", "kata-qemu"]);
        },
    );

    test(
        "ssh: the nodes' converges installed and labelled the runtimes; " +
            "only RuntimeClasses here (crun patched on K3s)",
        async () => {
            const c = handle("edge", "ssh", "k3s", [
                node("s1", [], { roles: ["server"] }),
                { ...node("a1", ["crun"]), runtimesInstalled: true },
            ]);
            new RuntimeCatalog("edge-runtimes", { cluster: c });
            await mocks.settle();
            expect(mocks.recorded.filter((r) => r.name.startsWith("edge-") && r.type.startsWith("command:"))).toEqual(
                [],
            );
            expect(byName("kubernetes:core/v1:NodePatch", "edge-runtimes")).toEqual([]);
            expect(byName("kubernetes:node.k8s.io/v1:RuntimeClass", "edge-runtimes")).toEqual([]);
            const patch = byName("kubernetes:node.k8s.io/v1:RuntimeClassPatch", "edge-runtimes");
            expect(patch.map((p) => [p.inputs.metadata, p.inputs.handler, p.inputs.scheduling])).toEqual([
                [{ name: "crun" }, "crun", { nodeSelector: { "runtime.continuum.dev/crun": "true" } }],
            ]);
        },
    );

    test("kind: Kata through a pinned kata-deploy release on the labelled nodes", async () => {
        const c = handle("kindc", "kind", "kubeadm", [node("k1", ["kata"])]);
        new RuntimeCatalog("kindc-runtimes", { cluster: c });
        await mocks.settle();
        const rel = mocks
            .ofType("kubernetes:helm.sh/v3:Release")
            .filter((r) => r.name === "kindc-runtimes-kata-deploy");
        expect(rel).toHaveLength(1);
        expect(rel[0].inputs).toMatchObject({
            chart: "oci://ghcr.io/kata-containers/kata-deploy-charts/kata-deploy",
            version: "3.20.0",
            namespace: "kube-system",
            values: { k8sDistribution: "k8s", nodeSelector: { "runtime.continuum.dev/kata": "true" } },
        });
        expect(byName("kubernetes:core/v1:NodePatch", "kindc-runtimes")).toHaveLength(1);
    });

    test("airgap chart path replaces the kata-deploy repository", async () => {
        const c = handle("k3dc", "k3d", "k3s", [node("k1", ["kata"])]);
        new RuntimeCatalog("k3dc-runtimes", { cluster: c, kataDeployChart: "/charts/kata-deploy-3.20.0.tgz" });
        await mocks.settle();
        const rel = mocks.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "k3dc-runtimes-kata-deploy");
        expect(rel?.inputs.chart).toBe("/charts/kata-deploy-3.20.0.tgz");
        expect(rel?.inputs.version).toBeUndefined();
        expect((rel?.inputs.values as Record<string, unknown>).k8sDistribution).toBe("k3s");
    });

    test("an SSH node whose cluster did not install its runtimes is refused, naming what builds it", () => {
        const c = handle("bad", "ssh", "kubeadm", [node("x", ["crun"])]);
        expect(() => new RuntimeCatalog("bad-runtimes", { cluster: c })).toThrow(
            "cluster 'bad', node 'x': its runtimes are installed over SSH " +
                "by the node's own converge, but the cluster handle does not say so (runtimesInstalled) " +
                "— build the cluster with KubeadmCluster or K3sCluster",
        );
    });
});
