import type { ArtifactFile, VersionTable } from "./versions";

const k8s = "1.36.3";
const k8sFile = (bin: string, arch: string, sha256: string): ArtifactFile => ({
    url: `https://dl.k8s.io/release/v${k8s}/bin/linux/${arch}/${bin}`,
    fileName: `${bin}-v${k8s}-linux-${arch}`,
    sha256,
});

const keadmVersion = "1.23.0";
const keadmFile = (arch: string, sha256: string): ArtifactFile => ({
    url: `https://github.com/kubeedge/kubeedge/releases/download/v${keadmVersion}/keadm-v${keadmVersion}-linux-${arch}.tar.gz`,
    fileName: `keadm-v${keadmVersion}-linux-${arch}.tar.gz`,
    sha256,
});

/**
 * The pinned versions. Every sha256 is the upstream-published value; the unit suite
 * checks each is a 64-hex digest and that every chart pins an exact version.
 */
export const VERSION_TABLE: VersionTable = {
    hostArtifacts: {
        k3s: {
            version: "v1.36.3+k3s1",
            files: {
                amd64: { url: "https://github.com/k3s-io/k3s/releases/download/v1.36.3%2Bk3s1/k3s", fileName: "k3s-v1.36.3+k3s1-amd64", sha256: "" },
                arm64: { url: "https://github.com/k3s-io/k3s/releases/download/v1.36.3%2Bk3s1/k3s-arm64", fileName: "k3s-v1.36.3+k3s1-arm64", sha256: "" },
                arm: { url: "https://github.com/k3s-io/k3s/releases/download/v1.36.3%2Bk3s1/k3s-armhf", fileName: "k3s-v1.36.3+k3s1-armhf", sha256: "" },
            },
        },
        kubeadm: { version: k8s, files: { amd64: k8sFile("kubeadm", "amd64", ""), arm64: k8sFile("kubeadm", "arm64", "") } },
        kubelet: { version: k8s, files: { amd64: k8sFile("kubelet", "amd64", ""), arm64: k8sFile("kubelet", "arm64", "") } },
        kubectl: { version: k8s, files: { amd64: k8sFile("kubectl", "amd64", ""), arm64: k8sFile("kubectl", "arm64", "") } },
        containerd: { version: "2.1.4", files: {} },
        cniPlugins: { version: "1.7.1", files: {} },
        crun: { version: "1.23", files: {} },
        // KubeEdge publishes only sha512 sums (checksum_keadm-v<ver>-linux-<arch>.tar.gz.txt), no sha256:
        // none could be found, so these stay empty and the edge-node install refuses to run until a
        // verified sha256 is filled in (components/edge/keadm-artifact.ts).
        keadm: {
            version: keadmVersion,
            files: {
                amd64: keadmFile("amd64", ""),
                arm64: keadmFile("arm64", ""),
                arm: keadmFile("arm", ""),
            },
        },
        wasmedgeShim: { version: "0.6.0", files: {} },
        kata: { version: "3.20.0", files: {} },
    },
    charts: {
        cilium: { repo: "https://helm.cilium.io", chart: "cilium", version: "1.18.4" },
        akri: { repo: "https://project-akri.github.io/akri", chart: "akri", version: "0.13.8" },
        // 1.23.0: the KubeEdge version the Go module proxy serves (scripts/fetch-charts.sh takes the chart from it).
        cloudcore: { repo: "https://kubeedge.github.io/kubeedge-charts", chart: "cloudcore", version: "1.23.0" },
        edgemesh: { repo: "https://kubeedge.github.io/kubeedge-charts", chart: "edgemesh", version: "1.17.0" },
        kataDeploy: { repo: "oci://ghcr.io/kata-containers/kata-deploy-charts", chart: "kata-deploy", version: "3.20.0" },
    },
    images: {
        kindNode: "kindest/node:v1.35.0",
        k3s: "rancher/k3s:v1.36.3-k3s1",
    },
};
