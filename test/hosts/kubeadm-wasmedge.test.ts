/**
 * Issue 21 item 4 (kubeadm worker): the WasmEdge shim installed over SSH on a kubeadm worker and
 * registered in containerd's config, by the toolkit's own node converge (fixture
 * test/hosts/fixtures/kubeadm-wasmedge: the preflight gate, kubeadm-install.sh joining with
 * KubeadmCluster's parameters, then the node's runtimes-install.sh in drop-in mode) run by the real
 * Pulumi engine over real SSH on a disposable Debian host. containerd is the real 2.2.1 (the
 * version the table pins), built here from its Go module source; kubeadm, kubelet, kubectl, the CNI
 * plugins and the runwasi shim are stand-ins, named as such. Every file is pinned by the stack's own
 * `artifacts:` pins. The control plane is in the spec only: its steps need a live Kubernetes API.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConvergeLogs } from "./harness/converge-logs";
import { diffSnapshots, logLines, snapshot, sshLogins } from "./harness/host-state";
import { errorDiagnostics, FixtureStack, stepOps } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { TestHostRun } from "./harness/test-hosts";
import { run } from "./harness/shell";
import { eventsWithoutSecretValues, secretLeaks, secretValues } from "./harness/secret-scan";
import { packTarGz, packWasmedgeShimStandIn, sha256, standInText, type PackedFile } from "./harness/stand-in-archives";
import { packBuiltContainerd } from "./harness/containerd-built";
import { VERSION_TABLE } from "../../components/version-table";

const FIXTURE = path.join(__dirname, "fixtures", "kubeadm-wasmedge");
const T = VERSION_TABLE.hostArtifacts;
const K8S = `v${T.kubeadm.version}`;
const SHIM_PATH = "/usr/local/bin/containerd-shim-wasmedge-v1";
const DROPIN = "/etc/containerd/conf.d/continuum-runtimes.toml";
const STANDIN_LOG = "/var/log/kube-standin.log";

/** The stand-ins and the built containerd in `airgapDir`, and the stack's `artifacts:` pins for them. */
function prepareAirgap(dir: string): {
    airgapDir: string;
    artifacts: Record<string, { amd64: PackedFile }>;
    shimSha256: string;
} {
    const airgapDir = path.join(dir, "airgap");
    fs.mkdirSync(airgapDir, { recursive: true });
    const tool = (name: "kubeadm" | "kubelet" | "kubectl"): PackedFile => {
        const fileName = `${name}-standin-${K8S}-amd64`;
        const text = standInText("kube-standin.sh", { TOOL: name, VERSION: K8S });
        fs.writeFileSync(path.join(airgapDir, fileName), text, { mode: 0o755 });
        return { fileName, sha256: sha256(text) };
    };
    const cniDir = fs.mkdtempSync(path.join(dir, "cni-"));
    for (const p of ["bridge", "host-local", "loopback", "portmap"]) {
        fs.writeFileSync(path.join(cniDir, p), standInText("cni-plugin-standin.sh", {}), { mode: 0o755 });
    }
    const cni = packTarGz(
        cniDir,
        ["./bridge", "./host-local", "./loopback", "./portmap"],
        airgapDir,
        `cni-plugins-standin-linux-amd64-v${T.cniPlugins.version}.tgz`,
    );
    const shim = packWasmedgeShimStandIn(airgapDir, T.wasmedgeShim.version);
    return {
        airgapDir,
        shimSha256: shim.shimSha256,
        artifacts: {
            containerd: { amd64: packBuiltContainerd(T.containerd.version, airgapDir) },
            cniPlugins: { amd64: cni },
            kubeadm: { amd64: tool("kubeadm") },
            kubelet: { amd64: tool("kubelet") },
            kubectl: { amd64: tool("kubectl") },
            wasmedgeShim: { amd64: { fileName: shim.fileName, sha256: shim.sha256 } },
        },
    };
}

describe(
    "WasmEdge shim on a kubeadm worker over SSH (real containerd 2.2.1; " +
        "stand-in kubeadm/kubelet/kubectl, CNI plugins and shim)",
    () => {
        let hosts: TestHostRun;
        let stack: FixtureStack;
        let firstUp: PulumiRun;
        let pristine: string[];
        let shimSha256: string;
        let token: string;
        let logs: ConvergeLogs;

        beforeAll(async () => {
            hosts = await TestHostRun.create();
            logs = new ConvergeLogs(path.join(hosts.dir, "converge-logs"));
            await hosts.add([{ name: "cp" }, { name: "wrk" }]);
            // The worker as its owner prepares it: the distribution's runc (kubeadm-install.sh requires it).
            await hosts.execOk("wrk", [
                "sh",
                "-c",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends runc >/dev/null",
            ]);
            // Kernel settings a container cannot change itself (kubeadm-install.sh says to set them from
            // outside): the host's network namespace is the test host's own, so they stay its own.
            const sysctl = await run([
                "ip",
                "netns",
                "exec",
                hosts.host("wrk").link.netns,
                "sysctl",
                "-q",
                "-w",
                "net.ipv4.ip_forward=1",
                "net.bridge.bridge-nf-call-iptables=1",
                "net.bridge.bridge-nf-call-ip6tables=1",
            ]);
            if (sysctl.status !== 0) throw new Error(`sysctl from outside the worker failed: ${sysctl.stderr}`);
            pristine = await snapshot(hosts, "wrk");
            const dir = path.join(hosts.dir, "stacks", "kubeadm-wasmedge");
            const air = prepareAirgap(dir);
            token = `${randomBytes(3).toString("hex")}.${randomBytes(8).toString("hex")}`;
            shimSha256 = air.shimSha256;
            const node = (name: string, role: string, extra: Record<string, unknown> = {}) => ({
                name,
                host: hosts.host(name).address,
                hostKey: hosts.host(name).hostKey,
                roles: [role],
                ...extra,
            });
            stack = new FixtureStack(FIXTURE, "kubeadm-wasmedge", dir);
            await stack.init(
                {
                    "continuum:spec": {
                        ssh: { user: "continuum", sudo: { mode: "nopasswd" }, timeoutSeconds: 120 },
                        airgap: { artifactDir: air.airgapDir },
                        artifacts: air.artifacts,
                        clusters: [
                            {
                                name: "cloud",
                                tier: "cloud",
                                distribution: "kubeadm",
                                substrate: "ssh",
                                network: { podCidr: "10.10.0.0/16", serviceCidr: "10.110.0.0/16" },
                                // The test hosts boot hybrid cgroups (docs/test-hosts.md).
                                hostSystem: { allowCgroupV1: true },
                                nodes: [node("cp", "control-plane"), node("wrk", "worker", { runtimes: ["wasmedge"] })],
                            },
                        ],
                    },
                },
                {
                    "continuum:spec.ssh.privateKey": hosts.privateKey,
                    "fixture:bootstrapToken": token,
                },
            );
            firstUp = await stack.up();
        }, 1_200_000);

        afterAll(() => {
            logs?.restore();
            hosts?.destroy();
        });

        it("pulumi up succeeds", () => {
            expect(errorDiagnostics(firstUp.events)).toEqual([]);
            expect(firstUp.status).toBe(0);
        });

        it(
            "the worker joined with the stand-in kubeadm and runs the pinned " +
                "containerd 2.2.1 (built here) and the kubelet unit",
            async () => {
                const calls = (await logLines(hosts, "wrk", STANDIN_LOG)).map(
                    (l) => /\tcall=(.*?)\s*$/.exec(l)?.[1] ?? l,
                );
                expect(calls).toContain("kubeadm join --config /etc/kubernetes/continuum-kubeadm.yaml");
                expect(await hosts.execOk("wrk", ["/usr/local/bin/containerd", "--version"])).toContain(" 2.2.1");
                for (const unit of ["containerd", "kubelet"])
                    expect((await hosts.execOk("wrk", ["systemctl", "is-active", unit])).trim()).toBe("active");
            },
        );

        it("installs the shim from the stack-pinned archive in /usr/local/bin, on containerd's PATH", async () => {
            expect((await hosts.execOk("wrk", ["stat", "-c", "%a %U %G", SHIM_PATH])).trim()).toBe("755 root root");
            expect((await hosts.execOk("wrk", ["sha256sum", SHIM_PATH])).split(/\s+/)[0]).toBe(shimSha256);
            expect(await hosts.execOk("wrk", [SHIM_PATH, "--version"])).toContain(`Version: ${T.wasmedgeShim.version}`);
        });

        it(
            "registers the wasmedge handler (io.containerd.wasmedge.v1) in a " +
                "drop-in the main config imports, and containerd 2.2.1 loads it",
            async () => {
                expect(await hosts.execOk("wrk", ["cat", "/etc/containerd/config.toml"])).toContain(
                    'imports = ["/etc/containerd/conf.d/*.toml"]',
                );
                const dropin = await hosts.execOk("wrk", ["cat", DROPIN]);
                expect(dropin).toContain(
                    '[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.wasmedge]\n  ' +
                        'runtime_type = "io.containerd.wasmedge.v1"',
                );
                const dump = await hosts.execOk("wrk", ["/usr/local/bin/containerd", "config", "dump"]);
                const table =
                    /\[plugins\.'io\.containerd\.cri\.v1\.runtime'\.containerd\.runtimes\.wasmedge\]\n([^[]*)/.exec(
                        dump,
                    );
                expect(table?.[1]).toMatch(/runtime_type = 'io\.containerd\.wasmedge\.v1'/);
                // runc stays configured beside it (from the main config).
                expect(dump).toMatch(/\[plugins\.'io\.containerd\.cri\.v1\.runtime'\.containerd\.runtimes\.runc\]/);
            },
        );

        it(
            "declares the runtime label on the worker and a RuntimeClass wasmedge " +
                "selecting it (created: kubeadm ships none)",
            async () => {
                const out = await stack.outputs();
                expect((out.runtimeLabels as Record<string, Record<string, string>>).wrk).toEqual({
                    "runtime.continuum.dev/wasmedge": "true",
                });
                expect(out.runtimeClasses).toEqual([
                    expect.objectContaining({
                        runtime: "wasmedge",
                        name: "wasmedge",
                        handler: "wasmedge",
                        nodeSelector: { "runtime.continuum.dev/wasmedge": "true" },
                        mode: "create",
                    }),
                ]);
            },
        );

        it(
            "the bootstrap token (in the join configuration) and the SSH key " +
                "stay out of the stored state and the up's log",
            async () => {
                const secrets = secretValues(await stack.exportState(true));
                expect(secrets.some((v) => v.includes(token))).toBe(true);
                expect(
                    secretLeaks(secrets, {
                        "stored state": await stack.exportState(),
                        "first up's events": eventsWithoutSecretValues(firstUp.events),
                    }),
                ).toEqual([]);
                // The join configuration held it only while kubeadm ran (0600, removed after use).
                expect(
                    (await hosts.exec("wrk", ["test", "-e", "/etc/kubernetes/continuum-kubeadm.yaml"])).status,
                ).not.toBe(0);
            },
        );

        it("a second pulumi up changes nothing and logs in nowhere", async () => {
            const before = await sshLogins(hosts, "wrk");
            const again = await stack.up(["--expect-no-changes"]);
            expect(errorDiagnostics(again.events)).toEqual([]);
            expect(again.status).toBe(0);
            expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
            expect(await sshLogins(hosts, "wrk")).toBe(before);
        });

        it("the converge run again by hand with the same input changes nothing and restarts nothing", async () => {
            const c = await stack.resourceInputs("command:local:Command", "cloud-wrk-converge");
            const before = await snapshot(hosts, "wrk");
            const pid = (
                await hosts.execOk("wrk", ["systemctl", "show", "-p", "MainPID", "--value", "containerd"])
            ).trim();
            const [cmd, ...args] = (c.create as string).split(" ");
            // As the command provider runs it: in the project directory, with its environment and stdin.
            const r = await run([cmd, ...args], {
                input: c.stdin as string,
                cwd: FIXTURE,
                env: c.environment as Record<string, string>,
            });
            expect([r.status, r.stderr.slice(-2000)]).toEqual([0, expect.anything()]);
            expect(logs.read("wrk")).toContain("changed=0");
            expect(diffSnapshots(before, await snapshot(hosts, "wrk"))).toEqual({ added: [], removed: [] });
            expect(
                (await hosts.execOk("wrk", ["systemctl", "show", "-p", "MainPID", "--value", "containerd"])).trim(),
            ).toBe(pid);
        });

        it("pulumi destroy uninstalls the shim, the drop-in and the node, leaving the worker as it was", async () => {
            const d = await stack.destroy();
            expect(errorDiagnostics(d.events)).toEqual([]);
            expect(d.status).toBe(0);
            expect((await hosts.exec("wrk", ["test", "-e", SHIM_PATH])).status).not.toBe(0);
            expect(diffSnapshots(pristine, await snapshot(hosts, "wrk"))).toEqual({ added: [], removed: [] });
        });
    },
);
