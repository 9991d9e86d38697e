import { formatIssue, parseSpec } from "../../components/spec";
import { specWarnings } from "../../components/spec/warnings";
import { baseSpec, fullTable, sshSpec } from "./fixtures";
import type { VersionTable } from "../../components/versions";

function errors(raw: unknown, versions: VersionTable = fullTable()): string[] {
    const r = parseSpec(raw, { versions });
    return r.ok ? [] : r.issues.map(formatIssue);
}

function warnings(raw: unknown): string[] {
    const r = parseSpec(raw, { versions: fullTable() });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    return specWarnings(r.spec).map(formatIssue);
}

describe("cluster names", () => {
    it("must be unique", () => {
        const s = baseSpec();
        s.clusters[1].name = "cloud";
        expect(errors(s)).toContain(
            "clusters[1].name: 'cloud' is already the name of clusters[0] — give every cluster its own name",
        );
    });
    it("must be lowercase DNS labels", () => {
        const s = baseSpec();
        s.clusters[1].name = "Edge_A";
        expect(errors(s)).toContain(
            "clusters[1].name: 'Edge_A' is not a lowercase DNS label — use " +
                "a-z, 0-9 and '-', starting and ending with a letter or digit",
        );
    });
    it("must be at most 32 characters (Cilium)", () => {
        const s = baseSpec();
        s.clusters[1].name = "edge-" + "a".repeat(28);
        expect(errors(s)).toContain(
            `clusters[1].name: '${s.clusters[1].name}' is 33 characters ` +
                `long — shorten it to at most 32 characters (Cilium's cluster.name limit)`,
        );
    });
    it("cannot be 'default' when meshed, but can when not", () => {
        const s = baseSpec();
        s.clusters[1].name = "default";
        expect(errors(s)).toContain(
            "clusters[1].name: 'default' cannot be a meshed cluster's name " +
                "— rename the cluster: Cilium reserves 'default' for clusters outside a mesh",
        );
        delete s.clusters[1].mesh;
        expect(errors(s)).toEqual([]);
    });
});

describe("mesh", () => {
    it("ids are unique", () => {
        const s = baseSpec();
        s.clusters[1].mesh.id = 1;
        expect(errors(s)).toContain(
            "clusters[1].mesh.id: mesh id 1 is already used by clusters[0] " +
                "(cloud) — give every meshed cluster its own id in 1–255",
        );
    });
    it("members run Cilium", () => {
        const s = baseSpec();
        delete s.clusters[1].cilium;
        expect(errors(s)).toContain(
            "clusters[1].mesh: cluster 'edge-a' is in the mesh but does " +
                "not run Cilium — add `cilium: {}` to the cluster (ClusterMesh is a Cilium feature)",
        );
    });
    it("members share one routing mode", () => {
        const s = baseSpec();
        s.clusters[1].cilium = { routingMode: "native" };
        expect(errors(s)).toContain(
            "clusters[1].cilium.routingMode: 'native' differs from clusters[0] " +
                "('tunnel') — use the same routing mode on every meshed cluster",
        );
    });
    it("clustermesh-apiserver NodePorts are distinct", () => {
        const s = baseSpec();
        s.clusters[1].mesh.nodePort = 32379;
        expect(errors(s)).toContain(
            "clusters[1].mesh.nodePort: NodePort 32379 is already used by " +
                "clusters[0] — give each cluster's clustermesh-apiserver its own NodePort " +
                "(Cilium bug #24692 under kube-proxy replacement)",
        );
    });
});

describe("CIDRs", () => {
    it("pod ranges do not overlap across clusters", () => {
        const s = baseSpec();
        s.clusters[1].network.podCidr = "10.10.0.0/16";
        expect(errors(s)).toContain(
            "clusters[1].network.podCidr: 10.10.0.0/16 overlaps clusters[0].network.podCidr " +
                "10.10.0.0/16 — give each cluster its own pod range",
        );
    });
    it("a narrower range inside another overlaps too", () => {
        const s = baseSpec();
        s.clusters[1].network.serviceCidr = "10.10.128.0/20";
        expect(errors(s)).toContain(
            "clusters[1].network.serviceCidr: 10.10.128.0/20 overlaps clusters[0].network.podCidr " +
                "10.10.0.0/16 — give each cluster its own address ranges: the continuum routes between them",
        );
    });
    it("clusters that are not meshed still may not overlap", () => {
        const s = baseSpec();
        delete s.clusters[1].mesh;
        s.clusters[1].network.podCidr = "10.10.0.0/16";
        expect(errors(s)).toHaveLength(1);
    });
    it("pods and services of one cluster do not overlap", () => {
        const s = baseSpec();
        s.clusters[0].network.serviceCidr = "10.10.200.0/24";
        expect(errors(s)).toContain(
            "clusters[0].network.serviceCidr: 10.10.200.0/24 overlaps clusters[0].network.podCidr " +
                "10.10.0.0/16 — pods and services of a cluster need separate ranges",
        );
    });
    it("are valid ranges on a network boundary", () => {
        const s = baseSpec();
        s.clusters[0].network.podCidr = "10.10.0.0/33";
        s.clusters[1].network.podCidr = "10.20.0.1/16";
        expect(errors(s)).toEqual([
            "clusters[0].network.podCidr: 10.10.0.0/33 is not a valid CIDR — write " +
                "an address range like 10.42.0.0/16",
            "clusters[1].network.podCidr: 10.20.0.1/16 has host bits set — write the network address: 10.20.0.0/16",
        ]);
    });
    it("IPv6 ranges are checked too, and never collide with IPv4", () => {
        const s = baseSpec();
        s.clusters[0].network.podCidr = "fd00:10::/56";
        s.clusters[1].network.podCidr = "fd00:10::/64";
        expect(errors(s)).toEqual([
            "clusters[1].network.podCidr: fd00:10::/64 overlaps clusters[0].network.podCidr " +
                "fd00:10::/56 — give each cluster its own pod range",
        ]);
    });
});

describe("control-plane counts", () => {
    it("an even number of K3s servers warns (a quorum-safe shrink passes through it) and is no error", () => {
        const s = baseSpec();
        s.clusters[1].nodes.push({ name: "s-2", roles: ["server"] });
        expect(errors(s)).toEqual([]);
        expect(warnings(s)).toContain(
            "clusters[1].nodes: 2 K3s servers: an even count loses etcd " +
                "quorum as easily as one fewer — use an odd number (1 or 3) once the change " +
                "that passes through 2 is done",
        );
        s.clusters[1].nodes.push({ name: "s-3", roles: ["server"] });
        expect(warnings(s)).toEqual([]);
    });
    it("an even number of kubeadm control planes warns", () => {
        const s = baseSpec();
        s.clusters[0].nodes.push(
            { name: "cp-2", roles: ["control-plane"] },
            { name: "cp-3", roles: ["control-plane"] },
            { name: "cp-4", roles: ["control-plane"] },
        );
        expect(warnings(s)).toContain(
            "clusters[0].nodes: 4 kubeadm control-plane nodes: an even count " +
                "loses etcd quorum as easily as one fewer — use an odd number (3 or 5) once " +
                "the change that passes through 4 is done",
        );
    });
    it("roles fit the distribution and a control plane exists", () => {
        const s = baseSpec();
        s.clusters[1].nodes[0].roles = ["control-plane"];
        expect(errors(s)).toEqual([
            "clusters[1].nodes[0].roles: role 'control-plane' does not exist in k3s — use 'server' or 'agent'",
            "clusters[1].nodes: cluster 'edge-a' has no server node — give at least one node the role 'server'",
        ]);
    });
});

describe("node identity", () => {
    it("node names are unique within a cluster", () => {
        const s = baseSpec();
        s.clusters[0].nodes[1].name = "cp-1";
        expect(errors(s)).toContain(
            "clusters[0].nodes[1].name: node 'cp-1' is already defined at " +
                "clusters[0].nodes[0] — node names must be unique within cluster 'cloud'",
        );
    });
    it("the same node name in two clusters is fine", () => {
        const s = baseSpec();
        s.clusters[1].nodes[1].name = "w-1";
        expect(errors(s)).toEqual([]);
    });
    it("KubeEdge node names differ from their cloud cluster's nodes", () => {
        const s = baseSpec();
        s.kubeedge.nodes[0].name = "w-1";
        s.kubeedge.devices[0].node = "w-1";
        expect(errors(s)).toContain(
            "kubeedge.nodes[0].name: node 'w-1' is already defined at clusters[0].nodes[1] " +
                "— KubeEdge nodes join cluster 'cloud': their names must differ from its other nodes",
        );
    });
    it("hosts are unique across the continuum", () => {
        const s = sshSpec();
        s.clusters[1].nodes[1].host = s.clusters[0].nodes[0].host;
        expect(errors(s)).toContain(
            "clusters[1].nodes[1].host: host 192.0.2.10 is already used " +
                "by clusters[0].nodes[0] — each machine belongs to one node: fix the address " +
                "or remove the duplicate node",
        );
    });
});

describe("substrate and distribution", () => {
    it.each([
        ["kind", "k3s", "use distribution 'kubeadm' with substrate 'kind'"],
        ["k3d", "kubeadm", "use distribution 'k3s' with substrate 'k3d'"],
        ["ssh", "existing", "use distribution 'kubeadm' or 'k3s' with substrate 'ssh'"],
        ["existing", "k3s", "use distribution 'existing' with substrate 'existing'"],
    ])("%s cannot run %s", (substrate, distribution, hint) => {
        const s = baseSpec();
        Object.assign(s.clusters[1], { substrate, distribution });
        expect(errors(s)).toContain(
            `clusters[1].distribution: substrate '${substrate}' cannot run distribution '${distribution}' — ${hint}`,
        );
    });
    it("sim runs any distribution", () => {
        const s = baseSpec();
        s.clusters[1].distribution = "kubeadm";
        s.clusters[1].nodes = [{ name: "cp", roles: ["control-plane"] }];
        expect(errors(s)).toEqual([]);
    });
    it("existing needs a kubeconfig", () => {
        const s = baseSpec();
        Object.assign(s.clusters[1], { substrate: "existing", distribution: "existing", nodes: [] });
        expect(errors(s)[0]).toMatch(
            new RegExp(
                /^clusters\[1\]: cluster 'edge-a' is on the /.source +
                    /existing substrate but has no kubeconfig /.source +
                    /— add existing.kubeconfig as a secret: `pulumi /.source +
                    /config set --secret --path .continuum:spec.clusters\[1\].existing.kubeconfig. /.source +
                    /< kubeconfig`/.source,
            ),
        );
        s.clusters[1].existing = { kubeconfig: { secure: "v1:x" } };
        expect(errors(s)).toEqual([]);
    });
});

describe("KubeEdge", () => {
    it("edge nodes need a cloud cluster to host CloudCore", () => {
        const s = baseSpec();
        s.kubeedge.cloudCluster = "edge-a";
        expect(errors(s)).toContain(
            "kubeedge.cloudCluster: 'edge-a' is an edge cluster — KubeEdge " +
                "edge nodes need a cloud cluster to host CloudCore: name a cluster with tier: cloud",
        );
    });
    it("the cloud cluster exists", () => {
        const s = baseSpec();
        s.kubeedge.cloudCluster = "core";
        expect(errors(s)).toContain(
            "kubeedge.cloudCluster: no cluster is named 'core' — name the cloud cluster that hosts CloudCore: cloud",
        );
    });
    it("devices reference a declared model, an edge node and the model's properties", () => {
        const s = baseSpec();
        s.kubeedge.devices[0] = { name: "d", model: "nope", node: "cp-1" };
        s.kubeedge.devices.push({ name: "d2", model: "thermo", node: "gw-1", properties: [{ name: "humidity" }] });
        expect(errors(s)).toEqual([
            "kubeedge.devices[0].model: DeviceModel 'nope' is not declared " +
                "— add it under kubeedge.deviceModels or use one of: thermo",
            "kubeedge.devices[0].node: 'cp-1' is not a KubeEdge edge node " +
                "— bind the device to one of kubeedge.nodes: gw-1",
            "kubeedge.devices[1].properties[0].name: model 'thermo' has no property 'humidity' — use one of: temp",
        ]);
    });
});

describe("runtimes and artifacts", () => {
    it("kata only on nodes that declare kvm", () => {
        const s = baseSpec();
        s.clusters[0].nodes[1].capabilities = [];
        expect(errors(s)).toEqual([
            "clusters[0].nodes[1].runtimes: node 'w-1' asks for kata but " +
                "does not declare the kvm capability — add capabilities: [kvm] if the machine " +
                "has /dev/kvm, or remove kata from its runtimes",
        ]);
    });
    it("every artifact a real node needs is pinned for its arch", () => {
        const s = sshSpec();
        s.clusters[1].nodes[1].arch = "arm";
        expect(errors(s)).toEqual([
            "clusters[1].nodes[1].arch: k3s 1.0.0 is not pinned for arm " +
                "(node 'a-1') — use a node of arch amd64 or arm64, or set artifacts.k3s.arm.sha256: " +
                "<upstream's published sha256 of k3s 1.0.0 for arm> in the stack (or `sha256sum` " +
                "of a copy you verified; or put the file and its checksum file in airgap.artifactDir " +
                "and set artifacts.k3s.arm.checksumFile), or drop what needs k3s from this node",
            "clusters[1].nodes[1].arch: wasmedgeShim 1.0.0 is not pinned " +
                "for arm (node 'a-1') — use a node of arch amd64 or arm64, or set " +
                "artifacts.wasmedgeShim.arm.sha256: " +
                "<upstream's published sha256 of wasmedgeShim 1.0.0 for arm> in the stack " +
                "(or `sha256sum` of a copy you verified; or put the file and its checksum " +
                "file in airgap.artifactDir and set artifacts.wasmedgeShim.arm.checksumFile), " +
                "or drop what needs wasmedgeShim from this node",
        ]);
    });
    it("crun where the table has no static release for the arch: the distribution's package, no pin asked", () => {
        const table = fullTable();
        table.hostArtifacts = { ...table.hostArtifacts, crun: { version: "1.0.0", files: {} } };
        expect(errors(sshSpec(), table)).toEqual([]);
        // Kata has no such fallback.
        table.hostArtifacts = { ...table.hostArtifacts, kata: { version: "1.0.0", files: {} } };
        expect(errors(sshSpec(), table)).toEqual([
            expect.stringMatching(/^clusters\[0\]\.nodes\[1\]\.arch: kata 1\.0\.0 is not pinned for amd64/),
        ]);
    });
    it("simulated nodes need no artifacts", () => {
        const s = baseSpec();
        s.clusters[1].nodes[1].arch = "arm";
        expect(errors(s)).toEqual([]);
    });
    it("the real version table publishes no Kata for 32-bit arm", () => {
        const s = sshSpec();
        s.clusters[0].nodes[1].arch = "arm";
        const r = parseSpec(s);
        expect(r.ok ? [] : r.issues.map(formatIssue)).toContainEqual(
            expect.stringMatching(/^clusters\[0\]\.nodes\[1\]\.arch: kata .* is not pinned for arm \(node 'w-1'\)/),
        );
    });
});

describe("akri", () => {
    it("a Configuration names an enabled handler", () => {
        const s = baseSpec();
        s.clusters[1].akri = {
            udev: { rules: ['KERNEL=="video*"'] },
            configurations: [{ name: "cams", handler: "onvif" }],
        };
        expect(errors(s)).toEqual([
            "clusters[1].akri.configurations[0].handler: handler 'onvif' " +
                "is not enabled in cluster 'edge-a' — add akri.onvif: {...} to the cluster",
        ]);
    });
});

describe("ssh", () => {
    it("nodes over SSH need a host, a pinned host key and a private key", () => {
        const s = sshSpec();
        delete s.clusters[0].nodes[0].host;
        delete s.clusters[0].nodes[0].hostKey;
        delete s.ssh.privateKey;
        expect(errors(s)).toEqual([
            "clusters[0].nodes[0].host: node 'cp-1' is reached over SSH " +
                "but has no host — set host: to the machine's IP address or DNS name",
            "clusters[0].nodes[0].hostKey: node 'cp-1' has no pinned host " +
                "key — set hostKey: to the output of `ssh-keyscan -t ed25519 <host>` checked " +
                "out of band (or ssh.insecureIgnoreHostKey: true for a throwaway lab)",
            "ssh.privateKey: nodes are reached over SSH but no private key " +
                "is set — run `pulumi config set --secret --path 'continuum:spec.ssh.privateKey' " +
                "< ~/.ssh/id_ed25519` (the value on stdin: a key starts with '-')",
        ]);
    });
    it("never logs in as root", () => {
        const s = sshSpec();
        s.ssh.user = "root";
        expect(errors(s)).toContain(
            "clusters[0].nodes[0].user: node 'cp-1' logs in as root — log " +
                "in as an unprivileged user and let the toolkit use sudo",
        );
    });
    it("sudo with a password needs the password", () => {
        const s = sshSpec();
        s.ssh.sudo = { mode: "password" };
        expect(errors(s)).toContain(
            "ssh.sudo.password: sudo mode is 'password' but no password " +
                "is set — set it as a secret: `pulumi config set --secret " +
                "--path 'continuum:spec.ssh.sudo.password' ...`",
        );
    });
    it("the bastion's host key is pinned", () => {
        const s = sshSpec();
        s.ssh.bastion = { host: "198.51.100.1", user: "jump" };
        expect(errors(s)).toContain(
            "ssh.bastion.hostKey: the bastion has no pinned host key — set " +
                "ssh.bastion.hostKey: to the output of `ssh-keyscan -t ed25519 <bastion>`",
        );
    });
});

describe("artifacts without a verified checksum", () => {
    it("count as not pinned, and the error says so", () => {
        const table = fullTable();
        table.hostArtifacts.wasmedgeShim.files.amd64 = {
            url: "https://example.invalid/shim",
            fileName: "shim",
            sha256: "",
        };
        const s = sshSpec();
        expect(errors(s, table)).toEqual([
            "clusters[1].nodes[1].arch: wasmedgeShim 1.0.0 has no published " +
                "digest in continuum's version table for amd64 (node 'a-1') — use a node " +
                "of arch arm64, or set artifacts.wasmedgeShim.amd64.sha256: <upstream's published " +
                "sha256 of https://example.invalid/shim> in the stack (or `sha256sum` of " +
                "a copy you verified; or put the file and its checksum file in airgap.artifactDir " +
                "and set artifacts.wasmedgeShim.amd64.checksumFile), or drop what needs wasmedgeShim from this node",
        ]);
    });
});
