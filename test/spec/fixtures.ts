import type { HostArtifactName, VersionTable } from "../../components/versions";
import { VERSION_TABLE } from "../../components/version-table";

/** A small valid raw spec that tests mutate, one rule at a time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function baseSpec(): Record<string, any> {
    return {
        clusters: [
            {
                name: "cloud",
                tier: "cloud",
                distribution: "kubeadm",
                substrate: "sim",
                network: { podCidr: "10.10.0.0/16", serviceCidr: "10.110.0.0/16" },
                cilium: {},
                mesh: { id: 1 },
                nodes: [
                    { name: "cp-1", roles: ["control-plane"] },
                    { name: "w-1", roles: ["worker"], capabilities: ["kvm"], runtimes: ["kata", "crun"] },
                ],
            },
            {
                name: "edge-a",
                tier: "edge",
                distribution: "k3s",
                substrate: "sim",
                network: { podCidr: "10.20.0.0/16", serviceCidr: "10.120.0.0/16" },
                cilium: {},
                mesh: { id: 2 },
                nodes: [
                    { name: "s-1", roles: ["server"], arch: "arm64" },
                    { name: "a-1", roles: ["agent"], runtimes: ["wasmedge"] },
                ],
            },
        ],
        kubeedge: {
            cloudCluster: "cloud",
            nodes: [{ name: "gw-1", arch: "arm64" }],
            deviceModels: [{ name: "thermo", protocol: "modbus", properties: [{ name: "temp", type: "float" }] }],
            devices: [{ name: "thermo-1", model: "thermo", node: "gw-1", properties: [{ name: "temp" }] }],
        },
    };
}

/** The same base on the ssh substrate, with hosts and pinned keys. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sshSpec(): Record<string, any> {
    const s = baseSpec();
    s.ssh = { user: "ops", privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----" };
    let n = 10;
    for (const c of s.clusters) {
        c.substrate = "ssh";
        for (const node of c.nodes) {
            node.host = `192.0.2.${n++}`;
            node.hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq0test";
        }
    }
    for (const node of s.kubeedge.nodes) {
        node.host = `192.0.2.${n++}`;
        node.hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq0test";
    }
    return s;
}

/** A version table (test data) with every host artifact pinned for amd64 and arm64, none for arm. */
export function fullTable(): VersionTable {
    const file = (n: string, a: string) => ({
        url: `https://example.invalid/${n}-${a}`,
        fileName: `${n}-${a}`,
        sha256: "0".repeat(64),
    });
    const names = Object.keys(VERSION_TABLE.hostArtifacts) as HostArtifactName[];
    const hostArtifacts = Object.fromEntries(
        names.map((n) => [n, { version: "1.0.0", files: { amd64: file(n, "amd64"), arm64: file(n, "arm64") } }]),
    );
    return { ...VERSION_TABLE, hostArtifacts: hostArtifacts as VersionTable["hostArtifacts"] };
}

/** A well-formed ed25519 host key (test data, not any machine's): the label fills the 32 key bytes. */
export function testHostKey(label: string): string {
    const type = Buffer.from("ssh-ed25519");
    const key = Buffer.alloc(32);
    key.write(label.slice(0, 32));
    const u32 = (n: number) => Buffer.from([0, 0, 0, n]);
    return `ssh-ed25519 ${Buffer.concat([u32(type.length), type, u32(32), key]).toString("base64")}`;
}
