import { ciliumClusterIdentity, ciliumPodCidrsDisjoint, podCidrsOf } from "../../policies/mesh";
import { ciliumValues } from "../../components/network/cilium-values";
import { k8sProvider, previewValue, runStackPolicy, unknownObject, type StackResourceSpec } from "./harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/** A Cilium release with the values the network component really renders for a cluster. */
function cilium(cluster: string, id: number, podCidr: string): StackResourceSpec {
    const values = ciliumValues({
        clusterName: cluster,
        clusterId: id,
        podCidr,
        distribution: "k3s",
        apiHost: "127.0.0.1",
        apiPort: 6443,
        kubeProxyReplacement: true,
        routingMode: "tunnel",
        hasKataNodes: false,
    });
    return {
        type: RELEASE,
        name: `mesh-${cluster}`,
        props: { chart: "cilium", version: "1.18.4", values },
        provider: k8sProvider(cluster),
    };
}

/** A Cilium release with hand-written values. */
function raw(name: string, values: Record<string, unknown>, chart = "cilium"): StackResourceSpec {
    return { type: RELEASE, name, props: { chart, version: "1.18.4", values }, provider: k8sProvider(name) };
}

describe("cilium-cluster-identity", () => {
    it("accepts the lab's three meshed clusters as the network component declares them", async () => {
        const stack = [
            cilium("cloud", 1, "10.10.0.0/16"),
            cilium("edge-a", 2, "10.20.0.0/16"),
            cilium("edge-b", 3, "10.30.0.0/16"),
        ];
        expect(await runStackPolicy(ciliumClusterIdentity, stack)).toEqual([]);
    });

    it("refuses two releases with the same cluster.id, naming both", async () => {
        const v = await runStackPolicy(ciliumClusterIdentity, [
            cilium("cloud", 1, "10.10.0.0/16"),
            cilium("edge-a", 1, "10.20.0.0/16"),
        ]);
        expect(v.map((x) => x.message)).toEqual([
            "Cilium release 'mesh-edge-a' has cluster.id 1, already used " +
                "by 'mesh-cloud': give every meshed cluster its own id.",
        ]);
        expect(v[0].urn).toContain("mesh-edge-a");
    });

    it("refuses two releases with the same cluster.name, also when both keep the chart default", async () => {
        const same = await runStackPolicy(ciliumClusterIdentity, [
            raw("a", { cluster: { name: "lab", id: 1 } }),
            raw("b", { cluster: { name: "lab", id: 2 } }),
        ]);
        expect(same.map((x) => x.message)).toEqual([
            expect.stringContaining("cluster.name 'lab', already used by 'a'"),
        ]);
        const defaults = await runStackPolicy(ciliumClusterIdentity, [raw("a", {}), raw("b", {})]);
        expect(defaults.map((x) => x.message)).toEqual([
            expect.stringContaining("cluster.name 'default', already used by 'a'"),
        ]);
    });

    it("accepts several unmeshed releases (id 0) with their own names", async () => {
        expect(
            await runStackPolicy(ciliumClusterIdentity, [
                raw("a", { cluster: { name: "a", id: 0 } }),
                raw("b", { cluster: { name: "b" } }),
            ]),
        ).toEqual([]);
    });

    it.each([
        [{ cluster: { name: "a", id: 256 } }, "cluster.id 256: use an integer in 1–255"],
        [{ cluster: { name: "a", id: 300 }, maxConnectedClusters: 511 }, undefined],
        [{ cluster: { name: "Edge_A", id: 1 } }, "cluster.name 'Edge_A': use at most 32 lowercase"],
        [{ cluster: { name: "x".repeat(33), id: 1 } }, "use at most 32"],
        [{ cluster: { id: 4 } }, "keeps the chart's cluster.name 'default'"],
    ])("checks one release's identity: %j", async (values, expected) => {
        const v = await runStackPolicy(ciliumClusterIdentity, [raw("r", values)]);
        expect(v.map((x) => x.message)).toEqual(expected ? [expect.stringContaining(expected)] : []);
    });

    it("catches it at the first preview, when the clusters' outputs are not known yet", async () => {
        const stack = [cilium("cloud", 1, "10.10.0.0/16"), cilium("edge-a", 1, "10.20.0.0/16")];
        expect(await runStackPolicy(ciliumClusterIdentity, stack, {}, { outputsUnknown: true })).toEqual(
            await runStackPolicy(ciliumClusterIdentity, stack),
        );
        expect(await runStackPolicy(ciliumClusterIdentity, stack, {}, { outputsUnknown: true })).toHaveLength(1);
    });

    it("only looks at the configured Cilium charts", async () => {
        const stack = [
            raw("a", { cluster: { name: "x", id: 1 } }, "my-cilium"),
            raw("b", { cluster: { name: "x", id: 1 } }, "my-cilium"),
        ];
        expect(await runStackPolicy(ciliumClusterIdentity, stack)).toEqual([]);
        expect(await runStackPolicy(ciliumClusterIdentity, stack, { ciliumCharts: ["my-cilium"] })).toHaveLength(2);
    });

    it("skips an identity not known at preview", async () => {
        const stack = [
            raw("a", { cluster: { name: "x", id: 1 } }),
            { ...raw("b", {}), props: previewValue({ chart: "cilium", values: { cluster: unknownObject } }) },
        ];
        expect(await runStackPolicy(ciliumClusterIdentity, stack)).toEqual([]);
    });
});

describe("cilium-pod-cidrs-disjoint", () => {
    it("accepts disjoint pod ranges", async () => {
        const stack = [
            cilium("cloud", 1, "10.10.0.0/16"),
            cilium("edge-a", 2, "10.20.0.0/16"),
            cilium("edge-b", 3, "fd00:20::/56"),
        ];
        expect(await runStackPolicy(ciliumPodCidrsDisjoint, stack)).toEqual([]);
    });

    it("refuses a range inside another meshed cluster's", async () => {
        const v = await runStackPolicy(ciliumPodCidrsDisjoint, [
            cilium("cloud", 1, "10.0.0.0/12"),
            cilium("edge-a", 2, "10.4.0.0/16"),
        ]);
        expect(v.map((x) => x.message)).toEqual([
            "Cilium release 'mesh-edge-a' (cluster.id 2) hands out pods " +
                "from 10.4.0.0/16, which overlaps 10.0.0.0/12 of 'mesh-cloud' (cluster.id " +
                "1): give each meshed cluster its own pod range.",
        ]);
    });

    it("catches two meshed clusters left on the chart's default 10.0.0.0/8 pool", async () => {
        const v = await runStackPolicy(ciliumPodCidrsDisjoint, [
            raw("a", { cluster: { name: "a", id: 1 } }),
            raw("b", { cluster: { name: "b", id: 2 } }),
        ]);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("from 10.0.0.0/8, which overlaps 10.0.0.0/8 of 'a'"),
        ]);
    });

    it("catches it at the first preview too", async () => {
        const stack = [raw("a", { cluster: { name: "a", id: 1 } }), raw("b", { cluster: { name: "b", id: 2 } })];
        expect(await runStackPolicy(ciliumPodCidrsDisjoint, stack, {}, { outputsUnknown: true })).toHaveLength(1);
    });

    it("ignores unmeshed clusters and ipam.mode kubernetes", async () => {
        const stack = [
            raw("a", {
                cluster: { name: "a", id: 1 },
                ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.42.0.0/16"] } },
            }),
            raw("b", {
                cluster: { name: "b", id: 0 },
                ipam: { operator: { clusterPoolIPv4PodCIDRList: ["10.42.0.0/16"] } },
            }),
            raw("c", { cluster: { name: "c", id: 3 }, ipam: { mode: "kubernetes" } }),
        ];
        expect(await runStackPolicy(ciliumPodCidrsDisjoint, stack)).toEqual([]);
    });

    it("refuses a malformed range", async () => {
        const v = await runStackPolicy(ciliumPodCidrsDisjoint, [
            raw("a", {
                cluster: { name: "a", id: 1 },
                ipam: { operator: { clusterPoolIPv4PodCIDRList: "10.42.0.0/33" } },
            }),
        ]);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("'10.42.0.0/33', which is not an address range"),
        ]);
    });

    it("reads the pools of each IPAM mode", () => {
        expect(podCidrsOf({})).toEqual(["10.0.0.0/8"]);
        expect(podCidrsOf({ ipv6: { enabled: true }, ipv4: { enabled: false } })).toEqual(["fd00::/104"]);
        expect(podCidrsOf({ ipam: { operator: { clusterPoolIPv4PodCIDRList: "10.1.0.0/16, 10.2.0.0/16" } } })).toEqual([
            "10.1.0.0/16",
            "10.2.0.0/16",
        ]);
        expect(
            podCidrsOf({
                ipam: {
                    mode: "multi-pool",
                    operator: { autoCreateCiliumPodIPPools: { default: { ipv4: { cidrs: ["10.9.0.0/16"] } } } },
                },
            }),
        ).toEqual(["10.9.0.0/16"]);
        expect(podCidrsOf({ ipam: { mode: "kubernetes" } })).toBeUndefined();
    });
});
