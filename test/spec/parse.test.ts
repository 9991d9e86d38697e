import { parseSpec, formatIssue } from "../../components/spec";
import { baseSpec, fullTable, sshSpec } from "./fixtures";

/** The formatted error lines for a raw spec (empty when valid). */
function errors(raw: unknown, fromFile = false): string[] {
    const r = parseSpec(raw, { fromFile, versions: fullTable() });
    return r.ok ? [] : r.issues.map(formatIssue);
}

describe("a valid spec", () => {
    it("parses and fills defaults", () => {
        const r = parseSpec(baseSpec());
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.spec.clusters[0].network.clusterDomain).toBe("cluster.local");
        expect(r.spec.clusters[0].apiEndpoint.port).toBe(6443);
        expect(r.spec.clusters[0].nodes[0].arch).toBe("amd64");
        expect(r.spec.ssh.sudo.mode).toBe("nopasswd");
        expect(r.spec.mesh.maxConnectedClusters).toBe(255);
        expect(r.spec.kubeedge?.devices[0].properties[0].collectCycleMs).toBe(10000);
    });

    it("parses the ssh variant", () => {
        expect(errors(sshSpec())).toEqual([]);
    });
});

describe("schema errors name the YAML path and say what to do", () => {
    it("unknown fields", () => {
        const s = baseSpec();
        s.clusters[0].network.podCIDR = "10.0.0.0/16";
        expect(errors(s)).toContain(
            "clusters[0].network: unknown field 'podCIDR' — remove it or " +
                "fix the spelling (README: stack file reference)",
        );
    });

    it("missing required fields", () => {
        const s = baseSpec();
        delete s.clusters[1].tier;
        expect(errors(s)).toContain("clusters[1].tier: is required — add it: one of cloud, edge");
    });

    it("enum values", () => {
        const s = baseSpec();
        s.clusters[1].substrate = "docker";
        expect(errors(s)).toContain(
            "clusters[1].substrate: 'docker' is not allowed — use one of: ssh, kind, k3d, sim, existing",
        );
    });

    it("mesh id range", () => {
        const s = baseSpec();
        s.clusters[1].mesh.id = 256;
        expect(errors(s)).toContain("clusters[1].mesh.id: must be 1–255 — Cilium cluster ids are 8 bits");
        s.clusters[1].mesh.id = 0;
        expect(errors(s)).toContain(
            "clusters[1].mesh.id: must be 1–255 (0 means not meshed) — pick an id unique in the mesh",
        );
    });

    it("a node without roles", () => {
        const s = baseSpec();
        s.clusters[0].nodes[1].roles = [];
        expect(errors(s)).toContain(
            "clusters[0].nodes[1].roles: needs at least one role — add roles: " +
                "[server] or [agent] (K3s), [control-plane] or [worker] (kubeadm)",
        );
    });

    it("a malformed host key", () => {
        const s = sshSpec();
        s.clusters[0].nodes[0].hostKey = "AAAA";
        expect(errors(s)[0]).toMatch(
            new RegExp(
                /^clusters\[0\]\.nodes\[0\]\.hostKey: .AAAA. /.source +
                    /is not a host key type \(use ssh-ed25519, /.source +
                    /.*\) — paste the key as `ssh-keyscan/.source,
            ),
        );
    });

    it("a udev handler without rules", () => {
        const s = baseSpec();
        s.clusters[1].akri = { udev: { rules: [] } };
        expect(errors(s)).toContain(
            "clusters[1].akri.udev.rules: needs at least one udev rule — " +
                "e.g. 'KERNEL==\"video[0-9]*\"' (the Akri chart fails without one)",
        );
    });
});

describe("secrets", () => {
    it("a secure value read from a stack file is accepted and never revealed", () => {
        const s = sshSpec();
        s.ssh.privateKey = { secure: "v1:abc" };
        const r = parseSpec(s, { fromFile: true, versions: fullTable() });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(JSON.stringify(r.spec.ssh)).toContain('"privateKey":"[secret]"');
        expect(String(r.spec.ssh.privateKey)).toBe("[secret]");
        expect(() => r.spec.ssh.privateKey?.reveal("ssh.privateKey")).toThrow("ssh.privateKey is still encrypted");
    });

    it("a plain-text secret in a stack file is refused without printing it", () => {
        const s = sshSpec();
        const lines = errors(s, true);
        expect(lines).toEqual([
            "ssh.privateKey: is a plain-text secret in the stack file — " +
                "encrypt it: `pulumi config set --secret --path 'continuum:spec.ssh.privateKey' <value>`",
        ]);
        expect(lines.join("\n")).not.toContain("BEGIN OPENSSH");
    });

    it("decrypted values inside the program are revealed for pulumi.secret", () => {
        const r = parseSpec(sshSpec(), { versions: fullTable() });
        expect(r.ok && r.spec.ssh.privateKey?.reveal("k")).toContain("BEGIN OPENSSH");
    });

    it("a secret field refuses a number", () => {
        const s = sshSpec();
        s.ssh.privateKey = 42;
        expect(errors(s)[0]).toMatch(/^ssh\.privateKey: must be a secret — set it with `pulumi config set --secret/);
    });
});
