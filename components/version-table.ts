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
        // crun: sha256 from kubespray roles/kubespray_defaults/vars/main/checksums.yml (crun_checksums),
        // the newest version that table pins; crun publishes no arm (32-bit) static binary.
        crun: {
            version: "1.17",
            files: {
                amd64: { url: "https://github.com/containers/crun/releases/download/1.17/crun-1.17-linux-amd64", fileName: "crun-1.17-linux-amd64", sha256: "e9512a3e034e781b2396d068fd24eafcd5788e410403da886df9dc8871d504a5" },
                arm64: { url: "https://github.com/containers/crun/releases/download/1.17/crun-1.17-linux-arm64", fileName: "crun-1.17-linux-arm64", sha256: "3049017b99208f5ecd15c1366f47a77dace87f42dccf317ad40a07f1a867518c" },
            },
        },
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
        // runwasi containerd-shim-wasmedge: no upstream-published sha256 could be found for this
        // release, so the checksums are empty and installs refuse (see components/runtimes/artifacts.ts)
        // until someone pins the value from the release's own checksum file.
        wasmedgeShim: {
            version: "0.6.0",
            files: {
                amd64: { url: "https://github.com/containerd/runwasi/releases/download/containerd-shim-wasmedge%2Fv0.6.0/containerd-shim-wasmedge-x86_64-linux-musl.tar.gz", fileName: "containerd-shim-wasmedge-v0.6.0-x86_64-linux-musl.tar.gz", sha256: "" },
                arm64: { url: "https://github.com/containerd/runwasi/releases/download/containerd-shim-wasmedge%2Fv0.6.0/containerd-shim-wasmedge-aarch64-linux-musl.tar.gz", fileName: "containerd-shim-wasmedge-v0.6.0-aarch64-linux-musl.tar.gz", sha256: "" },
            },
        },
        // Kata static release (installed over SSH): sha256 from kubespray checksums.yml
        // (kata_containers_binary_checksums), whose newest pin is 3.7.0. kata-deploy (kind/k3d)
        // runs the chart version below, a newer Kata: see docs/discovery-and-runtimes.md.
        kata: {
            version: "3.7.0",
            files: {
                amd64: { url: "https://github.com/kata-containers/kata-containers/releases/download/3.7.0/kata-static-3.7.0-amd64.tar.xz", fileName: "kata-static-3.7.0-amd64.tar.xz", sha256: "bebf218cafdc082476c7dabbcc5439aee6a41d6dda24dd3cfffbe0a6ae94e23d" },
                arm64: { url: "https://github.com/kata-containers/kata-containers/releases/download/3.7.0/kata-static-3.7.0-arm64.tar.xz", fileName: "kata-static-3.7.0-arm64.tar.xz", sha256: "23e0d5c4e38c6944729a11c631f947abc5aab19427a44d8691bfb9ad1c38b831" },
            },
        },
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
