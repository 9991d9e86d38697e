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
import { kubeEdgeFromSpec } from "../../components/from-spec/edge";
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
