/**
 * Table tests for what reaches ssh and the host scripts from the spec: host addresses (and their
 * normalised form for duplicate checks), user names, host keys, mirrors, paths; the one CIDR
 * overlap function with IPv4-mapped and dual-stack ranges; and the messages' escaping.
 */
import { hostProblem, normalizeHost } from "../../components/spec/address";
import { hostKeyProblem } from "../../components/spec/host-key";
import { escapeText, shown } from "../../components/spec/shown";
import { cidrsOverlap, parseCidrRange } from "../../components/core/cidr";
import { checkMeshMembers } from "../../components/network/mesh-plan";
import { checkEdgeSubnet } from "../../components/edge/edge-node-config";
import { formatIssue } from "../../components/spec/issues";
import { parseSpec, parseSpecOrThrow } from "../../components/spec/parse";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { renderK3sConfig } from "../../components/clusters/k3s/k3s-config";
import { renderInitConfig } from "../../components/clusters/kubeadm/kubeadm-config";
import { baseSpec, fullTable, sshSpec, testHostKey } from "./fixtures";

/** Public halves of throwaway keys made with ssh-keygen (test data; the private halves were deleted). */
const REAL_KEYS = [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFhb/uELTvd1MCRbjGu+Yu7RXnfhzJ9D3azP99UGNHEs root@host-ed25519",
    "ecdsa-sha2-nistp256 " +
        "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIPbIrTLbN0783hAPqYbaaXUJ5RFUbQnlB+Uhy" +
        "fqn48yBdYeD7N/QJfQR3H35NZ8gaWmT5KcFOwIWa7eLIO3V8I= " +
        "root@host-ecdsa",
    "ecdsa-sha2-nistp384 " +
        "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBMWDM6L9z4N11GNKGm8pP2no0hNAOHD/lSwKuM" +
        "W7Q5cyyTcnGw8xx2s708u7wD1mqBhLk9nJFHOth4YjQpeo1RUcDPT0UTLYEq2CFdXHOPCL+9wKvNJL5/+fFRxf4vdT" +
        "dQ== " +
        "x",
    "ecdsa-sha2-nistp521 " +
        "AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAF0EXlRcUZ7c26lAhZ8Kli2eW+dAjG00Yj46e" +
        "7Y7h6HUDqhIPHwxbl1GduZ4I8O5FgoXPabc1vYSoKqolQrRVFttgHo4g7JwiRs5314xTpRWB62ZH7KgCPMvvMTJ9S6" +
        "IQuhAhhPvqdXTPFPL9mvhkPO4LzculXH0V1tiBaV5jFez+YGsQ== " +
        "x",
    "ssh-rsa " +
        "AAAAB3NzaC1yc2EAAAADAQABAAABgQCahkCQLfLiqssnmoNFXfksRHFkAUgJZ/t/+qSFiLZGa90I8fAceojJPlWFFC" +
        "jWhlM0EPIfVs4ha2aj5HO+EEkTbBda+GBIVdlNyVx0/5/i2F151LysSo5NjQxD8foPhL51DDA941gIqSYrk1FaNuWp" +
        "WBJPqH5f+Ky4gtpOjCmhjRql4WtDqvKDUpZjvI1LubnmTjipfaOMMTDiXS3ScjPx8UkStCc+mhCfR7+CsI6TLkPnmg" +
        "PuP7XV5qHu+4wwEugTr1CQRM8iCNFpVz9jB/JTqyQ0BU/35OCixsFHwKB3z7HQXcE2Qw2TYdjTEvSRVXezaDI3aLai" +
        "F4MaWgaynegXIC3jl3A8HNNlpd/rW97DuMcWPKeHdStDG8zJmofTVvnU4ezq1Z2T+7rh9OvXvAuKa4qXKGrSeD2wo+" +
        "2SJ8yQbWOfM3GckoALcosGT31RuuSrYUbpqMFi3u8Xfqyw6Jh2z7zKv+fQOf3MRujsOHLZlUGKbd0q/nYsRmOorvkX" +
        "gR8= " +
        "root@host-rsa",
];

const errors = (raw: unknown): string[] => {
    const r = parseSpec(raw, { versions: fullTable() });
    return r.ok ? [] : r.issues.map(formatIssue);
};

describe("hosts: an IPv4/IPv6 address or a DNS name", () => {
    it.each([
        "192.0.2.10",
        "192.0.2.10.",
        "2001:db8::1",
        "0::ffff:192.0.2.1",
        "node1",
        "Node-1.example.net",
        "node_1.lab.example.",
        "xn--nde1-9ra.example",
    ])("accepts %s", (host) => expect(hostProblem(host)).toBeUndefined());

    it.each([
        ["", "is empty"],
        ["-oProxyCommand=id", "starts with '-'"],
        ["node1;id", "shell or ssh_config metacharacters"],
        ["%h", "shell or ssh_config metacharacters"],
        ["node 1", "spaces or non-ASCII"],
        ["n\u043ede1", "spaces or non-ASCII"],
        ["node1\nHost *", "control characters"],
        ["\u001b]0;x\u0007", "control characters"],
        ["::1", "starts with ':', which the SSH scripts refuse"],
        ["fe80::1%eth0", "is not an IPv6 address"],
        ["192.0.2.10:22", "is not an IPv6 address"],
        ["192.0.2.256", "looks like an IPv4 address"],
        ["127.1", "looks like an IPv4 address"],
        ["_svc.example", "an empty label, a label over 63 characters"],
        ["a".repeat(254), "is 254 characters long"],
    ])("refuses %j: %s", (host, fragment) => expect(hostProblem(host)).toContain(fragment));

    it.each([
        ["192.0.2.11.", "192.0.2.11"],
        ["Node1.Example.", "node1.example"],
        ["::ffff:192.0.2.11", "192.0.2.11"],
        ["2001:0DB8:0:0::1", "2001:db8::1"],
    ])("%s is compared as %s", (host, normal) => expect(normalizeHost(host)).toBe(normal));

    it("duplicate hosts in different spellings are one machine", () => {
        const s = sshSpec();
        s.clusters[0].nodes[0].host = "Node1.example";
        s.clusters[0].nodes[1].host = "node1.example.";
        expect(errors(s)).toEqual([
            "clusters[0].nodes[1].host: host node1.example. (node1.example) " +
                "is already used by clusters[0].nodes[0] — each machine belongs to one node: " +
                "fix the address or remove the duplicate node",
        ]);
    });
});

describe("users: POSIX names", () => {
    it.each([
        [["ssh", "user"], "ops;id", 1],
        [["ssh", "bastion", "user"], "-J", 1],
        [["ssh", "user"], "deploy.bot", 0],
    ] as const)("%j = %j: %d problems", (path, value, count) => {
        const s = sshSpec();
        s.ssh.bastion = { host: "203.0.113.10", user: "jump", hostKey: testHostKey("bastion") };
        let at = s as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        for (const k of path.slice(0, -1)) at = at[k];
        at[path[path.length - 1]] = value;
        const e = errors(s);
        expect(e).toHaveLength(count);
        if (count > 0)
            expect(e[0]).toMatch(
                new RegExp(
                    `^${path.join("\\.")}: '${value.replace(/\./g, "\\.")}' is not a POSIX user name — use letters`,
                ),
            );
    });
});

describe("host keys: decoded, the embedded type checked, the comment dropped", () => {
    it.each(REAL_KEYS.map((k) => [k.split(" ")[0], k] as const))(
        "accepts a real %s key and drops its comment",
        (type, key) => {
            const [, blob] = key.split(" ");
            expect(hostKeyProblem(key)).toEqual({ key: `${type} ${blob}` });
        },
    );

    it("the parsed spec carries the key without its comment (what the host scripts and known_hosts take)", () => {
        const s = sshSpec();
        s.clusters[0].nodes[0].hostKey = `${REAL_KEYS[0]}`;
        const r = parseSpec(s, { versions: fullTable() });
        expect(r.ok && r.spec.clusters[0].nodes[0].hostKey).toBe(REAL_KEYS[0].split(" ").slice(0, 2).join(" "));
    });

    it.each([
        [
            `ssh-dss ${Buffer.from("\0\0\0\u0007ssh-dss").toString("base64")}`,
            "is a DSA key (ssh-dss), which OpenSSH refuses",
        ],
        [`ssh-rsa ${REAL_KEYS[0].split(" ")[1]}`, "is declared ssh-rsa but its body is a ssh-ed25519 key"],
        [
            `ecdsa-sha2-nistp521 ${REAL_KEYS[1].split(" ")[1]}`,
            "is declared ecdsa-sha2-nistp521 but its body is a ecdsa-sha2-nistp256 key",
        ],
        ["ssh-ed25519 AAAA", "is declared ssh-ed25519 but its body is not an OpenSSH public key"],
        ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB", "the ssh-ed25519 key body is not valid base64"],
        ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBb=", "not valid base64 (it does not end on a byte boundary)"],
        [`${REAL_KEYS[0].split(" ").slice(0, 2).join(" ")}\n@revoked * x`, "has control characters"],
        ["ssh-ed25519", "the ssh-ed25519 key body is not valid base64"],
        ["AAAAC3NzaC1lZDI1NTE5", "'AAAAC3NzaC1lZDI1NTE5' is not a host key type"],
    ])("refuses %j", (key, fragment) => {
        const out = hostKeyProblem(key);
        expect("problem" in out && out.problem).toContain(fragment);
    });
});

describe("CIDRs: one overlap function, IPv4-mapped and dual-stack aware", () => {
    it.each([
        ["10.42.0.0/16", "10.42.128.0/17", true],
        ["10.42.0.0/16", "10.43.0.0/16", false],
        ["::ffff:10.42.0.0/112", "10.42.0.0/16", true],
        ["::ffff:10.42.0.0/120", "10.42.1.0/24", false],
        ["10.42.0.0/16,fd00:42::/56", "10.50.0.0/16,fd00:42:0:1::/64", true],
        ["10.42.0.0/16,fd00:42::/56", "10.50.0.0/16,fd00:43::/56", false],
        ["10.42.0.0/16", "fd00:42::/56", false],
        ["not-a-cidr", "10.0.0.0/8", false],
    ])("%s vs %s: %s", (a, b, overlap) => {
        expect(cidrsOverlap(a, b)).toBe(overlap);
        expect(cidrsOverlap(b, a)).toBe(overlap);
    });

    it("an IPv4-mapped range parses as the IPv4 range", () => {
        expect(parseCidrRange("::ffff:10.42.0.0/112")?.map(String)).toEqual(["10.42.0.0", "16"]);
    });

    it("the spec rules see a mapped range overlap an IPv4 one", () => {
        const s = baseSpec();
        s.clusters[1].network.podCidr = "::ffff:10.10.0.0/112";
        expect(errors(s)).toContain(
            "clusters[1].network.podCidr: ::ffff:10.10.0.0/112 overlaps " +
                "clusters[0].network.podCidr 10.10.0.0/16 — give each cluster its own pod range",
        );
    });

    it("the mesh plan and the edge subnet check use the same function", () => {
        const member = (name: string, id: number, podCidr: string) => ({
            name,
            id,
            serviceType: "NodePort" as const,
            nodePort: 32378 + id,
            podCidr,
            routingMode: "tunnel",
            nodeHosts: [],
            apiHost: "192.0.2.1",
        });
        expect(checkMeshMembers([member("a", 1, "10.42.0.0/16"), member("b", 2, "::ffff:10.42.0.0/112")], 255)).toEqual(
            [
                "cluster 'b': pod CIDR ::ffff:10.42.0.0/112 overlaps 'a' " +
                    "(10.42.0.0/16) — give each member its own pod range",
            ],
        );
        expect(
            checkEdgeSubnet("10.244.0.0/16", [{ what: "cluster 'c' podCidr", cidr: "fd00:1::/56,10.244.128.0/17" }]),
        ).toEqual([
            "the KubeEdge edge pod subnet 10.244.0.0/16 overlaps cluster " +
                "'c' podCidr (fd00:1::/56,10.244.128.0/17) — give that cluster another range",
        ]);
    });

    it.each([
        [
            "sim",
            {},
            "clusters[0].network.podCidr: the sim substrate cannot run dual-stack " +
                "yet — write one range (IPv4 or IPv6) here, or use the ssh substrate " +
                "for a dual-stack cluster",
        ],
        [
            "ssh",
            { cilium: {} },
            "clusters[0].network.podCidr: cluster 'cloud' is meshed and " +
                "ClusterMesh is planned for one address family — write one range (IPv4 " +
                "or IPv6) here",
        ],
    ] as const)("dual-stack on %s %j says which piece cannot do it yet", (substrate, _extra, message) => {
        const s = substrate === "ssh" ? sshSpec() : baseSpec();
        s.clusters[0].network.podCidr = "10.10.0.0/16,fd00:10::/56";
        expect(errors(s)).toContain(message);
    });

    it("dual-stack on an ssh cluster without Cilium is valid", () => {
        const s = sshSpec();
        delete s.clusters[1].cilium;
        delete s.clusters[1].mesh;
        delete s.clusters[0].mesh;
        s.clusters[1].network = { podCidr: "10.20.0.0/16,fd00:20::/56", serviceCidr: "10.120.0.0/16,fd00:120::/112" };
        expect(errors(s)).toEqual([]);
    });
});

describe("messages: escaped and cut short", () => {
    it.each([
        ["\u001b]0;title\u0007", "\\x1b]0;title\\x07"],
        ["a\u0000b\u009bc", "a\\x00b\\x9bc"],
        ["x\u202ey", "x\\u{202e}y"],
        ["plain — text", "plain — text"],
    ])("escapes %j", (raw, safe) => expect(escapeText(raw)).toBe(safe));

    it("cuts a long value and names its length", () => {
        expect(shown("a".repeat(1000), 10)).toBe("aaaaaaaaaa… (1000 characters)");
    });
});

describe("dual-stack downstream: kubeadm and K3s take the comma form as they document it", () => {
    it("K3s cluster-cidr/service-cidr and kubeadm podSubnet/serviceSubnet carry both ranges", () => {
        const pods = "10.20.0.0/16,fd00:20::/56";
        const services = "10.120.0.0/16,fd00:120::/112";
        const k3s = renderK3sConfig({
            role: "server",
            nodeName: "s-1",
            podCidr: pods,
            serviceCidr: services,
            clusterDomain: "cluster.local",
            tlsSans: [],
            taints: [],
            cilium: false,
            clusterInit: false,
            kubeProxyReplacement: false,
        });
        expect(parseYaml(k3s)).toMatchObject({ "cluster-cidr": pods, "service-cidr": services });
        const init = renderInitConfig(
            {
                clusterName: "c",
                kubernetesVersion: "v1.35.1",
                controlPlaneEndpoint: "192.0.2.10:6443",
                podSubnet: pods,
                serviceSubnet: services,
                dnsDomain: "cluster.local",
                certSans: [],
                kubeProxyReplacement: false,
            },
            { nodeName: "cp-1", host: "192.0.2.10" } as Parameters<typeof renderInitConfig>[1],
            6443,
            "abcdef.0123456789abcdef",
            "a".repeat(64),
        );
        const cluster = parseAllDocuments(init)
            .map((d) => d.toJS() as Record<string, unknown>)
            .find((d) => d.kind === "ClusterConfiguration");
        expect(cluster?.networking).toMatchObject({ podSubnet: pods, serviceSubnet: services });
    });
});

describe("the program's messages (preview) are as safe as validate's", () => {
    it("parseSpecOrThrow escapes a cluster name carrying an OSC 8 hyperlink and cuts a huge one", () => {
        const s = baseSpec();
        s.clusters[0].name = "\u001b]8;;http://evil.example\u001b\\x";
        s.clusters[1].name = "b".repeat(1_000_000);
        let message = "";
        try {
            parseSpecOrThrow(s);
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).toContain(
            "clusters[0].name: '\\x1b]8;;http://evil.example\\x1b\\x' is not a lowercase DNS label",
        );
        // eslint-disable-next-line no-control-regex
        expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
        expect(message.length).toBeLessThan(20_000);
    });
});
