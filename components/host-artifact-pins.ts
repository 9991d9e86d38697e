/**
 * The pinned host artifacts (binaries the toolkit installs on hosts) of the version table
 * (version-table.ts): one compact row per artifact, each digest upstream-published.
 */
import type { ArtifactFile, HostArtifact, VersionTable } from "./versions";
import type { Arch } from "./spec/node";

/** A digest by architecture; `undefined`: the file is published, but no digest could be recorded. */
type Digests = Partial<Record<Arch, string | undefined>>;

/**
 * One host artifact from a compact row: the version, where each architecture's file is, and its
 * digests (sha256 unless `algorithm` says sha512). An architecture missing from `digests` is not
 * published upstream.
 */
function artifact(
    version: string,
    file: (arch: Arch) => Pick<ArtifactFile, "url" | "fileName">,
    digests: Digests,
    algorithm: "sha256" | "sha512" = "sha256",
): HostArtifact {
    const files: HostArtifact["files"] = {};
    for (const [arch, digest] of Object.entries(digests) as [Arch, string | undefined][]) {
        files[arch] = { ...file(arch), ...(digest === undefined ? {} : { [algorithm]: digest }) };
    }
    return { version, files };
}

// Kubernetes v1.36.3: the one version of the project (the sim and the real tier build it from the
// Go module proxy; docs/toolchain.md). sha256 of dl.k8s.io's kubeadm/kubelet/kubectl: kubernetes-
// sigs/kubespray roles/kubespray_defaults/vars/main/checksums.yml (kubeadm_/kubelet_/kubectl_checksums,
// as of its commit 46dbdd39 of 2026-08-21); kubectl amd64 is also quoted by several unrelated public
// repositories that pin this URL. Kubernetes publishes no 32-bit arm kubeadm or kubelet.
export const K8S_VERSION = "1.36.3";
const k8s = K8S_VERSION;
const k8sFile = (bin: string) => (arch: Arch) => ({
    url: `https://dl.k8s.io/release/v${k8s}/bin/linux/${arch}/${bin}`,
    fileName: `${bin}-v${k8s}-linux-${arch}`,
});

// K3s of the same Kubernetes version. sha256: the k3s lines of the release's sha256sum-<arch>.txt,
// as recorded with the release URL by several independent public repositories (installers,
// Terraform and Dockerfile pins); none records the armhf one, so arm is installable with a stack pin.
export const K3S_VERSION = "v1.36.3+k3s1";
const k3s = K3S_VERSION;
const k3sSuffix: Record<Arch, string> = { amd64: "", arm64: "-arm64", arm: "-armhf" };
const k3sFile = (arch: Arch) => ({
    url: `https://github.com/k3s-io/k3s/releases/download/${encodeURIComponent(k3s)}/k3s${k3sSuffix[arch]}`,
    fileName: `k3s-${k3s}-${arch === "arm" ? "armhf" : arch}`,
});

export const KEADM_VERSION = "1.23.0";
const keadmVersion = KEADM_VERSION;
const wasmedgeArch: Partial<Record<Arch, string>> = { amd64: "x86_64", arm64: "aarch64" };

/** The host artifacts of VERSION_TABLE, by name. */
export const HOST_ARTIFACT_PINS: VersionTable["hostArtifacts"] = {
    k3s: artifact(k3s, k3sFile, {
        amd64: "2f98a9f8fe5782479ee2d54e70a1b10a7f6fd4cae8d38ed3098452dc6eed76b5",
        arm64: "c9a209103f480f163b7c6a56f00862b4481927b284dc29a3716bb70d886691a8",
        arm: undefined,
    }),
    kubeadm: artifact(k8s, k8sFile("kubeadm"), {
        amd64: "bba1733c701bf70ec74ba1cc3fd5745404c1134a8a4b0a5f8560cc9832023421",
        arm64: "276cfbdc43b10fef663288cc1ed76abf77b1b7f700e9f1c053cb5dc3115484de",
    }),
    kubelet: artifact(k8s, k8sFile("kubelet"), {
        amd64: "46707a53209f826ad0f0d62371ac69cd00e78fd9a8176cf5f6f87f18f7f8b718",
        arm64: "57205a5daf5883873d87b4914e1e00bdd7707acd075714788cfb0fc1f60bc414",
    }),
    kubectl: artifact(k8s, k8sFile("kubectl"), {
        amd64: "ebbd080e7c2e275093b55915722043257eb24004363e20acb3c4d71919f88336",
        arm64: "3d86f24401c41ae5a46ac50eef8865fe891d3647d324a0836f6c63757a126e62",
        arm: "451f3f3805515f3055a4eca918bf89c9aea730bf1a7fc1f969715e5866b0b65b",
    }),
    // containerd and CNI plugins sha256: kubespray's checksums.yml (containerd_archive_checksums,
    // cni_binary_checksums). containerd publishes no 32-bit arm archive; runc comes from the
    // distribution (apt-get install runc).
    containerd: artifact(
        "2.2.1",
        (arch) => ({
            url:
                "https://github.com/containerd/containerd/releases/download/v2.2.1/" +
                `containerd-2.2.1-linux-${arch}.tar.gz`,
            fileName: `containerd-2.2.1-linux-${arch}.tar.gz`,
        }),
        {
            amd64: "f5d8e90ecb6c1c7e33ecddf8cc268a93b9e5b54e0e850320d765511d76624f41",
            arm64: "dac15a0d412a24be8bfe6a40cec8f51829062725169f1e72ac7d120a891ef5b6",
        },
    ),
    cniPlugins: artifact(
        "1.8.0",
        (arch) => ({
            url:
                "https://github.com/containernetworking/plugins/releases/download/v1.8.0/" +
                `cni-plugins-linux-${arch}-v1.8.0.tgz`,
            fileName: `cni-plugins-linux-${arch}-v1.8.0.tgz`,
        }),
        {
            amd64: "ab3bda535f9d90766cccc90d3dddb5482003dd744d7f22bcf98186bf8eea8be6",
            arm64: "57ce466fc3b79db1f19b8f4c63e07a1112306efa53c94fe810a2150dd9e07ddb",
            arm: "7ed51af2ee5c7784c8b978b293ad1cf6c3022d7792a2e79197fb9cdc98f3f752",
        },
    ),
    // crun: sha256 from kubespray's checksums.yml (crun_checksums), the newest version that table
    // pins; crun publishes no arm (32-bit) static binary.
    crun: artifact(
        "1.17",
        (arch) => ({
            url: `https://github.com/containers/crun/releases/download/1.17/crun-1.17-linux-${arch}`,
            fileName: `crun-1.17-linux-${arch}`,
        }),
        {
            amd64: "e9512a3e034e781b2396d068fd24eafcd5788e410403da886df9dc8871d504a5",
            arm64: "3049017b99208f5ecd15c1366f47a77dace87f42dccf317ad40a07f1a867518c",
        },
    ),
    // KubeEdge publishes only sha512 sums (checksum_keadm-v<ver>-linux-<arch>.tar.gz.txt). The values
    // for v1.23.0 could not be read from any source this project can reach (the release page is
    // not mirrored; CHANGELOG-1.23.md links the release page without hashes; installers found
    // download the checksum file at run time instead of recording it), so none is filled in here:
    // a stack pins keadm itself (artifacts.keadm.<arch>.sha512, or checksumFile: that
    // checksum file in airgap.artifactDir) — see docs/ssh.md "Pinning artifacts in the stack".
    keadm: artifact(
        keadmVersion,
        (arch) => ({
            url:
                `https://github.com/kubeedge/kubeedge/releases/download/v${keadmVersion}/` +
                `keadm-v${keadmVersion}-linux-${arch}.tar.gz`,
            fileName: `keadm-v${keadmVersion}-linux-${arch}.tar.gz`,
        }),
        { amd64: undefined, arm64: undefined, arm: undefined },
        "sha512",
    ),
    // runwasi containerd-shim-wasmedge v0.6.0: the release publishes the archives with cosign
    // signatures (.sig/.pem) but no checksum file, and no packaging or installer found records a
    // digest for v0.6.0, so none is filled in: a stack pins it (artifacts.wasmedgeShim.<arch>.sha256,
    // the sha256sum of the archive whose signature the user verified, or checksumFile).
    wasmedgeShim: artifact(
        "0.6.0",
        (arch) => ({
            url:
                "https://github.com/containerd/runwasi/releases/download/containerd-shim-wasmedge%2Fv0.6.0/" +
                `containerd-shim-wasmedge-${wasmedgeArch[arch]}-linux-musl.tar.gz`,
            fileName: `containerd-shim-wasmedge-v0.6.0-${wasmedgeArch[arch]}-linux-musl.tar.gz`,
        }),
        { amd64: undefined, arm64: undefined },
    ),
    // Kata static release (installed over SSH): sha256 from kubespray checksums.yml
    // (kata_containers_binary_checksums), whose newest pin is 3.7.0. kata-deploy (kind/k3d)
    // runs the chart version below, a newer Kata: see docs/discovery-and-runtimes.md.
    kata: artifact(
        "3.7.0",
        (arch) => ({
            url:
                "https://github.com/kata-containers/kata-containers/releases/download/3.7.0/" +
                `kata-static-3.7.0-${arch}.tar.xz`,
            fileName: `kata-static-3.7.0-${arch}.tar.xz`,
        }),
        {
            amd64: "bebf218cafdc082476c7dabbcc5439aee6a41d6dda24dd3cfffbe0a6ae94e23d",
            arm64: "23e0d5c4e38c6944729a11c631f947abc5aab19427a44d8691bfb9ad1c38b831",
        },
    ),
    // etcd's release archive at the etcd kubeadm runs (3.6.8-0): its etcdctl and etcdutl take a
    // kubeadm cluster's snapshots and restore them (docs/day2.md; the etcd image holds only etcd).
    // etcd publishes SHA256SUMS with the release, but no source this project can reach records
    // its values, so none is filled in: a stack pins it (artifacts.etcd.<arch>.sha256), as the real
    // tier does with the archive `npm run toolchain -- --real` builds (scripts/toolchain-set-etcd-client.sh).
    etcd: artifact(
        "3.6.8",
        (arch) => ({
            url: `https://github.com/etcd-io/etcd/releases/download/v3.6.8/etcd-v3.6.8-linux-${arch}.tar.gz`,
            fileName: `etcd-v3.6.8-linux-${arch}.tar.gz`,
        }),
        { amd64: undefined, arm64: undefined },
    ),
};
