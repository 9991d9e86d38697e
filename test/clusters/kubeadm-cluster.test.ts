import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { parseAllDocuments } from "yaml";
import { installMocks } from "../helpers/pulumi-mocks";
import { BASTION_HOST_KEY, NODE_KUBECONFIG, SECRETS, sshSpec, TEST_CA_HASH } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

/** The certificate key's RandomPassword (mocked) and the 32 key bytes (hex) derived from it. */
const CERT_KEY_PASSWORD = "certificate-key-password";
const CERT_KEY = createHash("sha256").update(CERT_KEY_PASSWORD).digest("hex");

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomString:RandomString") return { result: "abc123" };
    if (r.type === "random:index/randomPassword:RandomPassword")
        return { result: r.name.endsWith("certificate-key") ? CERT_KEY_PASSWORD : "0123456789abcdef" };
    if (r.type !== "command:local:Command") return {};
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { recordDependencies, recordedOptions, transitiveDeps } from "../hosts-unit/dependencies";
import { isSecretInput, plain } from "../hosts-unit/recorded";
import { parseParams } from "../../components/hosts/params";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { KubeadmCluster, kubeadmVersion } from "../../components/clusters/kubeadm/kubeadm-cluster";
import { VERSION_TABLE } from "../../components/version-table";
import type { Cluster } from "../../components/clusters/cluster";

const deps = recordDependencies();
const airgap = standInAirgap();
let cluster: Cluster;

beforeAll(async () => {
    cluster = new KubeadmCluster("cloud", {
        spec: sshSpec("kubeadm", (raw) => {
            raw.clusters[0].nodes[1].arch = "arm64";
            raw.airgap = { artifactDir: airgap.artifactDir };
        }),
        cluster: "cloud",
    }).cluster;
    for (let i = 0; i < 8; i++) await mocks.settle();
});
afterAll(() => airgap.cleanup());

// Every command is local: a node's converge (`<node>-converge`) or a one-shot step (`<step>-run`),
// both through fleet-node-ssh.sh (hosts/fleet-node.ts, hosts/host-step.ts).
const commands = () => mocks.ofType("command:local:Command");
const run = (name: string) => {
    const r = commands().find((c) => c.name === name);
    if (!r)
        throw new Error(
            `no command ${name}; have ${commands()
                .map((c) => c.name)
                .join(", ")}`,
        );
    return r;
};
const stdinOf = (name: string) => parseFleetSshStdin(plain<string>(run(name).inputs.stdin));
const envOf = (name: string) => plain<Record<string, string>>(run(name).inputs.environment);
const paramsOf = (name: string) => parseParams(stdinOf(name).convergeInput);
const installOf = (node: string) => `cloud-${node}-converge`;
const installParams = (node: string) =>
    parseConvergeInput(stdinOf(installOf(node)).convergeInput).steps["kubeadm-install.sh"];
const waitsFor = (name: string, other: string) => transitiveDeps(deps, name).has(other);
const configOf = (node: string) => parseAllDocuments(installParams(node).KUBEADM_CONFIG).map((d) => d.toJS());

describe("KubeadmCluster command graph", () => {
    test("init on the first control plane; the others join one at a time after a prepared join", () => {
        expect(installParams("cloud-s1").KUBEADM_ACTION).toBe("init");
        expect(installParams("cloud-s1").KUBEADM_UPLOAD_CERTS).toBe("true");
        expect([...transitiveDeps(deps, installOf("cloud-s1"))].filter((d) => d.endsWith("-converge"))).toEqual([]);
        expect(waitsFor(installOf("cloud-s2"), "cloud-cloud-s2-prepare-join-run")).toBe(true);
        expect(waitsFor(installOf("cloud-s2"), installOf("cloud-s1"))).toBe(true);
        expect(waitsFor(installOf("cloud-s3"), installOf("cloud-s2"))).toBe(true);
    });

    test("workers join in parallel after the last control plane", () => {
        for (const w of ["cloud-a1", "cloud-a2"]) {
            const d = [...transitiveDeps(deps, installOf(w))];
            expect(d).toContain(installOf("cloud-s3"));
            expect(d.filter((x) => /-a\d-converge$/.test(x))).toEqual([]);
        }
    });
});

describe(
    "KubeadmCluster on the one transport: every node a converge, every " + "other step one-shot on the same connection",
    () => {
        const spec = sshSpec("kubeadm");
        const nodes = spec.clusters[0].nodes;

        test("each node's converge: the preflight gate first, then kubeadm init or join, then its runtimes", () => {
            for (const n of nodes) {
                const input = parseConvergeInput(stdinOf(installOf(n.name)).convergeInput);
                const steps = input.global.STEPS.split(" ");
                // The first of several control planes checks etcd's quorum before anything (day2/kubeadm-ha.ts).
                const guard = n === nodes[0] ? ["kubeadm-etcd-quorum-guard.sh"] : [];
                expect(steps.slice(0, 2 + guard.length)).toEqual(["preflight-gate.sh", ...guard, "kubeadm-install.sh"]);
                expect(steps.includes("runtimes-install.sh")).toBe(n.runtimes.length > 0);
            }
            expect(
                mocks.recorded.filter(
                    (r) =>
                        r.type.startsWith("command:remote:") ||
                        r.type === "continuum:index:HostScript" ||
                        r.type === "continuum:index:HostPreflight",
                ),
            ).toEqual([]);
        });

        test(
            "every command logs in with OpenSSH (fleet-node-ssh.sh) with its " +
                "host's pinned key and the bastion's; keys only on secret stdin",
            () => {
                const byHost = new Map(nodes.map((n) => [n.host, n]));
                expect(commands().length).toBeGreaterThan(20);
                for (const c of commands()) {
                    expect(c.inputs.create).toBe("bash components/hosts/scripts/fleet-node-ssh.sh converge");
                    const env = envOf(c.name);
                    const host = byHost.get(env.CONTINUUM_SSH_HOST);
                    expect(host).toBeDefined();
                    expect(env).toMatchObject({
                        CONTINUUM_NODE: host!.name,
                        CONTINUUM_SSH_HOST_KEY: host!.hostKey,
                        CONTINUUM_BASTION_HOST_KEY: BASTION_HOST_KEY,
                    });
                    expect(env.CONTINUUM_SSH_INSECURE).toBeUndefined();
                    expect(JSON.stringify(env)).not.toContain("KEYMATERIAL");
                    expect(isSecretInput(c.inputs.stdin)).toBe(true);
                    expect(stdinOf(c.name)).toMatchObject({
                        privateKey: SECRETS.privateKey,
                        bastionKey: SECRETS.bastionKey,
                    });
                }
                // Join preparation and kubeconfig on the first control plane; the upgrade on the node itself.
                expect(envOf("cloud-cloud-a1-prepare-join-run").CONTINUUM_SSH_HOST).toBe("10.0.0.11");
                expect(envOf("cloud-kubeconfig-run").CONTINUUM_SSH_HOST).toBe("10.0.0.11");
                expect(envOf("cloud-cloud-a1-lifecycle-upgrade-run").CONTINUUM_SSH_HOST).toBe("10.0.0.21");
            },
        );

        test(
            "older stacks' HostScript commands are the aliases of the converges " +
                "(the install) and of the one-shot steps",
            () => {
                // A step's command keeps its name (an alias without one: the current name); the converge takes the
                // install's.
                const legacy = (name: string, parentType: string, renamed = false) => ({
                    name: renamed ? `${name}-run` : "",
                    type: "command:remote:Command",
                    parentUrn: expect.stringMatching(
                        new RegExp(`${parentType.replace(/\$/g, "\\$")}\\$continuum:index:HostScript::${name}$`),
                    ),
                });
                expect(recordedOptions.get(installOf("cloud-s2"))!.aliases).toEqual(
                    expect.arrayContaining([legacy("cloud-cloud-s2-kubeadm", "continuum:index:KubeadmCluster", true)]),
                );
                expect(recordedOptions.get("cloud-kubeconfig-run")!.aliases).toEqual([
                    legacy("cloud-kubeconfig", "continuum:index:KubeadmCluster"),
                ]);
                expect(recordedOptions.get("cloud-cloud-a1-lifecycle-drain-run")!.aliases).toEqual([
                    legacy(
                        "cloud-cloud-a1-lifecycle-drain",
                        "continuum:index:KubeadmCluster$continuum:index:NodeLifecycle",
                    ),
                ]);
            },
        );

        test(
            "a node's runtimes come with its converge; the pool step labels " +
                "every node (runtime labels too) after every converge",
            () => {
                expect(cluster.nodes.find((n) => n.name === "cloud-a2")!.runtimesInstalled).toBe(true);
                const p = paramsOf("cloud-nodes-run");
                expect(p.KUBECTL_FLAVOR).toBe("kubeadm");
                const items = (
                    JSON.parse(p.NODES_MANIFEST) as {
                        items: { metadata: { name: string; labels: Record<string, string> } }[];
                    }
                ).items;
                expect(
                    items.find((i) => i.metadata.name === "cloud-a2")!.metadata.labels["runtime.continuum.dev/kata"],
                ).toBe("true");
                expect(p.NODE_TAINTS).toBe("cloud-a1 dedicated=camera:NoSchedule");
                for (const n of nodes) expect(waitsFor("cloud-nodes-run", installOf(n.name))).toBe(true);
                expect(waitsFor("cloud-nodes-run", "cloud-cloud-a2-lifecycle-reconcile-run")).toBe(true);
            },
        );
    },
);

describe("KubeadmCluster configuration", () => {
    test("control-plane joiners carry the certificate key and pin the CA; workers do not get the key", () => {
        const [cp] = configOf("cloud-s2");
        expect(cp.controlPlane.certificateKey).toBe(CERT_KEY);
        expect(cp.discovery.bootstrapToken.caCertHashes).toEqual([TEST_CA_HASH]);
        expect(cp.discovery.bootstrapToken.apiServerEndpoint).toBe("10.0.0.11:6443");
        const [w] = configOf("cloud-a1");
        expect(w.controlPlane).toBeUndefined();
        expect(w.discovery.bootstrapToken.apiServerEndpoint).toBe("api.edge-a.example.net:6443");
        // The join preparation gets token and key in a kubeadm configuration (a file on the host, not argv).
        const prepared = (n: string) =>
            parseAllDocuments(paramsOf(`cloud-cloud-${n}-prepare-join-run`).PREPARE_CONFIG).map((d) => d.toJS())[0];
        expect(prepared("a1").certificateKey).toBeUndefined();
        expect(prepared("s2").certificateKey).toBe(CERT_KEY);
        expect(prepared("s2").bootstrapTokens[0].token).toBe(prepared("a1").bootstrapTokens[0].token);
    });

    test("the pinned binaries of the node's arch, and containerd with SystemdCgroup", () => {
        const p = installParams("cloud-s2");
        expect(p.ARTIFACT_KUBELET_SHA256).toBe(VERSION_TABLE.hostArtifacts.kubelet.files.arm64!.sha256);
        expect(p.ARTIFACT_CONTAINERD_SHA256).toBe(VERSION_TABLE.hostArtifacts.containerd.files.arm64!.sha256);
        expect(p.ARTIFACT_CNI_PLUGINS_SHA256).toBe(VERSION_TABLE.hostArtifacts.cniPlugins.files.arm64!.sha256);
        expect(p.CONTAINERD_CONFIG).toContain("SystemdCgroup = true");
        expect(p.REGISTRY_HOST_1_NAME).toBe("docker.io");
        expect(p.KUBERNETES_VERSION).toBe(`v${VERSION_TABLE.hostArtifacts.kubeadm.version}`);
    });

    test("the control-plane taint only when there are workers; spec taints kept", () => {
        expect(configOf("cloud-s1")[0].nodeRegistration.taints).toEqual([
            { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
        ]);
        expect(configOf("cloud-a1")[0].nodeRegistration.taints).toEqual([
            { key: "dedicated", value: "camera", effect: "NoSchedule" },
        ]);
    });

    test("upgrades: kubeadm upgrade apply on the first control plane, upgrade node elsewhere", () => {
        expect(paramsOf("cloud-cloud-s1-lifecycle-upgrade-run").UPGRADE_MODE).toBe("apply");
        expect(paramsOf("cloud-cloud-s1-lifecycle-upgrade-run").UPGRADE_MODE).toBe("apply");
        expect(paramsOf("cloud-cloud-s2-lifecycle-upgrade-run").UPGRADE_MODE).toBe("node");
        expect(paramsOf("cloud-cloud-a1-lifecycle-drain-run").TARGET_VERSION).toBe(
            `v${VERSION_TABLE.hostArtifacts.kubeadm.version}`,
        );
    });

    test("a Kubernetes override without pinned checksums is refused", () => {
        expect(() =>
            kubeadmVersion(
                sshSpec("kubeadm", (raw) => {
                    raw.versions = { kubernetes: "1.99.0" };
                }),
                VERSION_TABLE,
            ),
        ).toThrow(
            new RegExp(
                /versions.kubernetes is 1.99.0 but this continuum /.source +
                    /pins Kubernetes .* pin 1.99.0 in the stack \(artifacts\.kubeadm/.source,
            ),
        );
    });
});

describe("KubeadmCluster secrets and safety", () => {
    test("bootstrap token and certificate key are secret outputs from birth", () => {
        for (const n of ["cloud-token-id", "cloud-token-secret"])
            expect(recordedOptions.get(n)!.additionalSecretOutputs).toContain("result");
        // The random provider makes a RandomString's or RandomBytes' value its (plain-text) ID:
        // the token's secret half and the certificate key come from RandomPasswords.
        expect(
            mocks
                .ofType("random:index/randomPassword:RandomPassword")
                .map((r) => r.name)
                .sort(),
        ).toEqual(["cloud-certificate-key", "cloud-token-secret"]);
        expect(recordedOptions.get("cloud-certificate-key")!.additionalSecretOutputs).toContain("result");
        expect(mocks.ofType("random:index/randomBytes:RandomBytes")).toEqual([]);
    });

    test("bootstrap token and certificate key only travel on secret stdin", () => {
        for (const n of ["cloud-s1", "cloud-s2", "cloud-a1"])
            expect(isSecretInput(run(installOf(n)).inputs.stdin)).toBe(true);
        expect(isSecretInput(run("cloud-cloud-a1-prepare-join-run").inputs.stdin)).toBe(true);
    });

    test("no secret appears in any create/update/delete string", () => {
        const secrets = [
            SECRETS.privateKey,
            SECRETS.sudoPassword,
            "FIXTUREKEYMATERIAL",
            "abc123.0123456789abcdef",
            CERT_KEY,
            CERT_KEY_PASSWORD,
        ];
        for (const c of commands()) {
            const text = JSON.stringify([c.inputs.create, c.inputs.update, c.inputs.delete, c.inputs.environment]);
            for (const s of secrets) expect(text).not.toContain(s);
        }
    });

    test("timeouts and delete-before-replace on every command", () => {
        for (const r of commands()) {
            const o = recordedOptions.get(r.name)!;
            expect(o.timeouts.create).toMatch(/^\d+s$/);
            expect(o.timeouts.delete).toMatch(/^\d+s$/);
            expect(o.deleteBeforeReplace).toBe(true);
        }
    });

    test("the handle: secret kubeconfig at the API endpoint, provider identity cloud-ssh", async () => {
        expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
        const text = await new Promise<string>((resolve) =>
            cluster.kubeconfig.apply((t) => {
                resolve(t);
                return t;
            }),
        );
        expect(text).toContain("server: https://api.edge-a.example.net:6443");
        const providers = mocks.ofType("pulumi:providers:kubernetes");
        expect(providers.map((p) => p.inputs.clusterIdentifier)).toEqual(["cloud-ssh"]);
        expect(cluster.distribution).toBe("kubeadm");
        expect(cluster.tier).toBe("cloud");
    });
});
