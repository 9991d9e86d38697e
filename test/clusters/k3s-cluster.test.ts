import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumi-mocks";
import { healthyFacts, NODE_KUBECONFIG, SECRETS, sshSpec } from "../hosts-unit/ssh-fixtures";

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: "mock-token-result" };
    if (r.type !== "command:remote:Command") return {};
    if (r.name.endsWith("-preflight-run-run")) return { stdout: healthyFacts(r.name.includes("-s2-") ? "aarch64" : "x86_64") };
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { recordDependencies, recordedOptions, transitiveDeps } from "../hosts-unit/dependencies";
import { isSecretInput, plain } from "../hosts-unit/recorded";
import { parseParams } from "../../components/hosts/params";
import { K3sCluster, k3sVersion } from "../../components/clusters/k3s/k3s-cluster";
import { VERSION_TABLE } from "../../components/version-table";
import type { Cluster } from "../../components/clusters/cluster";

const deps = recordDependencies();
let cluster: Cluster;

beforeAll(async () => {
    cluster = new K3sCluster("edge-a", { spec: sshSpec("k3s"), cluster: "edge-a" }).cluster;
    for (let i = 0; i < 6; i++) await mocks.settle();
});

const commands = () => mocks.ofType("command:remote:Command");
const run = (name: string) => {
    const r = commands().find((c) => c.name === name);
    if (!r) throw new Error(`no command ${name}; have ${commands().map((c) => c.name).join(", ")}`);
    return r;
};
const paramsOf = (name: string) => parseParams(plain<string>(run(name).inputs.stdin));
const installOf = (node: string) => `edge-a-${node}-k3s-run`;
const waitsFor = (name: string, other: string) => transitiveDeps(deps, name).has(other);

describe("K3sCluster command graph", () => {
    test("the first server starts alone; the other servers join one at a time", () => {
        expect([...transitiveDeps(deps, installOf("edge-a-s1"))].filter((d) => d.endsWith("-k3s-run"))).toEqual([]);
        expect(waitsFor(installOf("edge-a-s2"), installOf("edge-a-s1"))).toBe(true);
        expect(waitsFor(installOf("edge-a-s3"), installOf("edge-a-s2"))).toBe(true);
    });

    test("agents join in parallel after the last server", () => {
        for (const a of ["edge-a-a1", "edge-a-a2"]) {
            const d = [...transitiveDeps(deps, installOf(a))];
            expect(d).toContain(installOf("edge-a-s3"));
            expect(d.filter((x) => /-a\d-k3s-run$/.test(x))).toEqual([]);
        }
    });

    test("every install waits for its host's preflight", () => {
        for (const n of ["edge-a-s1", "edge-a-s2", "edge-a-s3", "edge-a-a1", "edge-a-a2"]) {
            expect(waitsFor(installOf(n), `edge-a-${n}-preflight-run-run`)).toBe(true);
        }
    });

    test("lifecycle steps are chained one node at a time, servers first", () => {
        const order = ["edge-a-s1", "edge-a-s2", "edge-a-s3", "edge-a-a1", "edge-a-a2"];
        for (let i = 1; i < order.length; i++) {
            expect(waitsFor(`edge-a-${order[i]}-lifecycle-drain-run`, `edge-a-${order[i - 1]}-lifecycle-reconcile-run`)).toBe(true);
        }
        expect(waitsFor("edge-a-edge-a-s1-lifecycle-upgrade-run", "edge-a-edge-a-s1-lifecycle-drain-run")).toBe(true);
        expect(waitsFor("edge-a-edge-a-s1-lifecycle-reconcile-run", "edge-a-edge-a-s1-lifecycle-upgrade-run")).toBe(true);
    });
});

describe("K3sCluster parameters", () => {
    test("first server: cluster-init, no server URL; joiners point at the first server; agents at the API endpoint", () => {
        const s1 = paramsOf(installOf("edge-a-s1")).K3S_CONFIG;
        expect(s1).toContain("cluster-init: true");
        expect(s1).not.toContain("server: ");
        expect(paramsOf(installOf("edge-a-s2")).K3S_CONFIG).toContain("server: https://10.0.0.11:6443");
        expect(paramsOf(installOf("edge-a-a1")).K3S_CONFIG).toContain("server: https://api.edge-a.example.net:6443");
    });

    test("Cilium with kube-proxy replacement turns flannel, network policy and kube-proxy off", () => {
        const cfg = paramsOf(installOf("edge-a-s1")).K3S_CONFIG;
        expect(cfg).toContain("flannel-backend: none");
        expect(cfg).toContain("disable-network-policy: true");
        expect(cfg).toContain("disable-kube-proxy: true");
    });

    test("the binary is the pinned one for the node's arch", () => {
        const p = paramsOf(installOf("edge-a-s2"));
        expect(p.ARTIFACT_K3S_SHA256).toBe(VERSION_TABLE.hostArtifacts.k3s.files.arm64!.sha256);
        expect(p.ARTIFACT_K3S).toBe(VERSION_TABLE.hostArtifacts.k3s.files.arm64!.fileName);
        expect(p.K3S_VERSION).toBe(VERSION_TABLE.hostArtifacts.k3s.version);
    });

    test("labels and taints are reconciled from the first server", () => {
        const p = paramsOf("edge-a-edge-a-a1-lifecycle-reconcile-run");
        expect(p.NODE_LABELS).toBe("continuum.dev/cluster=edge-a,continuum.dev/tier=edge,site=factory-a,zone=line-1");
        expect(p.NODE_TAINTS).toBe("dedicated=camera:NoSchedule");
        expect(p.KUBECTL_FLAVOR).toBe("k3s");
        expect(plain<Record<string, string>>(run("edge-a-edge-a-a1-lifecycle-reconcile-run").inputs.connection).host).toBe("10.0.0.11");
    });

    test("removal drains from the first server; the first server itself is never drained", () => {
        expect(run("edge-a-edge-a-a1-lifecycle-reconcile-run").inputs.delete).toMatch(/node-remove\.sh$/);
        expect(run("edge-a-edge-a-s1-lifecycle-reconcile-run").inputs.delete).toBeUndefined();
    });

    test("a version override without pinned checksums is refused", () => {
        const spec = sshSpec("k3s", (raw) => { raw.versions = { k3s: "v1.99.0+k3s1" }; });
        expect(() => k3sVersion(spec, VERSION_TABLE)).toThrow(/versions.k3s is v1.99.0\+k3s1 but this continuum pins K3s .* pin v1.99.0\+k3s1 .* in components\/version-table.ts/);
    });
});

describe("K3sCluster secrets and safety", () => {
    test("the join token is a secret from birth", () => {
        const token = mocks.ofType("random:index/randomPassword:RandomPassword");
        expect(token.length).toBe(1);
        expect(recordedOptions.get(token[0].name)!.additionalSecretOutputs).toContain("result");
        for (const n of ["edge-a-s1", "edge-a-a2"]) {
            expect(isSecretInput(run(installOf(n)).inputs.stdin)).toBe(true);
            expect(paramsOf(installOf(n)).K3S_TOKEN).toBeDefined();
        }
    });

    test("no secret appears in any create/update/delete string", () => {
        const token = paramsOf(installOf("edge-a-s1")).K3S_TOKEN;
        const secrets = [SECRETS.privateKey, SECRETS.bastionKey, SECRETS.sudoPassword, "FIXTUREKEYMATERIAL", token].filter((s) => s && s.length > 0);
        expect(commands().length).toBeGreaterThan(20);
        for (const c of commands()) {
            const text = JSON.stringify([c.inputs.create, c.inputs.update, c.inputs.delete]);
            for (const s of secrets) expect(text).not.toContain(s);
        }
    });

    test("every remote resource pins the node's host key and the bastion's", () => {
        for (const r of [...commands(), ...mocks.ofType("command:remote:CopyToRemote")]) {
            const conn = plain<Record<string, any>>(r.inputs.connection); // eslint-disable-line @typescript-eslint/no-explicit-any
            expect(conn.hostKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFixtureHostKey\d$/);
            expect(conn.proxy.hostKey).toBe("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBastionKey");
            expect(conn.perDialTimeout).toBeGreaterThan(0);
        }
    });

    test("the kubeconfig step logs nothing; the handle's kubeconfig is secret and points at the API endpoint", async () => {
        expect(run("edge-a-kubeconfig-run").inputs.logging).toBe("none");
        expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
        const text = await new Promise<string>((resolve) => cluster.kubeconfig.apply((t) => { resolve(t); return t; }));
        expect(text).toContain("server: https://api.edge-a.example.net:6443");
        expect(text).toContain("current-context: edge-a");
    });

    test("the provider has a stable cluster identifier and the secret kubeconfig", () => {
        const providers = mocks.ofType("pulumi:providers:kubernetes");
        expect(providers.length).toBe(1);
        expect(providers[0].inputs.clusterIdentifier).toBe("edge-a-ssh");
        expect(isSecretInput(providers[0].inputs.kubeconfig)).toBe(true);
    });

    test("the handle carries endpoint, CIDRs and nodes with labels", async () => {
        expect(cluster.apiHost).toBe("api.edge-a.example.net");
        expect(cluster.apiPort).toBe(6443);
        expect(cluster.podCidr).toBe("10.20.0.0/16");
        expect(cluster.nodes.map((n) => n.name)).toEqual(["edge-a-s1", "edge-a-s2", "edge-a-s3", "edge-a-a1", "edge-a-a2"]);
        expect(cluster.nodes[4].labels["runtime.continuum.dev/kata"]).toBe("true");
    });

    test("every remote command and copy has create/update/delete timeouts and is deleted before it is replaced", () => {
        const remote = [...commands(), ...mocks.ofType("command:remote:CopyToRemote")];
        expect(remote.length).toBeGreaterThan(50);
        for (const r of remote) {
            const o = recordedOptions.get(r.name)!;
            expect(o.timeouts.create).toMatch(/^\d+s$/);
            expect(o.timeouts.update).toMatch(/^\d+s$/);
            expect(o.timeouts.delete).toMatch(/^\d+s$/);
            expect(o.deleteBeforeReplace).toBe(true);
        }
    });

    test("the kubeconfig step's stdout and stderr are secret outputs", () => {
        expect(recordedOptions.get("edge-a-kubeconfig-run")!.additionalSecretOutputs).toEqual(expect.arrayContaining(["stderr", "stdout"]));
        expect(recordedOptions.get("edge-a-edge-a-s1-k3s-run")!.additionalSecretOutputs).not.toContain("stdout");
    });
});
