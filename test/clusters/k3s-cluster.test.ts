import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumi-mocks";
import { BASTION_HOST_KEY, NODE_KUBECONFIG, SECRETS, sshSpec } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: "mock-token-result" };
    if (r.type !== "command:local:Command") return {};
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { recordDependencies, recordedOptions, transitiveDeps } from "../hosts-unit/dependencies";
import { isSecretInput, plain } from "../hosts-unit/recorded";
import { parseParams } from "../../components/hosts/params";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { K3sCluster, k3sVersion } from "../../components/clusters/k3s/k3s-cluster";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { defaultBundleDir } from "../../components/hosts/node-bundle";
import { VERSION_TABLE } from "../../components/version-table";
import type { Cluster } from "../../components/clusters/cluster";

const deps = recordDependencies();
const airgap = standInAirgap();
let cluster: Cluster;

beforeAll(async () => {
    const k3s = new K3sCluster("edge-a", {
        spec: sshSpec("k3s", (raw) => {
            raw.airgap = { artifactDir: airgap.artifactDir };
        }),
        cluster: "edge-a",
    });
    cluster = k3s.cluster;
    await k3s.nodesDeclared;
    for (let i = 0; i < 8; i++) await mocks.settle();
});
afterAll(() => airgap.cleanup());

// One-shot steps (hosts/host-step.ts): `<step>-run`; node converges: `<node>-converge`. Both local commands.
const commands = () => mocks.ofType("command:local:Command").filter((c) => c.name.endsWith("-run"));
const converges = () => mocks.ofType("command:local:Command").filter((c) => c.name.endsWith("-converge"));
const named = (name: string) => {
    const r = mocks.ofType("command:local:Command").find((c) => c.name === name);
    if (!r)
        throw new Error(
            `no resource ${name}; have ${mocks
                .ofType("command:local:Command")
                .map((c) => c.name)
                .join(", ")}`,
        );
    return r;
};
const paramsOf = (name: string) =>
    parseParams(parseFleetSshStdin(plain<string>(named(name).inputs.stdin)).convergeInput);
const stepEnv = (name: string) => plain<Record<string, string>>(named(name).inputs.environment);
const converge = (node: string) => `edge-a-${node}-converge`;
const stdinOf = (node: string) => parseFleetSshStdin(plain<string>(named(converge(node)).inputs.stdin));
const inputOf = (node: string) => parseConvergeInput(stdinOf(node).convergeInput);
const envOf = (node: string) => plain<Record<string, string>>(named(converge(node)).inputs.environment);
const waitsFor = (name: string, other: string) => transitiveDeps(deps, name).has(other);
const bundleDir = (node: string) => path.join(defaultBundleDir(), envOf(node).CONTINUUM_BUNDLE);
const ALL = ["edge-a-s1", "edge-a-s2", "edge-a-s3", "edge-a-a1", "edge-a-a2"];

describe("K3sCluster resources per node", () => {
    test("every node is one converge — no per-node component, copy, preflight command or per-file copy", () => {
        for (const n of ALL) {
            const mine = mocks.recorded.filter(
                (r) => r.name.startsWith(`edge-a-${n}-`) && !r.name.includes("-lifecycle"),
            );
            expect(mine.map((r) => `${r.type} ${r.name}`)).toEqual([`command:local:Command edge-a-${n}-converge`]);
        }
        expect(mocks.recorded.filter((r) => r.type === "continuum:index:HostPreflight")).toEqual([]);
    });

    test("agents have no per-node lifecycle steps; servers keep theirs (rolling upgrade of the control plane)", () => {
        const lifecycles = mocks
            .ofType("continuum:index:NodeLifecycle")
            .map((r) => r.name)
            .sort();
        expect(lifecycles).toEqual([
            "edge-a-edge-a-s1-lifecycle",
            "edge-a-edge-a-s2-lifecycle",
            "edge-a-edge-a-s3-lifecycle",
        ]);
    });
});

describe("K3sCluster command graph", () => {
    test("the first server starts alone; the other servers converge one at a time", () => {
        expect([...transitiveDeps(deps, converge("edge-a-s1"))].filter((d) => d.endsWith("-converge"))).toEqual([]);
        expect(waitsFor(converge("edge-a-s2"), converge("edge-a-s1"))).toBe(true);
        expect(waitsFor(converge("edge-a-s3"), converge("edge-a-s2"))).toBe(true);
    });

    test("agents converge in parallel after the last server", () => {
        for (const a of ["edge-a-a1", "edge-a-a2"]) {
            const d = [...transitiveDeps(deps, converge(a))];
            expect(d).toContain(converge("edge-a-s3"));
            expect(d.filter((x) => /-a\d-converge$/.test(x))).toEqual([]);
        }
    });

    test("every converge starts with the preflight gate for its role", async () => {
        for (const n of ALL) {
            expect(inputOf(n).global.STEPS.split(" ")[0]).toBe("preflight-gate.sh");
            expect(inputOf(n).steps["preflight-gate.sh"]).toEqual({
                NODE_NAME: n,
                NODE_ADDRESS: envOf(n).CONTINUUM_SSH_HOST,
                PORTS: n.includes("-s") ? "6443,10250,2379,2380" : "10250",
                PREFLIGHT_RULES_FILE: "preflight-rules.tsv",
            });
        }
        const rules = fs.readFileSync(path.join(await bundleDir("edge-a-s2"), "preflight-rules.tsv"), "utf8");
        expect(rules).toContain("enforce\tarch\tmachine\tin\taarch64,arm64\t");
        expect(rules).toContain("enforce\tmemory\tmem_total_kib\tge\t524288\t");
    });

    test("server lifecycle steps are chained one node at a time after the kubeconfig", () => {
        expect(waitsFor("edge-a-edge-a-s1-lifecycle-drain-run", "edge-a-kubeconfig-run")).toBe(true);
        expect(waitsFor("edge-a-edge-a-s2-lifecycle-drain-run", "edge-a-edge-a-s1-lifecycle-reconcile-run")).toBe(true);
        expect(waitsFor("edge-a-edge-a-s3-lifecycle-drain-run", "edge-a-edge-a-s2-lifecycle-reconcile-run")).toBe(true);
        expect(waitsFor("edge-a-edge-a-s1-lifecycle-upgrade-run", "edge-a-edge-a-s1-lifecycle-drain-run")).toBe(true);
        expect(waitsFor("edge-a-edge-a-s1-lifecycle-reconcile-run", "edge-a-edge-a-s1-lifecycle-upgrade-run")).toBe(
            true,
        );
    });

    test("the pool step runs after every node converged and the control plane's lifecycle", () => {
        for (const n of ALL) expect(waitsFor("edge-a-nodes-run", converge(n))).toBe(true);
        expect(waitsFor("edge-a-nodes-run", "edge-a-edge-a-s3-lifecycle-reconcile-run")).toBe(true);
    });
});

describe("K3sCluster parameters", () => {
    test("servers: k3s-install only; agents: k3s-install then the in-place upgrade; a2 also its runtime", () => {
        // The first server of an HA cluster also checks etcd quorum before a change (components/day2).
        expect(inputOf("edge-a-s1").global.STEPS).toBe("preflight-gate.sh k3s-etcd-quorum-guard.sh k3s-install.sh");
        expect(inputOf("edge-a-s3").global.STEPS).toBe("preflight-gate.sh k3s-install.sh");
        expect(inputOf("edge-a-a1").global.STEPS).toBe("preflight-gate.sh k3s-install.sh k3s-upgrade.sh");
        expect(inputOf("edge-a-a2").global.STEPS).toBe(
            "preflight-gate.sh k3s-install.sh k3s-upgrade.sh runtimes-install.sh",
        );
        expect(inputOf("edge-a-a2").global.UNINSTALLS).toBe(
            "preflight-gate.sh:- k3s-install.sh:k3s-uninstall.sh k3s-upgrade.sh:- " +
                "runtimes-install.sh:runtimes-uninstall.sh",
        );
        expect(inputOf("edge-a-a2").steps["runtimes-install.sh"]).toMatchObject({
            RUNTIMES: "kata",
            CONFIG_MODE: "k3s",
            ARTIFACT_KATA_SHA256: VERSION_TABLE.hostArtifacts.kata.files.amd64!.sha256,
        });
        expect(inputOf("edge-a-a1").steps["k3s-upgrade.sh"]).toMatchObject({
            K3S_ROLE: "agent",
            K3S_VERSION: VERSION_TABLE.hostArtifacts.k3s.version,
            K3S_SHA256: VERSION_TABLE.hostArtifacts.k3s.files.amd64!.sha256,
        });
    });

    test(
        "first server: cluster-init, no server URL; joiners point at the " + "first server; agents at the API endpoint",
        () => {
            const cfg = (n: string) => inputOf(n).steps["k3s-install.sh"].K3S_CONFIG;
            expect(cfg("edge-a-s1")).toContain("cluster-init: true");
            expect(cfg("edge-a-s1")).not.toContain("server: ");
            expect(cfg("edge-a-s2")).toContain("server: https://10.0.0.11:6443");
            expect(cfg("edge-a-a1")).toContain("server: https://api.edge-a.example.net:6443");
        },
    );

    test("Cilium with kube-proxy replacement turns flannel, network policy and kube-proxy off", () => {
        const cfg = inputOf("edge-a-s1").steps["k3s-install.sh"].K3S_CONFIG;
        expect(cfg).toContain("flannel-backend: none");
        expect(cfg).toContain("disable-network-policy: true");
        expect(cfg).toContain("disable-kube-proxy: true");
    });

    test("the binary is the pinned one for the node's arch, pushed in the node's bundle", async () => {
        const p = inputOf("edge-a-s2").steps["k3s-install.sh"];
        const arm = VERSION_TABLE.hostArtifacts.k3s.files.arm64!;
        expect(p.ARTIFACT_K3S_SHA256).toBe(arm.sha256);
        expect(p.ARTIFACT_K3S).toBe(arm.fileName);
        expect(p.K3S_VERSION).toBe(VERSION_TABLE.hostArtifacts.k3s.version);
        expect(envOf("edge-a-s2").CONTINUUM_REMOTE_DIR).toBe(
            `.continuum-bundle-${envOf("edge-a-s2").CONTINUUM_BUNDLE.slice(0, 16)}`,
        );
        const dir = await bundleDir("edge-a-s2");
        expect(fs.readdirSync(dir).sort()).toEqual(
            [
                "continuum-lib.sh",
                "converge-lib.sh",
                "k3s-install.sh",
                "k3s-uninstall.sh",
                arm.fileName,
                "node-converge.sh",
                "node-unconverge.sh",
                "preflight-gate.sh",
                "preflight-rules.tsv",
                "preflight.sh",
            ].sort(),
        );
        expect(fs.readFileSync(path.join(dir, arm.fileName), "utf8")).toBe(
            fs.readFileSync(path.join(airgap.artifactDir, arm.fileName), "utf8"),
        );
    });

    test("nodes with the same files share one bundle; the command lines hold only the script paths", () => {
        // s1 carries the quorum guard (the first server), s2 is arm64: s3 and a fourth server alike would share.
        expect(envOf("edge-a-s1").CONTINUUM_BUNDLE).not.toBe(envOf("edge-a-s3").CONTINUUM_BUNDLE);
        expect(envOf("edge-a-s3").CONTINUUM_BUNDLE).not.toBe(envOf("edge-a-s2").CONTINUUM_BUNDLE);
        const c = named(converge("edge-a-a1")).inputs;
        const env = envOf("edge-a-a1");
        expect(c.create).toBe("bash components/hosts/scripts/fleet-node-ssh.sh converge");
        expect(c.update).toBeUndefined();
        expect(c.delete).toBe("bash components/hosts/scripts/fleet-node-ssh.sh unconverge");
        expect(env.CONTINUUM_REMOTE_CONVERGE).toBe(
            `sudo -k -S -p '' -- bash ${env.CONTINUUM_REMOTE_DIR}/node-converge.sh`,
        );
        expect(env.CONTINUUM_REMOTE_UNCONVERGE).toBe(
            `sudo -k -S -p '' -- bash ${env.CONTINUUM_REMOTE_DIR}/node-unconverge.sh`,
        );
    });

    test("labels and taints of every node are reconciled by one pool step on the first server", () => {
        const p = paramsOf("edge-a-nodes-run");
        expect(p.KUBECTL_FLAVOR).toBe("k3s");
        expect(p.NODE_NAMES).toBe(ALL.join(","));
        const items = (
            JSON.parse(p.NODES_MANIFEST) as { items: { metadata: { name: string; labels: Record<string, string> } }[] }
        ).items;
        const labels = Object.fromEntries(items.map((i) => [i.metadata.name, i.metadata.labels]));
        expect(labels["edge-a-a1"]).toEqual({
            "continuum.dev/cluster": "edge-a",
            "continuum.dev/tier": "edge",
            site: "factory-a",
            zone: "line-1",
        });
        expect(labels["edge-a-a2"]["runtime.continuum.dev/kata"]).toBe("true");
        expect(p.NODE_TAINTS).toBe("edge-a-a1 dedicated=camera:NoSchedule");
        expect(stepEnv("edge-a-nodes-run").CONTINUUM_SSH_HOST).toBe("10.0.0.11");
    });

    test(
        "nodes leaving the spec are drained and deleted by the pool step " + "alone: no lifecycle step undoes anything",
        () => {
            for (const step of [
                "edge-a-edge-a-s2-lifecycle-reconcile-run",
                "edge-a-edge-a-s1-lifecycle-reconcile-run",
                "edge-a-nodes-run",
            ]) {
                expect(stepEnv(step).CONTINUUM_REMOTE_UNCONVERGE).toBe("-");
            }
            expect(paramsOf("edge-a-edge-a-s2-lifecycle-reconcile-run").NODE_LABELS).toBeUndefined();
        },
    );

    test("a version override without pinned checksums is refused", () => {
        const spec = sshSpec("k3s", (raw) => {
            raw.versions = { k3s: "v1.99.0+k3s1" };
        });
        expect(() => k3sVersion(spec, VERSION_TABLE)).toThrow(
            new RegExp(
                /versions.k3s is v1.99.0\+k3s1 but this continuum /.source +
                    /pins K3s .* pin v1.99.0\+k3s1 in the stack \(artifacts\.k3s\.version/.source,
            ),
        );
    });
});

describe("K3sCluster secrets and safety", () => {
    test("the join token is a secret from birth and reaches each node only in its converge's secret stdin", () => {
        const token = mocks.ofType("random:index/randomPassword:RandomPassword");
        expect(token.length).toBe(1);
        expect(recordedOptions.get(token[0].name)!.additionalSecretOutputs).toContain("result");
        for (const n of ALL) {
            expect(isSecretInput(named(converge(n)).inputs.stdin)).toBe(true);
            expect(inputOf(n).steps["k3s-install.sh"].K3S_TOKEN).toBe("mock-token-result");
            expect(inputOf(n).steps["k3s-upgrade.sh"]?.K3S_TOKEN).toBeUndefined();
        }
    });

    test("no secret appears in any create/update/delete string or a converge's environment", () => {
        const secrets = [
            SECRETS.privateKey,
            SECRETS.bastionKey,
            SECRETS.sudoPassword,
            "FIXTUREKEYMATERIAL",
            "mock-token-result",
        ];
        expect(commands().length).toBeGreaterThan(10);
        for (const c of [...commands(), ...converges()]) {
            const text = JSON.stringify([c.inputs.create, c.inputs.update, c.inputs.delete, c.inputs.environment]);
            for (const s of secrets) expect(text).not.toContain(s);
        }
    });

    test("sudo's password is the first line of every converge input (after the keys), never part of a command", () => {
        for (const n of ALL) expect(stdinOf(n).convergeInput.split("\n")[0]).toBe(SECRETS.sudoPassword);
    });

    test("the SSH keys reach a converge only on its secret stdin: the login key, then the bastion's", () => {
        for (const n of ALL) {
            expect(stdinOf(n).privateKey).toBe(SECRETS.privateKey);
            expect(stdinOf(n).bastionKey).toBe(SECRETS.bastionKey);
        }
    });

    test("every one-shot step pins the node's host key and the bastion's; so does every converge", () => {
        const nodeKeys = sshSpec("k3s").clusters[0].nodes.map((n) => n.hostKey);
        for (const r of commands()) {
            const env = stepEnv(r.name);
            expect(nodeKeys).toContain(env.CONTINUUM_SSH_HOST_KEY);
            expect(env.CONTINUUM_BASTION_HOST_KEY).toBe(BASTION_HOST_KEY);
            expect(Number(env.CONTINUUM_DIAL_TIMEOUT)).toBeGreaterThan(0);
        }
        expect(mocks.recorded.filter((r) => r.type.startsWith("command:remote:"))).toEqual([]);
        for (const n of ALL) {
            expect(envOf(n).CONTINUUM_SSH_HOST_KEY).toBe(nodeKeys[ALL.indexOf(n)]);
            expect(envOf(n).CONTINUUM_BASTION_HOST_KEY).toBe(BASTION_HOST_KEY);
            expect(envOf(n).CONTINUUM_SSH_INSECURE).toBeUndefined();
            expect(Number(envOf(n).CONTINUUM_DIAL_TIMEOUT)).toBeGreaterThan(0);
        }
    });

    test(
        "the kubeconfig step logs nothing; the handle's kubeconfig is secret " + "and points at the API endpoint",
        async () => {
            expect(named("edge-a-kubeconfig-run").inputs.logging).toBe("none");
            expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
            const text = await new Promise<string>((resolve) =>
                cluster.kubeconfig.apply((t) => {
                    resolve(t);
                    return t;
                }),
            );
            expect(text).toContain("server: https://api.edge-a.example.net:6443");
            expect(text).toContain("current-context: edge-a");
        },
    );

    test("the provider has a stable cluster identifier and the secret kubeconfig", () => {
        const providers = mocks.ofType("pulumi:providers:kubernetes");
        expect(providers.length).toBe(1);
        expect(providers[0].inputs.clusterIdentifier).toBe("edge-a-ssh");
        expect(isSecretInput(providers[0].inputs.kubeconfig)).toBe(true);
    });

    test("the handle carries endpoint, CIDRs and nodes with labels; K3s installs the runtimes itself", () => {
        expect(cluster.apiHost).toBe("api.edge-a.example.net");
        expect(cluster.apiPort).toBe(6443);
        expect(cluster.podCidr).toBe("10.20.0.0/16");
        expect(cluster.nodes.map((n) => n.name)).toEqual(ALL);
        expect(cluster.nodes[4].labels["runtime.continuum.dev/kata"]).toBe("true");
        expect(cluster.nodes[4].runtimesInstalled).toBe(true);
        expect(cluster.nodes[3].runtimesInstalled).toBeUndefined();
    });

    test(
        "every remote command and copy has create/update/delete timeouts; " +
            "converges and host scripts are deleted before they are replaced",
        () => {
            const remote = [...commands(), ...converges()];
            expect(remote.length).toBeGreaterThan(15);
            for (const r of remote) {
                const o = recordedOptions.get(r.name)!;
                expect(o.timeouts.create).toMatch(/^\d+s$/);
                expect(o.timeouts.update).toMatch(/^\d+s$/);
                expect(o.timeouts.delete).toMatch(/^\d+s$/);
                if (r.name.endsWith("-converge") || r.name.endsWith("-run")) expect(o.deleteBeforeReplace).toBe(true);
            }
            // The converge outlives the script's own limits: its run timeout plus the dials.
            for (const n of ALL)
                expect(parseInt(recordedOptions.get(converge(n))!.timeouts.create, 10)).toBeGreaterThan(
                    Number(envOf(n).CONTINUUM_RUN_TIMEOUT),
                );
        },
    );

    test("the kubeconfig step's stdout and stderr are secret outputs; converges print no secrets and log", () => {
        expect(recordedOptions.get("edge-a-kubeconfig-run")!.additionalSecretOutputs).toEqual(
            expect.arrayContaining(["stderr", "stdout"]),
        );
        expect(recordedOptions.get(converge("edge-a-s1"))!.additionalSecretOutputs).not.toContain("stdout");
        // Unset: the provider's default, stdout and stderr.
        expect(named(converge("edge-a-s1")).inputs.logging).toBeUndefined();
    });
});
