import { parseAllDocuments } from "yaml";
import {
    ignoredPreflightErrors,
    renderInitConfig,
    renderJoinConfig,
    type KubeadmClusterInput,
} from "../../components/clusters/kubeadm/kubeadm-config";
import { kubeadmSandboxImage, renderContainerdConfig } from "../../components/clusters/kubeadm/containerd-files";
import { VERSION_TABLE } from "../../components/version-table";
import { TEST_CA_HASH } from "../hosts-unit/ssh-fixtures";

const TOKEN = "abcdef.0123456789abcdef";
const KEY = "a".repeat(64);
const cluster: KubeadmClusterInput = {
    clusterName: "cloud",
    kubernetesVersion: "v1.36.3",
    controlPlaneEndpoint: "172.31.20.10:6443",
    podSubnet: "10.244.0.0/16",
    serviceSubnet: "10.96.0.0/12",
    dnsDomain: "cluster.local",
    certSans: ["172.31.20.10"],
    kubeProxyReplacement: false,
};
const both = { allowCgroupV1: true, systemContainer: true };
const node = (hs?: typeof both) => ({
    nodeName: "cp",
    host: "172.31.20.10",
    ignorePreflightErrors: ignoredPreflightErrors(hs),
});
const docsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS());
const kind = (docs: Record<string, unknown>[], k: string) => docs.find((d) => d.kind === k);

describe("hostSystem in the kubeadm configuration", () => {
    test("by default: no failCgroupV1, no ignored preflight error, no KubeProxyConfiguration", () => {
        const docs = docsOf(renderInitConfig(cluster, node(), 6443, TOKEN, KEY));
        expect(kind(docs, "KubeletConfiguration")).toEqual({
            apiVersion: "kubelet.config.k8s.io/v1beta1",
            kind: "KubeletConfiguration",
            cgroupDriver: "systemd",
        });
        expect(
            (kind(docs, "InitConfiguration")?.nodeRegistration as Record<string, unknown>).ignorePreflightErrors,
        ).toBeUndefined();
        expect(kind(docs, "KubeProxyConfiguration")).toBeUndefined();
    });

    test("allowCgroupV1: the kubelet tolerates cgroup v1; kubeadm ignores SystemVerification on init and join", () => {
        const hs = { allowCgroupV1: true, systemContainer: false };
        const docs = docsOf(renderInitConfig({ ...cluster, hostSystem: hs }, node(hs), 6443, TOKEN, KEY));
        expect(kind(docs, "KubeletConfiguration")?.failCgroupV1).toBe(false);
        expect(
            (kind(docs, "InitConfiguration")?.nodeRegistration as Record<string, unknown>).ignorePreflightErrors,
        ).toEqual(["SystemVerification"]);
        expect(kind(docs, "KubeProxyConfiguration")).toBeUndefined();
        const join = docsOf(
            renderJoinConfig({ ...node(hs), nodeName: "w1" }, "172.31.20.10:6443", TOKEN, TEST_CA_HASH, undefined),
        );
        expect((join[0].nodeRegistration as Record<string, unknown>).ignorePreflightErrors).toEqual([
            "SystemVerification",
        ]);
    });

    test(
        "systemContainer: kube-proxy leaves the machine-wide conntrack " +
            "size alone (not with kube-proxy replacement)",
        () => {
            const docs = docsOf(renderInitConfig({ ...cluster, hostSystem: both }, node(both), 6443, TOKEN, KEY));
            expect(kind(docs, "KubeProxyConfiguration")).toEqual({
                apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
                kind: "KubeProxyConfiguration",
                conntrack: { maxPerCore: 0 },
            });
            const kpr = docsOf(
                renderInitConfig(
                    { ...cluster, kubeProxyReplacement: true, hostSystem: both },
                    node(both),
                    6443,
                    TOKEN,
                    KEY,
                ),
            );
            expect(kind(kpr, "KubeProxyConfiguration")).toBeUndefined();
        },
    );
});

describe("hostSystem.evictionHard", () => {
    test("given, the kubelet configuration every node reads carries exactly those thresholds", () => {
        const hs = { allowCgroupV1: false, systemContainer: true, evictionHard: { "nodefs.available": "2Gi" } };
        const docs = docsOf(renderInitConfig({ ...cluster, hostSystem: hs }, node(hs), 6443, TOKEN, KEY));
        expect(kind(docs, "KubeletConfiguration")?.evictionHard).toEqual({ "nodefs.available": "2Gi" });
        const plain = docsOf(renderInitConfig({ ...cluster, hostSystem: both }, node(both), 6443, TOKEN, KEY));
        expect(kind(plain, "KubeletConfiguration")).not.toHaveProperty("evictionHard");
    });
});

describe("containerd options", () => {
    test("restrict_oom_score_adj only when asked; the sandbox image pinned when given", () => {
        expect(renderContainerdConfig(true)).not.toMatch(/restrict_oom_score_adj|pinned_images/);
        const text = renderContainerdConfig(true, {
            restrictOomScoreAdj: true,
            sandboxImage: "registry.k8s.io/pause:3.10.1",
        });
        expect(text).toContain('[plugins."io.containerd.cri.v1.runtime"]\n  restrict_oom_score_adj = true\n');
        expect(text).toContain(
            '[plugins."io.containerd.cri.v1.images".pinned_images]\n  sandbox = "registry.k8s.io/pause:3.10.1"\n',
        );
    });

    test("the sandbox image is the pause image of the table's kubeadm images", () => {
        expect(kubeadmSandboxImage(VERSION_TABLE)).toMatch(/^registry\.k8s\.io\/pause:\d/);
    });
});
