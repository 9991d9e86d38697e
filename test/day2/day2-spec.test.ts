import { formatIssue, parseSpec } from "../../components/spec";
import { quorumRules } from "../../components/spec/rules/day2";
import { baseSpec, fullTable, sshSpec } from "../spec/fixtures";

const DIGEST = "a".repeat(64);
const IMAGE = `ghcr.io/kube-vip/kube-vip:v1.0.1@sha256:${DIGEST}`;

function errors(raw: unknown): string[] {
    const r = parseSpec(raw, { versions: fullTable() });
    return r.ok ? [] : r.issues.map(formatIssue);
}

/** The ssh base with a three-server K3s cluster (clusters[1]). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function haK3s(): Record<string, any> {
    const s = sshSpec();
    const edge = s.clusters[1];
    edge.nodes = [
        { name: "s-1", roles: ["server"], host: "192.0.2.31", hostKey: edge.nodes[0].hostKey },
        { name: "s-2", roles: ["server"], host: "192.0.2.32", hostKey: edge.nodes[0].hostKey },
        { name: "s-3", roles: ["server"], host: "192.0.2.33", hostKey: edge.nodes[0].hostKey },
        { name: "a-1", roles: ["agent"], host: "192.0.2.34", hostKey: edge.nodes[0].hostKey },
    ];
    return s;
}

describe("day-2 spec fields", () => {
    it("are optional and default to no backup and rotation epoch 0 with a 30-day warning", () => {
        const r = parseSpec(haK3s(), { versions: fullTable() });
        if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
        expect(r.spec.clusters[1].backup).toBeUndefined();
        expect(r.spec.clusters[1].certificates).toEqual({ rotate: 0, warnDays: 30 });
    });

    it("backup gets its defaults: daily, keep 7, target backups, a snapshot before changes", () => {
        const s = haK3s();
        s.clusters[1].backup = {};
        const r = parseSpec(s, { versions: fullTable() });
        expect(r.ok && r.spec.clusters[1].backup).toEqual({
            schedule: "daily",
            keep: 7,
            target: "backups",
            beforeChanges: true,
        });
    });

    it("refuses a schedule that is not a calendar expression, and a keep of 0", () => {
        const s = haK3s();
        s.clusters[1].backup = { schedule: "daily; rm -rf /", keep: 0 };
        expect(errors(s)).toEqual([
            "clusters[1].backup.schedule: is not a systemd calendar expression " +
                "— write one like daily, hourly or '*-*-* 02:00:00' (systemd.time(7))",
            "clusters[1].backup.keep: must keep at least 1 snapshot — see the README's stack file reference",
        ]);
    });

    it(
        "day-2 fields are refused off the ssh substrate, naming the field; " +
            "kubeadm takes backups, restores, rotation",
        () => {
            const s = baseSpec();
            s.clusters[1].backup = {};
            s.clusters[1].certificates = { rotate: 1 };
            expect(errors(s)).toEqual([
                "clusters[1].backup: etcd snapshots (backup) is provisioned " +
                    "on the ssh substrate only; cluster 'edge-a' is on 'sim' — remove the field, " +
                    "or run the cluster on machines over SSH (substrate: ssh)",
                "clusters[1].certificates.rotate: certificate rotation is provisioned " +
                    "on the ssh substrate only; cluster 'edge-a' is on 'sim' — remove the field, " +
                    "or run the cluster on machines over SSH (substrate: ssh)",
            ]);
            const k = sshSpec();
            expect(k.clusters[0].distribution).toBe("kubeadm");
            k.clusters[0].restoreFrom = "backups/cloud/snap.db";
            k.clusters[0].backup = { keep: 3 };
            k.clusters[0].certificates = { rotate: 2 };
            expect(errors(k)).toEqual([]);
        },
    );

    it("a VIP is an IP address, pinned by digest, unused by the nodes, on an HA control plane", () => {
        const s = haK3s();
        s.clusters[1].apiEndpoint = { vip: "vip.example.net" };
        expect(errors(s)).toContain(
            "clusters[1].apiEndpoint.vip: 'vip.example.net' is not an IP " +
                "address — a VIP is an unused IPv4 or IPv6 address in the control planes' subnet",
        );
        // No vipImage: the version table's kube-vip (nodeImages.kubeVip, pinned by digest).
        s.clusters[1].apiEndpoint = { vip: "192.0.2.32" };
        expect(errors(s)).toEqual([
            "clusters[1].apiEndpoint.vip: 192.0.2.32 is the address of node " +
                "'s-2' — a VIP must be an unused address in the control planes' subnet: pick another one",
        ]);
        s.clusters[1].apiEndpoint = { vip: "192.0.2.100", vipImage: "ghcr.io/kube-vip/kube-vip:v1.0.1" };
        expect(errors(s)).toEqual([
            expect.stringMatching(/^clusters\[1\]\.apiEndpoint\.vipImage: must be an image pinned by digest/),
        ]);
        s.clusters[1].apiEndpoint = { vip: "192.0.2.100", vipImage: IMAGE, interface: "eth0" };
        expect(errors(s)).toEqual([]);
        s.clusters[1].apiEndpoint.host = "192.0.2.101";
        expect(errors(s)).toEqual([
            "clusters[1].apiEndpoint.host: the API endpoint host 192.0.2.101 " +
                "is an address other than the VIP 192.0.2.100 — remove apiEndpoint.host (the " +
                "VIP becomes the endpoint), or set it to a DNS name that resolves to the VIP",
        ]);
        s.clusters[1].apiEndpoint.host = "api.edge.example.net";
        expect(errors(s)).toEqual([]);
        s.clusters[1].nodes = s.clusters[1].nodes.filter((n: { name: string }) => n.name !== "s-2" && n.name !== "s-3");
        expect(errors(s)).toEqual([
            "clusters[1].apiEndpoint.vip: a VIP moves between control planes; " +
                "cluster 'edge-a' has 1 — add control planes (3 for etcd quorum), or remove " +
                "the VIP and use the node's address",
        ]);
    });

    it("an interface name is checked", () => {
        const s = haK3s();
        s.clusters[1].apiEndpoint = { vip: "192.0.2.100", vipImage: IMAGE, interface: "eth0; reboot" };
        expect(errors(s)).toEqual([
            "clusters[1].apiEndpoint.interface: is not a network interface " +
                "name — use the name `ip link` shows on the control planes, like eth0 or enp1s0",
        ]);
    });

    it("mesh CA rotation needs a mesh", () => {
        const s = haK3s();
        s.mesh = { caRotation: { epoch: 1, phase: "trust" } };
        expect(errors(s)).toEqual([]);
        for (const c of s.clusters) delete c.mesh;
        expect(errors(s)).toEqual([
            "mesh.caRotation: no cluster is a ClusterMesh member: there " +
                "is no mesh CA to rotate — remove mesh.caRotation",
        ]);
    });
});

describe("the quorum rule against the deployed control planes", () => {
    it("refuses removing two of three K3s servers at once, with the steps", () => {
        const s = haK3s();
        s.clusters[1].nodes = s.clusters[1].nodes.filter((n: { name: string }) => n.name === "s-1" || n.name === "a-1");
        const r = parseSpec(s, { versions: fullTable() });
        if (!r.ok) throw new Error("spec should parse");
        expect(quorumRules(r.spec, { "edge-a": ["s-1", "s-2", "s-3"] }).map(formatIssue)).toEqual([
            "clusters[1].nodes: cluster 'edge-a': removing 2 of 3 control " +
                "planes at once (s-2, s-3) leaves 1 of 3 etcd members, fewer than the 2 etcd " +
                "needs for quorum while the change runs — do it in steps: 1) remove s-2 and " +
                "run pulumi up; 2) remove s-3 and run pulumi up",
        ]);
    });

    it("passes replacing the first of three (s-0 by s-3), and a cluster deployed for the first time", () => {
        const r = parseSpec(haK3s(), { versions: fullTable() });
        if (!r.ok) throw new Error("spec should parse");
        expect(quorumRules(r.spec, { "edge-a": ["s-0", "s-1", "s-2"] })).toEqual([]);
        expect(quorumRules(r.spec, {})).toEqual([]);
    });
});
