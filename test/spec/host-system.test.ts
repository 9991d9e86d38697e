import { parseSpec } from "../../components/spec/parse";
import { formatIssue } from "../../components/spec/issues";
import { clusterCni } from "../../components/spec/host-system";
import { baseSpec } from "./fixtures";

const issuesOf = (raw: unknown): string[] => {
    const r = parseSpec(raw);
    return r.ok ? [] : r.issues.map(formatIssue);
};

/** The base spec's cloud cluster without Cilium and the mesh (the edge cluster keeps both). */
function ownCniSpec() {
    const s = baseSpec();
    delete s.clusters[0].cilium;
    delete s.clusters[0].mesh;
    return s;
}

/** The own-CNI spec with its kubeadm cluster over SSH (hostSystem applies there), without KubeEdge. */
function sshKubeadmSpec() {
    const s = ownCniSpec();
    s.clusters[0].substrate = "ssh";
    s.ssh = { privateKey: "k" };
    s.clusters[0].nodes.forEach((n: Record<string, unknown>, i: number) => {
        n.host = `192.0.2.${10 + i}`;
        n.hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq0test";
        n.runtimes = [];
        n.capabilities = [];
    });
    delete s.kubeedge;
    return s;
}

describe("network.cni", () => {
    test("cilium when cilium: is set, none without it, whatever the spec says when it says it", () => {
        const r = parseSpec(ownCniSpec());
        if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
        expect(clusterCni(r.spec.clusters[0])).toBe("none");
        expect(clusterCni(r.spec.clusters[1])).toBe("cilium");
        const s = ownCniSpec();
        s.clusters[0].network.cni = "none";
        const r2 = parseSpec(s);
        expect(r2.ok && clusterCni(r2.spec.clusters[0])).toBe("none");
    });

    test("cni: none with cilium: is refused, naming the path", () => {
        const s = baseSpec();
        s.clusters[1].network.cni = "none";
        expect(issuesOf(s)).toContainEqual(
            expect.stringMatching(
                new RegExp(
                    /^clusters\[1\]\.network\.cni: cluster 'edge-a' /.source +
                        /says cni: none but also configures cilium: — remove cilium:/.source,
                ),
            ),
        );
    });

    test("cni: cilium without a cilium: block is refused", () => {
        const s = ownCniSpec();
        s.clusters[0].network.cni = "cilium";
        expect(issuesOf(s)).toEqual([
            expect.stringMatching(
                new RegExp(
                    /^clusters\[0\]\.network\.cni: cluster 'cloud' /.source +
                        /says cni: cilium but has no cilium: block — add `cilium: \{\}`/.source,
                ),
            ),
        ]);
    });

    test("an unknown CNI is refused by the schema", () => {
        const s = ownCniSpec();
        s.clusters[0].network.cni = "flannel";
        expect(issuesOf(s).join("\n")).toMatch(/clusters\[0\]\.network\.cni/);
    });
});

describe("hostSystem", () => {
    test("defaults both options off; accepted on a kubeadm cluster over SSH", () => {
        const s = sshKubeadmSpec();
        s.clusters[0].hostSystem = { allowCgroupV1: true };
        const r = parseSpec(s);
        if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
        expect(r.spec.clusters[0].hostSystem).toEqual({ allowCgroupV1: true, systemContainer: false });
    });

    test("refused where nothing applies it (K3s, or a simulated cluster)", () => {
        const s = baseSpec();
        s.clusters[1].hostSystem = { systemContainer: true };
        s.clusters[0].hostSystem = { allowCgroupV1: true };
        expect(issuesOf(s)).toEqual([
            expect.stringMatching(
                /^clusters\[0\]\.hostSystem: cluster 'cloud' \(kubeadm on sim\) cannot use hostSystem/,
            ),
            expect.stringMatching(/^clusters\[1\]\.hostSystem: cluster 'edge-a' \(k3s on sim\) cannot use hostSystem/),
        ]);
    });

    test("evictionHard: known signals with a percentage or a quantity; anything else is refused by path", () => {
        const s = sshKubeadmSpec();
        const evictionHard = { "nodefs.available": "2Gi", "imagefs.available": "5%", "memory.available": "100Mi" };
        s.clusters[0].hostSystem = { evictionHard };
        const r = parseSpec(s);
        if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
        expect(r.spec.clusters[0].hostSystem?.evictionHard).toEqual(evictionHard);
        s.clusters[0].hostSystem = { evictionHard: { "disk.available": "1Gi", "nodefs.available": "lots" } };
        const refused = issuesOf(s).join("\n");
        expect(refused).toMatch(/clusters\[0\]\.hostSystem\.evictionHard/);
        expect(refused).toMatch(/a percentage like 10% or a quantity with its unit like 500Mi/);
        const k3s = baseSpec();
        k3s.clusters[1].hostSystem = { evictionHard: { "nodefs.available": "1Gi" } };
        expect(issuesOf(k3s)).toEqual([
            expect.stringMatching(/^clusters\[1\]\.hostSystem: cluster 'edge-a' \(k3s on sim\) cannot use hostSystem/),
        ]);
    });

    test("unknown keys are refused", () => {
        const s = ownCniSpec();
        s.clusters[0].hostSystem = { cgroupV1: true };
        expect(issuesOf(s).join("\n")).toMatch(/clusters\[0\]\.hostSystem/);
    });
});
