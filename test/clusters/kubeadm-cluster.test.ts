import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { parseAllDocuments } from "yaml";
import { installMocks } from "../helpers/pulumi-mocks";
import { BASTION_HOST_KEY, healthyFacts, NODE_KUBECONFIG, SECRETS, sshSpec, TEST_CA_HASH } from "../hosts-unit/ssh-fixtures";

/** The certificate key's RandomPassword (mocked) and the 32 key bytes (hex) derived from it. */
const CERT_KEY_PASSWORD = "certificate-key-password";
const CERT_KEY = createHash("sha256").update(CERT_KEY_PASSWORD).digest("hex");

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomString:RandomString") return { result: "abc123" };
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: r.name.endsWith("certificate-key") ? CERT_KEY_PASSWORD : "0123456789abcdef" };
    if (r.type !== "command:remote:Command") return {};
    if (r.name.endsWith("-preflight-run-run")) return { stdout: healthyFacts(r.name.includes("-s2-") ? "aarch64" : "x86_64") };
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { recordDependencies, recordedOptions, transitiveDeps } from "../hosts-unit/dependencies";
import { isSecretInput, plain } from "../hosts-unit/recorded";
import { parseParams } from "../../components/hosts/params";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { KubeadmCluster, kubeadmVersion } from "../../components/clusters/kubeadm/kubeadm-cluster";
import { VERSION_TABLE } from "../../components/version-table";
import type { Cluster } from "../../components/clusters/cluster";

const deps = recordDependencies();
let cluster: Cluster;

beforeAll(async () => {
    cluster = new KubeadmCluster("cloud", { spec: sshSpec("kubeadm", (raw) => { raw.clusters[0].nodes[1].arch = "arm64"; }), cluster: "cloud" }).cluster;
    for (let i = 0; i < 8; i++) await mocks.settle();
});

const commands = () => mocks.ofType("command:remote:Command");
const run = (name: string) => {
    const r = commands().find((c) => c.name === name);
    if (!r) throw new Error(`no command ${name}; have ${commands().map((c) => c.name).join(", ")}`);
    return r;
};
const paramsOf = (name: string) => parseParams(plain<string>(run(name).inputs.stdin));
const installOf = (node: string) => `cloud-${node}-kubeadm-run`;
const waitsFor = (name: string, other: string) => transitiveDeps(deps, name).has(other);
const configOf = (node: string) => parseAllDocuments(paramsOf(installOf(node)).KUBEADM_CONFIG).map((d) => d.toJS());

describe("KubeadmCluster command graph", () => {
    test("init on the first control plane; the others join one at a time after a prepared join", () => {
        expect(paramsOf(installOf("cloud-s1")).KUBEADM_ACTION).toBe("init");
        expect(paramsOf(installOf("cloud-s1")).KUBEADM_UPLOAD_CERTS).toBe("true");
        expect([...transitiveDeps(deps, installOf("cloud-s1"))].filter((d) => d.endsWith("-kubeadm-run"))).toEqual([]);
        expect(waitsFor(installOf("cloud-s2"), "cloud-cloud-s2-prepare-join-run")).toBe(true);
        expect(waitsFor(installOf("cloud-s2"), installOf("cloud-s1"))).toBe(true);
        expect(waitsFor(installOf("cloud-s3"), installOf("cloud-s2"))).toBe(true);
    });

    test("workers join in parallel after the last control plane", () => {
        for (const w of ["cloud-a1", "cloud-a2"]) {
            const d = [...transitiveDeps(deps, installOf(w))];
            expect(d).toContain(installOf("cloud-s3"));
            expect(d.filter((x) => /-a\d-kubeadm-run$/.test(x))).toEqual([]);
        }
    });
});

describe("KubeadmCluster host key check: a wrong key fails the host at once, not after the provider's dial retries", () => {
    const spec = sshSpec("kubeadm");
    const nodes = spec.clusters[0].nodes;
    const check = (node: string) => `cloud-${node}-preflight-hostkey`;
    const local = (name: string) => mocks.ofType("command:local:Command").find((c) => c.name === name);

    test("each host's first step logs in over OpenSSH (fleet-node-ssh.sh check) with its pinned key and the bastion's; keys only on secret stdin", () => {
        for (const n of nodes) {
            const c = local(check(n.name));
            expect(c).toBeDefined();
            expect(c!.inputs.create).toBe("bash components/hosts/scripts/fleet-node-ssh.sh check");
            const env = plain<Record<string, string>>(c!.inputs.environment);
            expect(env).toMatchObject({ CONTINUUM_NODE: n.name, CONTINUUM_SSH_HOST: n.host, CONTINUUM_SSH_HOST_KEY: n.hostKey, CONTINUUM_BASTION_HOST_KEY: BASTION_HOST_KEY });
            expect(env.CONTINUUM_SSH_INSECURE).toBeUndefined();
            expect(JSON.stringify(env)).not.toContain("KEYMATERIAL");
            expect(isSecretInput(c!.inputs.stdin)).toBe(true);
            expect(parseFleetSshStdin(plain<string>(c!.inputs.stdin))).toEqual({ privateKey: SECRETS.privateKey, bastionKey: SECRETS.bastionKey, convergeInput: "" });
            expect(recordedOptions.get(check(n.name))!.timeouts.create).toMatch(/^\d+s$/);
        }
    });

    test("every remote step waits for the check of the host it connects to", () => {
        const byHost = new Map(nodes.map((n) => [n.host, n.name]));
        const remote = [...commands(), ...mocks.ofType("command:remote:CopyToRemote")];
        expect(remote.length).toBeGreaterThan(50);
        for (const r of remote) {
            const node = byHost.get(plain<Record<string, string>>(r.inputs.connection).host) as string;
            expect([r.name, transitiveDeps(deps, r.name).has(check(node))]).toEqual([r.name, true]);
        }
        // On each remote resource, never on a component: under --continue-on-error the engine skips a
        // component whose dependency failed, then stops the whole update at its registerOutputs
        // (seen in test/hosts/kubeadm-hostkey.test.ts).
        for (const n of nodes) {
            expect(deps.get(`cloud-${n.name}-preflight-run`)).not.toContain(check(n.name));
            expect(deps.get(`cloud-${n.name}-preflight-run-dir`)).toContain(check(n.name));
        }
        const components = new Set(mocks.recorded.filter((r) => r.type.startsWith("continuum:index:")).map((r) => r.name));
        expect(components.size).toBeGreaterThan(20);
        expect([...components].filter((c) => (deps.get(c) ?? []).length > 0)).toEqual([]);
    });
});

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
        const prepared = (n: string) => parseAllDocuments(paramsOf(`cloud-cloud-${n}-prepare-join-run`).PREPARE_CONFIG).map((d) => d.toJS())[0];
        expect(prepared("a1").certificateKey).toBeUndefined();
        expect(prepared("s2").certificateKey).toBe(CERT_KEY);
        expect(prepared("s2").bootstrapTokens[0].token).toBe(prepared("a1").bootstrapTokens[0].token);
    });

    test("the pinned binaries of the node's arch, and containerd with SystemdCgroup", () => {
        const p = paramsOf(installOf("cloud-s2"));
        expect(p.ARTIFACT_KUBELET_SHA256).toBe(VERSION_TABLE.hostArtifacts.kubelet.files.arm64!.sha256);
        expect(p.ARTIFACT_CONTAINERD_SHA256).toBe(VERSION_TABLE.hostArtifacts.containerd.files.arm64!.sha256);
        expect(p.ARTIFACT_CNI_PLUGINS_SHA256).toBe(VERSION_TABLE.hostArtifacts.cniPlugins.files.arm64!.sha256);
        expect(p.CONTAINERD_CONFIG).toContain("SystemdCgroup = true");
        expect(p.REGISTRY_HOST_1_NAME).toBe("docker.io");
        expect(p.KUBERNETES_VERSION).toBe(`v${VERSION_TABLE.hostArtifacts.kubeadm.version}`);
    });

    test("the control-plane taint only when there are workers; spec taints kept", () => {
        expect(configOf("cloud-s1")[0].nodeRegistration.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
        expect(configOf("cloud-a1")[0].nodeRegistration.taints).toEqual([{ key: "dedicated", value: "camera", effect: "NoSchedule" }]);
    });

    test("upgrades: kubeadm upgrade apply on the first control plane, upgrade node elsewhere", () => {
        expect(paramsOf("cloud-cloud-s1-lifecycle-upgrade-run").UPGRADE_MODE).toBe("apply");
        expect(paramsOf("cloud-cloud-s2-lifecycle-upgrade-run").UPGRADE_MODE).toBe("node");
        expect(paramsOf("cloud-cloud-a1-lifecycle-drain-run").TARGET_VERSION).toBe(`v${VERSION_TABLE.hostArtifacts.kubeadm.version}`);
    });

    test("a Kubernetes override without pinned checksums is refused", () => {
        expect(() => kubeadmVersion(sshSpec("kubeadm", (raw) => { raw.versions = { kubernetes: "1.99.0" }; }), VERSION_TABLE))
            .toThrow(/versions.kubernetes is 1.99.0 but this continuum pins Kubernetes .* pin 1.99.0 in the stack \(artifacts\.kubeadm/);
    });
});

describe("KubeadmCluster secrets and safety", () => {
    test("bootstrap token and certificate key are secret outputs from birth", () => {
        for (const n of ["cloud-token-id", "cloud-token-secret"]) expect(recordedOptions.get(n)!.additionalSecretOutputs).toContain("result");
        // The random provider makes a RandomString's or RandomBytes' value its (plain-text) ID:
        // the token's secret half and the certificate key come from RandomPasswords.
        expect(mocks.ofType("random:index/randomPassword:RandomPassword").map((r) => r.name).sort()).toEqual(["cloud-certificate-key", "cloud-token-secret"]);
        expect(recordedOptions.get("cloud-certificate-key")!.additionalSecretOutputs).toContain("result");
        expect(mocks.ofType("random:index/randomBytes:RandomBytes")).toEqual([]);
    });

    test("bootstrap token and certificate key only travel on secret stdin", () => {
        for (const n of ["cloud-s1", "cloud-s2", "cloud-a1"]) expect(isSecretInput(run(installOf(n)).inputs.stdin)).toBe(true);
        expect(isSecretInput(run("cloud-cloud-a1-prepare-join-run").inputs.stdin)).toBe(true);
    });

    test("no secret appears in any create/update/delete string", () => {
        const secrets = [SECRETS.privateKey, SECRETS.sudoPassword, "FIXTUREKEYMATERIAL", "abc123.0123456789abcdef", CERT_KEY, CERT_KEY_PASSWORD];
        for (const c of commands()) {
            const text = JSON.stringify([c.inputs.create, c.inputs.update, c.inputs.delete]);
            for (const s of secrets) expect(text).not.toContain(s);
        }
    });

    test("host keys, timeouts, delete-before-replace on every remote resource", () => {
        for (const r of [...commands(), ...mocks.ofType("command:remote:CopyToRemote")]) {
            expect(plain<Record<string, string>>(r.inputs.connection).hostKey).toMatch(/^ssh-ed25519 /);
            const o = recordedOptions.get(r.name)!;
            expect(o.timeouts.create).toMatch(/^\d+s$/);
            expect(o.timeouts.delete).toMatch(/^\d+s$/);
            expect(o.deleteBeforeReplace).toBe(true);
        }
    });

    test("the handle: secret kubeconfig at the API endpoint, provider identity cloud-ssh", async () => {
        expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
        const text = await new Promise<string>((resolve) => cluster.kubeconfig.apply((t) => { resolve(t); return t; }));
        expect(text).toContain("server: https://api.edge-a.example.net:6443");
        const providers = mocks.ofType("pulumi:providers:kubernetes");
        expect(providers.map((p) => p.inputs.clusterIdentifier)).toEqual(["cloud-ssh"]);
        expect(cluster.distribution).toBe("kubeadm");
        expect(cluster.tier).toBe("cloud");
    });
});
