/**
 * KubeadmCluster with an API VIP (unit tier, Pulumi mocks): what the control planes' converges and
 * the member step declare — the plan `preview` shows (issue 23; components/day2/kubeadm-ha.ts).
 */
import { parse, parseAllDocuments } from "yaml";
import { installMocks } from "../helpers/pulumi-mocks";
import { NODE_KUBECONFIG, sshSpec } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomString:RandomString") return { result: "abc123" };
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: "0123456789abcdef" };
    if (r.type !== "command:local:Command") return {};
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { recordDependencies, recordedOptions, transitiveDeps } from "../hosts-unit/dependencies";
import { plain } from "../hosts-unit/recorded";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { parseParams } from "../../components/hosts/params";
import { KubeadmCluster } from "../../components/clusters/kubeadm/kubeadm-cluster";

const VIP = "10.0.0.100";
const deps = recordDependencies();
const airgap = standInAirgap();

beforeAll(async () => {
    const spec = sshSpec("kubeadm", (raw) => {
        raw.airgap = { artifactDir: airgap.artifactDir };
        raw.clusters[0].nodes[1].arch = "amd64";
        raw.clusters[0].apiEndpoint = { vip: VIP, interface: "eth0" };
    });
    new KubeadmCluster("cloud", { spec, cluster: "cloud" });
    for (let i = 0; i < 8; i++) await mocks.settle();
});
afterAll(() => airgap.cleanup());

const run = (name: string) => {
    const r = mocks.ofType("command:local:Command").find((c) => c.name === name);
    if (!r) throw new Error(`no command ${name}`);
    return r;
};
const converge = (node: string) =>
    parseConvergeInput(parseFleetSshStdin(plain<string>(run(`cloud-${node}-converge`).inputs.stdin)).convergeInput);
const stepsOf = (node: string) => converge(node).global.STEPS.split(" ");

describe("KubeadmCluster with apiEndpoint.vip", () => {
    it("the first control plane: guard, kube-vip before init, kubeadm init, kube-vip after", () => {
        expect(stepsOf("cloud-s1").slice(0, 5)).toEqual([
            "preflight-gate.sh",
            "kubeadm-etcd-quorum-guard.sh",
            "kubeadm-kube-vip-init.sh",
            "kubeadm-install.sh",
            "kubeadm-kube-vip.sh",
        ]);
        const uninstalls = converge("cloud-s1").global.UNINSTALLS ?? "";
        expect(uninstalls).toContain("kubeadm-kube-vip-uninstall.sh");
    });

    it("joining control planes get kube-vip after the join; workers none", () => {
        for (const n of ["cloud-s2", "cloud-s3"])
            expect(stepsOf(n).slice(0, 3)).toEqual(["preflight-gate.sh", "kubeadm-install.sh", "kubeadm-kube-vip.sh"]);
        for (const n of ["cloud-a1", "cloud-a2"]) expect(stepsOf(n).some((s) => s.includes("kube-vip"))).toBe(false);
    });

    it("the VIP is kubeadm's control-plane endpoint and an API certificate SAN", () => {
        const cfg = parseAllDocuments(converge("cloud-s1").steps["kubeadm-install.sh"].KUBEADM_CONFIG).map((d) =>
            d.toJS(),
        );
        const cluster = cfg.find((d) => d.kind === "ClusterConfiguration");
        expect(cluster.controlPlaneEndpoint).toBe(`${VIP}:6443`);
        expect(cluster.apiServer.certSANs).toContain(VIP);
        const vip = parse(converge("cloud-s2").steps["kubeadm-kube-vip.sh"].KUBE_VIP_MANIFEST);
        expect(vip.spec.containers[0].image).toMatch(/^ghcr\.io\/kube-vip\/kube-vip:v1\.0\.0@sha256:[0-9a-f]{64}$/);
    });

    it("the member step runs on the first control plane after every converge, before the pool step", () => {
        const p = parseParams(
            parseFleetSshStdin(plain<string>(run("cloud-etcd-members-run").inputs.stdin)).convergeInput,
        );
        expect(p).toMatchObject({
            NODE_NAME: "cloud-s1",
            CLUSTER: "cloud",
            CONTROL_PLANES: "cloud-s1,cloud-s2,cloud-s3",
        });
        for (const n of ["cloud-s1", "cloud-s2", "cloud-s3", "cloud-a1", "cloud-a2"])
            expect(transitiveDeps(deps, "cloud-etcd-members-run").has(`cloud-${n}-converge`)).toBe(true);
        expect(transitiveDeps(deps, "cloud-nodes-run").has("cloud-etcd-members-run")).toBe(true);
    });

    it("a one-shot step moving to another host (the init role moved) is replaced: the delete cleans the old", () => {
        for (const step of ["cloud-kubeconfig-run", "cloud-etcd-members-run", "cloud-nodes-run"])
            expect(recordedOptions.get(step)?.replaceOnChanges).toEqual(
                expect.arrayContaining(["environment.CONTINUUM_SSH_HOST", "environment.CONTINUUM_NODE"]),
            );
    });
});
