import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumi-mocks";

const mocks = installMocks((r) =>
    r.type === "tls:index/selfSignedCert:SelfSignedCert"
        ? { certPem: "CERT" }
        : r.type === "tls:index/privateKey:PrivateKey"
          ? { privateKeyPem: "KEY" }
          : {},
);

import { networkFromSpec } from "../../components/from-spec/network";
import { kubeEdgeArgsFromSpec, kubeEdgeFromSpec } from "../../components/from-spec/edge";
import { edgeNodeArgs } from "../../components/edge/kubeedge";
import { parseSpec } from "../../components/spec/parse";
import { readStackSpec } from "../../components/spec/stack-file";
import type { Cluster } from "../../components/clusters/cluster";
import { fakeCluster } from "../network/fake-cluster";

class Parent extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Parent", name, {});
    }
}

function lab() {
    const r = parseSpec(readStackSpec(path.join(__dirname, "..", "..", "stacks", "Pulumi.lab.yaml")), {
        fromFile: true,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.spec;
}

describe("the lab spec through the network and edge steps", () => {
    const spec = lab();
    const clusters: Record<string, Cluster> = Object.fromEntries(
        spec.clusters.map((c) => [
            c.name,
            fakeCluster({
                name: c.name,
                distribution: c.distribution,
                substrate: c.substrate,
                tier: c.tier,
                podCidr: c.network.podCidr,
                serviceCidr: c.network.serviceCidr,
                apiHost: `127.0.0.${spec.clusters.indexOf(c) + 1}`,
                nodes: c.nodes.map((n) => ({ name: n.name, roles: n.roles, runtimes: n.runtimes })),
            }),
        ]),
    );
    const parent = new Parent("lab");
    const network = networkFromSpec(spec, clusters, parent);
    const ke = kubeEdgeFromSpec(spec, clusters, parent, [network.cilium.cloud.release]);

    it("meshes every cluster that asks for it, with the spec's ids", () => {
        expect(network.meshTopology.map((t) => [t.cluster, t.id])).toEqual(
            spec.clusters.filter((c) => c.mesh).map((c) => [c.name, c.mesh!.id]),
        );
        expect(Object.keys(network.cilium).sort()).toEqual(
            spec.clusters
                .filter((c) => c.cilium)
                .map((c) => c.name)
                .sort(),
        );
        for (const t of network.meshTopology) expect(t.peers.length).toBe(network.meshTopology.length - 1);
    });

    it("puts Kata's socket-LB setting only on the cluster with Kata nodes", () => {
        const kata = spec.clusters.filter((c) => c.nodes.some((n) => n.runtimes.includes("kata"))).map((c) => c.name);
        for (const [name, c] of Object.entries(network.cilium)) {
            expect("socketLB" in c.values).toBe(kata.includes(name));
        }
    });

    it("renders KubeEdge on the simulated cloud cluster without joining anything over SSH", async () => {
        expect(ke).toBeDefined();
        expect(ke!.nodes).toEqual({});
        expect(ke!.deviceObjects).toEqual(["DeviceModel/thermometer", "Device/thermometer-field-1"]);
        await mocks.settle();
        expect(mocks.ofType("command:remote:Command")).toEqual([]);
        const cc = mocks.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "kubeedge-cloudcore");
        expect(JSON.stringify(cc?.inputs.values)).toContain('"dynamicController":{"enable":true}');
    });
});

describe("an edge node's args as KubeEdge plans them (kubeEdgeArgsFromSpec → edgeNodeArgs)", () => {
    const spec = lab();
    const cloud = spec.clusters.find((c) => c.name === spec.kubeedge!.cloudCluster)!;
    const args = kubeEdgeArgsFromSpec(spec, cloud);
    const join = {
        endpoint: { cloudCoreIpPort: "192.0.2.1:10000", certPort: "10002", tunnelServer: "192.0.2.1:10004" },
    };

    it("labels each node with its own labels, the edge tier and the cloud cluster; joins over SSH only off sim", () => {
        expect(args.joinOverSsh).toBe(false);
        expect(args.nodes?.map((n) => [n.name, n.labels, n.connection])).toEqual(
            spec.kubeedge!.nodes.map((n) => [
                n.name,
                { ...n.labels, "continuum.dev/tier": "edge", "continuum.dev/cluster": cloud.name },
                undefined,
            ]),
        );
    });

    it("plans a node's runtimes on the cloud cluster's distribution, and none for a node without", () => {
        const [first] = args.nodes ?? [];
        const plain = edgeNodeArgs(args, cloud, { ...first, runtimes: [] }, { ...join, token: "t" });
        expect(plain.runtimes).toBeUndefined();
        expect(plain).toMatchObject({ nodeName: first.name, cloudDistribution: cloud.distribution, token: "t" });
        const crun = edgeNodeArgs(args, cloud, { ...first, runtimes: ["crun"] }, { ...join, token: "t" });
        expect(crun.runtimes).toMatchObject({
            node: first.name,
            kubeEdge: true,
            labels: { "runtime.continuum.dev/crun": "true" },
        });
        expect(crun.table).toBe(args.table);
    });
});
