import { parseSpec } from "../../components/spec/parse";
import type { ContinuumSpec } from "../../components/spec/continuum-spec";

/** Secrets the fixtures carry; tests assert none of them reaches a command string. */
export const SECRETS = {
    privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nFIXTUREKEYMATERIAL\n-----END OPENSSH PRIVATE KEY-----",
    bastionKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nBASTIONKEYMATERIAL\n-----END OPENSSH PRIVATE KEY-----",
    sudoPassword: "fixture-sudo-password",
};

/** A well-formed ed25519 host key (test data, not any machine's): the label fills the 32 key bytes. */
export function fixtureHostKey(label: string): string {
    const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const body = Buffer.alloc(32);
    body.write(label.slice(0, 32));
    return `ssh-ed25519 ${Buffer.concat([field(Buffer.from("ssh-ed25519")), field(body)]).toString("base64")}`;
}

const key = (n: number) => fixtureHostKey(`fixture host key ${n}`);
/** The fixture bastion's pinned key. */
export const BASTION_HOST_KEY = fixtureHostKey("fixture bastion key");

/** A raw ssh spec with one cluster of the given distribution (roles: control ×3, worker ×2). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rawSshSpec(distribution: "k3s" | "kubeadm"): Record<string, any> {
    const [control, worker] = distribution === "k3s" ? ["server", "agent"] : ["control-plane", "worker"];
    const tier = distribution === "k3s" ? "edge" : "cloud";
    const name = distribution === "k3s" ? "edge-a" : "cloud";
    return {
        ssh: {
            user: "ops",
            privateKey: SECRETS.privateKey,
            bastion: {
                host: "bastion.example.net",
                user: "jump",
                privateKey: SECRETS.bastionKey,
                hostKey: BASTION_HOST_KEY,
            },
            sudo: { mode: "password", password: SECRETS.sudoPassword },
            timeoutSeconds: 900,
        },
        clusters: [
            {
                name,
                tier,
                distribution,
                substrate: "ssh",
                network: { podCidr: "10.20.0.0/16", serviceCidr: "10.120.0.0/16" },
                cilium: { kubeProxyReplacement: true },
                mesh: { id: 2 },
                apiEndpoint: { host: "api.edge-a.example.net", extraSans: ["10.0.0.100"] },
                registryMirrors: { "docker.io": ["https://mirror.example.net"] },
                nodeLabels: { site: "factory-a" },
                nodes: [
                    {
                        name: `${name}-s1`,
                        host: "10.0.0.11",
                        hostKey: key(1),
                        roles: [control],
                        capacity: { memory: "4Gi" },
                    },
                    { name: `${name}-s2`, host: "10.0.0.12", hostKey: key(2), roles: [control], arch: "arm64" },
                    { name: `${name}-s3`, host: "10.0.0.13", hostKey: key(3), roles: [control] },
                    {
                        name: `${name}-a1`,
                        host: "10.0.0.21",
                        hostKey: key(4),
                        roles: [worker],
                        labels: { zone: "line-1" },
                        taints: [{ key: "dedicated", value: "camera", effect: "NoSchedule" }],
                    },
                    {
                        name: `${name}-a2`,
                        host: "10.0.0.22",
                        hostKey: key(5),
                        roles: [worker],
                        runtimes: ["kata"],
                        capabilities: ["kvm"],
                    },
                ],
            },
        ],
    };
}

/** The parsed spec (as inside a Pulumi program: secrets are decrypted strings). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sshSpec(distribution: "k3s" | "kubeadm", mutate?: (raw: Record<string, any>) => void): ContinuumSpec {
    const raw = rawSshSpec(distribution);
    mutate?.(raw);
    const r = parseSpec(raw);
    if (!r.ok) throw new Error(`fixture spec invalid: ${JSON.stringify(r.issues)}`);
    return r.spec;
}

/** Preflight facts of a healthy Debian host of the given arch. */
export function healthyFacts(machine = "x86_64"): string {
    return [
        "os_id=debian",
        "os_version=12",
        "init=systemd",
        "systemd_running=yes",
        `machine=${machine}`,
        "mem_total_kib=8000000",
        "swap_total_kib=0",
        "swaps_active=0",
        "module_overlay=loaded",
        "module_br_netfilter=loadable",
        "cgroup_fs=cgroup2fs",
        "cgroup_controllers=cpuset,cpu,io,memory,pids",
        "port_probe=ss",
        "kvm=present",
        "tool_sha256sum=present",
        "tool_systemctl=present",
        "tool_tar=present",
        "tool_iptables=present",
        "tool_ip=present",
        "tool_mount=present",
        "tool_nsenter=present",
        "tool_runc=present",
        "installed=none",
    ].join("\n");
}

/** The base64 CA of NODE_KUBECONFIG. */
const NODE_KUBECONFIG_CA_DATA =
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJnakNDQVNlZ0F3SUJBZ0lVYnF0RHZOSDJDRW9Cb3FhZDg5eFVSc2U0Ty9z" +
    "d0NnWUlLb1pJemowRUF3SXcKRlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QWdGdzB5TmpFeE1qWXhOVE14TWpaYUdBOHlN" +
    "VEkyTVRFdwpNakUxTXpFeU5sb3dGVEVUTUJFR0ExVUVBd3dLYTNWaVpYSnVaWFJsY3pCWk1CTUdCeXFHU000OUFnRUdDQ3FHClNN" +
    "NDlBd0VIQTBJQUJCU1Q5cTlZS2JiMFRtSk90NmV2S0svckhUQlI2ZkY0MVMzQzFYVTVBVEN2MDh4NnExci8KSjVZS0JnaEVKRXUy" +
    "MWlUcWxCMWxOTm4zRzk5WjFkSSt3aktqVXpCUk1CMEdBMVVkRGdRV0JCUmlMYXhwU3FZMgpaVmJxWDdBRjRqQmhoeUd1ZURBZkJn" +
    "TlZIU01FR0RBV2dCUmlMYXhwU3FZMlpWYnFYN0FGNGpCaGh5R3VlREFQCkJnTlZIUk1CQWY4RUJUQURBUUgvTUFvR0NDcUdTTTQ5" +
    "QkFNQ0Ewa0FNRVlDSVFEdFRqUEpSOTNiWUhNMW4vcm8KSXVZMW9tUUZtRmpXZmNPbWRmczdrM0dwcFFJaEFOdFJXazZBTUNyWUg5" +
    "eHdNMG42b3o4Y2RwZ2ExTFQ5dXhuOAoxZlFpTHB6MwotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==";

/** A kubeconfig as a control-plane node prints it. */
export const NODE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${NODE_KUBECONFIG_CA_DATA}
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
users:
- user:
    client-certificate-data: Q0VSVERBVEE=
    client-key-data: S0VZREFUQQ==
  name: default
`;

/** A throwaway self-signed CA (its key was discarded), as a cluster CA in fixtures. */
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBgjCCASegAwIBAgIUbqtDvNH2CEoBoqad89xURse4O/swCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKa3ViZXJuZXRlczAgFw0yNjExMjYxNTMxMjZaGA8yMTI2MTEw
MjE1MzEyNlowFTETMBEGA1UEAwwKa3ViZXJuZXRlczBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABBST9q9YKbb0TmJOt6evKK/rHTBR6fF41S3C1XU5ATCv08x6q1r/
J5YKBghEJEu21iTqlB1lNNn3G99Z1dI+wjKjUzBRMB0GA1UdDgQWBBRiLaxpSqY2
ZVbqX7AF4jBhhyGueDAfBgNVHSMEGDAWgBRiLaxpSqY2ZVbqX7AF4jBhhyGueDAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDtTjPJR93bYHM1n/ro
IuY1omQFmFjWfcOmdfs7k3GppQIhANtRWk6AMCrYH9xwM0n6oz8cdpga1LT9uxn8
1fQiLpz3
-----END CERTIFICATE-----
`;

/** Its kubeadm CA hash, computed independently with
 * `openssl x509 -pubkey -in ca.crt -noout | openssl pkey -pubin -outform der | sha256sum`. */
export const TEST_CA_HASH = "sha256:c0550a981563b5ab0f6c16e6c09f38c57d55791360cc79d06ff61932c282fba3";
