import { checkMeshMembers, meshEndpoint, planMesh, type MeshMemberInput } from "../../components/network/mesh-plan";
import { parseSpec } from "../../components/spec/parse";
import { formatIssue } from "../../components/spec/issues";

const member = (over: Partial<MeshMemberInput> & { name: string; id: number }): MeshMemberInput => ({
    serviceType: "NodePort",
    nodePort: 32379 + over.id - 1,
    podCidr: `10.${over.id * 10}.0.0/16`,
    routingMode: "tunnel",
    nodeHosts: [],
    apiHost: `192.0.2.${over.id}`,
    ...over,
});

const lab = [
    member({ name: "cloud", id: 1, nodeHosts: ["192.0.2.11", "192.0.2.12"] }),
    member({ name: "edge-a", id: 2, nodeHosts: ["edge-a.example.net"] }),
    member({ name: "edge-b", id: 3 }),
];

describe("planMesh", () => {
    const plans = planMesh(lab, 255);

    it("every member lists every other member, and only them (both directions)", () => {
        for (const m of lab) {
            const names = plans[m.name].mesh.peers.map((p) => p.name).sort();
            expect(names).toEqual(
                lab
                    .filter((o) => o.name !== m.name)
                    .map((o) => o.name)
                    .sort(),
            );
        }
        for (const a of lab)
            for (const b of lab) {
                if (a.name === b.name) continue;
                expect(plans[a.name].peers).toContain(b.name);
                expect(plans[b.name].peers).toContain(a.name);
            }
    });

    it("peers reach a member on its own distinct NodePort", () => {
        const ports = lab.map((m) => plans[m.name].mesh.nodePort);
        expect(new Set(ports).size).toBe(lab.length);
        const seenFromCloud = plans.cloud.mesh.peers.find((p) => p.name === "edge-b");
        expect(seenFromCloud?.port).toBe(32381);
        const seenFromEdgeB = plans["edge-b"].mesh.peers.find((p) => p.name === "cloud");
        expect(seenFromEdgeB).toEqual({ name: "cloud", port: 32379, ips: ["192.0.2.11", "192.0.2.12"] });
    });

    it("uses a DNS address when the nodes are named, and puts it in that member's server certificate", () => {
        expect(plans.cloud.mesh.peers.find((p) => p.name === "edge-a")).toEqual({
            name: "edge-a",
            port: 32380,
            address: "edge-a.example.net",
        });
        expect(plans["edge-a"].mesh.serverDnsNames).toEqual(["edge-a.example.net"]);
        expect(plans.cloud.mesh.serverIps).toEqual(["192.0.2.11", "192.0.2.12"]);
    });

    it("falls back to the API host when no node host is known, and uses 2379 behind a LoadBalancer", () => {
        expect(meshEndpoint(lab[2])).toEqual({ port: 32381, ips: ["192.0.2.3"] });
        expect(
            meshEndpoint(member({ name: "lb", id: 4, serviceType: "LoadBalancer", nodeHosts: ["192.0.2.40"] })),
        ).toEqual({ port: 2379, ips: ["192.0.2.4"] });
    });

    it("gives every member the same maxConnectedClusters", () => {
        const p511 = planMesh(lab, 511);
        expect(new Set(lab.map((m) => p511[m.name].mesh.maxConnectedClusters))).toEqual(new Set([511]));
    });

    it("computes a native-routing range covering all members only in native mode", () => {
        expect(plans.cloud.nativeRoutingCidr).toBeUndefined();
        const native = planMesh(
            lab.map((m) => ({ ...m, routingMode: "native" })),
            255,
        );
        expect(native.cloud.nativeRoutingCidr).toBe("10.0.0.0/11");
    });
});

describe("checkMeshMembers (enforced before anything is created)", () => {
    it.each<[string, MeshMemberInput[], number, RegExp]>([
        [
            "duplicate ids",
            [member({ name: "a", id: 1 }), member({ name: "b", id: 1, nodePort: 32000, podCidr: "10.99.0.0/16" })],
            255,
            /'b': mesh id 1 is already used by 'a'/,
        ],
        [
            "duplicate names",
            [member({ name: "a", id: 1 }), member({ name: "a", id: 2 })],
            255,
            /'a' is in the mesh twice/,
        ],
        [
            "id out of range",
            [member({ name: "a", id: 300, nodePort: 32000, podCidr: "10.1.0.0/16" })],
            255,
            /mesh id 300 is outside 1–255/,
        ],
        [
            "shared NodePort",
            [member({ name: "a", id: 1 }), member({ name: "b", id: 2, nodePort: 32379 })],
            255,
            /NodePort 32379 is already used by 'a'.*#24692/,
        ],
        [
            "mixed routing modes",
            [member({ name: "a", id: 1 }), member({ name: "b", id: 2, routingMode: "native" })],
            255,
            /routing mode 'native' differs from 'a'/,
        ],
        [
            "overlapping pod CIDRs",
            [member({ name: "a", id: 1, podCidr: "10.0.0.0/8" }), member({ name: "b", id: 2 })],
            255,
            /'b': pod CIDR 10.20.0.0\/16 overlaps 'a'/,
        ],
        ["bad maxConnectedClusters", [member({ name: "a", id: 1 })], 300, /maxConnectedClusters 300 is not supported/],
    ])("%s", (_what, members, max, message) => {
        const problems = checkMeshMembers(members, max);
        expect(problems.join("\n")).toMatch(message);
        expect(() => planMesh(members, max)).toThrow(/the ClusterMesh cannot be built/);
    });

    it("LoadBalancer members may share the default NodePort value (it is unused)", () => {
        expect(
            checkMeshMembers(
                [
                    member({ name: "a", id: 1, serviceType: "LoadBalancer", nodePort: 32379 }),
                    member({ name: "b", id: 2, serviceType: "LoadBalancer", nodePort: 32379 }),
                ],
                255,
            ),
        ).toEqual([]);
    });

    it("the lab members pass", () => {
        expect(checkMeshMembers(lab, 255)).toEqual([]);
    });
});

describe("spec mesh rules (table)", () => {
    const cluster = (name: string, id: number, podCidr: string, extra: Record<string, unknown> = {}) => ({
        name,
        tier: "edge",
        distribution: "k3s",
        substrate: "sim",
        network: { podCidr, serviceCidr: `10.${100 + id}.0.0/16` },
        cilium: {},
        mesh: { id },
        nodes: [{ name: `${name}-s`, roles: ["server"] }],
        ...extra,
    });
    it.each<[string, unknown[], RegExp]>([
        [
            "unique ids",
            [cluster("a", 1, "10.1.0.0/16"), cluster("b", 1, "10.2.0.0/16", { mesh: { id: 1, nodePort: 32000 } })],
            /clusters\[1\]\.mesh\.id: mesh id 1 is already used/,
        ],
        [
            "distinct NodePorts",
            [cluster("a", 1, "10.1.0.0/16"), cluster("b", 2, "10.2.0.0/16", { mesh: { id: 2, nodePort: 32379 } })],
            /clusters\[1\]\.mesh\.nodePort: NodePort 32379 is already used/,
        ],
        [
            "same routing mode",
            [cluster("a", 1, "10.1.0.0/16"), cluster("b", 2, "10.2.0.0/16", { cilium: { routingMode: "native" } })],
            /routingMode: 'native' differs/,
        ],
        [
            "non-overlapping pod CIDRs",
            [cluster("a", 1, "10.0.0.0/8"), cluster("b", 2, "10.2.0.0/16")],
            /podCidr: 10.2.0.0\/16 overlaps/,
        ],
        [
            "members run Cilium",
            [cluster("a", 1, "10.1.0.0/16", { cilium: undefined })],
            /in the mesh but does not run Cilium/,
        ],
        [
            "names unique",
            [cluster("a", 1, "10.1.0.0/16"), cluster("a", 2, "10.2.0.0/16")],
            /'a' is already the name of clusters\[0\]/,
        ],
    ])("%s", (_what, clusters, message) => {
        const result = parseSpec({ clusters });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.issues.map(formatIssue).join("\n")).toMatch(message);
    });
});
