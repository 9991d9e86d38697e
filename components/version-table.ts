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
const k8s = "1.36.3";
const k8sFile = (bin: string) => (arch: Arch) => ({
    url: `https://dl.k8s.io/release/v${k8s}/bin/linux/${arch}/${bin}`,
    fileName: `${bin}-v${k8s}-linux-${arch}`,
});

// K3s of the same Kubernetes version. sha256: the k3s lines of the release's sha256sum-<arch>.txt,
// as recorded with the release URL by several independent public repositories (installers,
// Terraform and Dockerfile pins); none records the armhf one, so arm is installable with a stack pin.
const k3s = "v1.36.3+k3s1";
const k3sSuffix: Record<Arch, string> = { amd64: "", arm64: "-arm64", arm: "-armhf" };
const k3sFile = (arch: Arch) => ({
    url: `https://github.com/k3s-io/k3s/releases/download/${encodeURIComponent(k3s)}/k3s${k3sSuffix[arch]}`,
    fileName: `k3s-${k3s}-${arch === "arm" ? "armhf" : arch}`,
});

const keadmVersion = "1.23.0";
const wasmedgeArch: Partial<Record<Arch, string>> = { amd64: "x86_64", arm64: "aarch64" };

/**
 * The pinned versions. Every digest is an upstream-published value (sha256, or sha512 where that
 * is all upstream publishes); an entry without one is installable only with a stack pin. The
 * unit suite checks each digest's form and that every chart pins an exact version.
 */
export const VERSION_TABLE: VersionTable = {
    hostArtifacts: {
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
    },
    charts: {
        cilium: { repo: "https://helm.cilium.io", chart: "cilium", version: "1.18.4" },
        // Akri archives: the Helm repository's (digest from its index.yaml, project-akri/akri gh-pages),
        // and `git archive` of deployment/helm at tag v0.13.8 (edc2803f…, packed as akri/, gzip -n:
        // rebuildable bit for bit from the tag), the form chart directories without internet hold.
        akri: {
            repo: "https://project-akri.github.io/akri",
            chart: "akri",
            version: "0.13.8",
            archives: [
                {
                    fileName: "akri-0.13.8.tgz",
                    sha256: "7e0143157338f7753d9b5b882efc0edc5f43e4d5483604b8544c05008f35afba",
                },
                {
                    fileName: "akri-0.13.8.tgz",
                    sha256: "e2bed28636b0ffb5c56a8f7075f2ad0d3d5150d1399c713d6d49fad6cb200b5d",
                },
            ],
        },
        // 1.23.0: the KubeEdge version the Go module proxy serves (scripts/fetch-charts.sh takes the chart from it).
        cloudcore: { repo: "https://kubeedge.github.io/kubeedge-charts", chart: "cloudcore", version: "1.23.0" },
        // EdgeMesh publishes its chart only in its Git repository (build/helm/edgemesh, Chart.yaml
        // version 0.1.0, images v1.17.0): `git archive` of it at tag v1.17.0 (9ea972bc…, packed as
        // edgemesh/, gzip -n), rebuildable bit for bit from the tag.
        edgemesh: {
            repo: "https://kubeedge.github.io/kubeedge-charts",
            chart: "edgemesh",
            version: "1.17.0",
            archives: [
                {
                    fileName: "edgemesh-v1.17.0.tgz",
                    sha256: "c645f06c4eeff346dbdf6b135caf2fed3e4077789e1fffb762460854c74a7bec",
                },
            ],
        },
        kataDeploy: {
            repo: "oci://ghcr.io/kata-containers/kata-deploy-charts",
            chart: "kata-deploy",
            version: "3.20.0",
        },
    },
    // Local substrates (kind, k3d): the node images for the Kubernetes and K3s versions above,
    // by tag and multi-arch index digest (amd64 + arm64).
    images: {
        // kind publishes node images only with its releases, and none for 1.36.3: this is the 1.36 image
        // kind v0.32.0 pins as its default (pkg/apis/config/defaults/image.go, kind commit 645b8680
        // "bump default image to kindest/node:v1.36.1"), the nearest patch of the project's 1.36.3.
        kindNode: "kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5",
        // K3s release notes publish no image digests: this one is pinned with its tag by a public
        // repository (and referenced by two more); verify with `docker buildx imagetools inspect`
        // when bumping.
        k3s: "rancher/k3s:v1.36.3-k3s1@sha256:d0f79175794edd9694b4a12bafc5c52ae1977369a2f7cf256264e7bd2dae0be9",
    },
    // Airgap (airgap.images): what a node runs before anything can be pulled. Each list is read from
    // the pinned piece itself, never typed from memory:
    nodeImages: {
        // kubeadm v1.36.3: cmd/kubeadm/app/constants/constants.go of k8s.io/kubernetes@v1.36.3
        // (PauseVersion 3.10.2, DefaultEtcdVersion 3.6.8-0, CoreDNSVersion v1.14.2; `kubeadm config
        // images list --kubernetes-version v1.36.3` prints the same seven); the control-plane
        // images carry the Kubernetes version. kube-proxy only where Cilium does not replace it.
        kubeadm: {
            version: k8s,
            images: [
                `registry.k8s.io/kube-apiserver:v${k8s}`,
                `registry.k8s.io/kube-controller-manager:v${k8s}`,
                `registry.k8s.io/kube-scheduler:v${k8s}`,
                `registry.k8s.io/kube-proxy:v${k8s}`,
                "registry.k8s.io/etcd:3.6.8-0",
                "registry.k8s.io/coredns/coredns:v1.14.2",
                "registry.k8s.io/pause:3.10.2",
            ],
        },
        // K3s: the release's own airgap bundle (k3s-airgap-images-<arch>.tar.zst, listed in the release's
        // sha256sum-<arch>.txt), which K3s imports itself from /var/lib/rancher/k3s/agent/images/.
        k3s: { version: k3s, images: [], archives: ["k3s-airgap-images-{arch}.tar.zst"] },
        // Cilium 1.18.4: agent and operator carry the chart version; the envoy tag is the one `helm
        // template cilium/cilium --version 1.18.4` renders (as recorded in a published offline-install
        // guide for 1.18.4; check it with `helm template … | grep image:` when bumping).
        cilium: {
            version: "1.18.4",
            images: [
                "quay.io/cilium/cilium:v1.18.4",
                "quay.io/cilium/operator-generic:v1.18.4",
                "quay.io/cilium/cilium-envoy:v1.34.10-1761014632-c360e8557eb41011dfb5210f8fb53fed6c0b3222",
            ],
        },
        // ClusterMesh members also run clustermesh-apiserver (with kvstoremesh), tagged like the agent.
        clusterMesh: { version: "1.18.4", images: ["quay.io/cilium/clustermesh-apiserver:v1.18.4"] },
        // KubeEdge v1.23.0: what the cloudcore chart (manifests/charts/cloudcore of
        // github.com/kubeedge/kubeedge@v1.23.0) runs with continuum's values — CloudCore and the
        // iptables-manager DaemonSet; its controller-manager and admission are off (`enable: false`
        // in its values.yaml), its mosquitto is turned off by components/edge/cloudcore-values.ts.
        // On the edge, keadm join pulls kubeedge/installation-package:<version>
        // (keadm/cmd/keadm/app/cmd/util/image.go) and containerd runs pods on the kubeadm pause
        // image (pinned as the edge containerd's sandbox image).
        kubeedgeCloud: {
            version: keadmVersion,
            images: [
                `docker.io/kubeedge/cloudcore:v${keadmVersion}`,
                `docker.io/kubeedge/iptables-manager:v${keadmVersion}`,
            ],
        },
        kubeedgeEdge: {
            version: keadmVersion,
            images: [`docker.io/kubeedge/installation-package:v${keadmVersion}`, "registry.k8s.io/pause:3.10.2"],
        },
        // Akri 0.13.8: the chart's values.yaml repositories, tagged v<appVersion> by its templates
        // (akri-0.13.8.tgz in the chart directory, CONTINUUM_CHART_DIR); the discovery handlers are those the three
        // handlers enable.
        akri: {
            version: "0.13.8",
            images: [
                "ghcr.io/project-akri/akri/agent:v0.13.8",
                "ghcr.io/project-akri/akri/controller:v0.13.8",
                "ghcr.io/project-akri/akri/webhook-configuration:v0.13.8",
                "ghcr.io/project-akri/akri/udev-discovery:v0.13.8",
                "ghcr.io/project-akri/akri/onvif-discovery:v0.13.8",
                "ghcr.io/project-akri/akri/opcua-discovery:v0.13.8",
            ],
        },
        // kube-vip v1.0.0 (apiEndpoint.vip without vipImage): github.com/kube-vip/kube-vip@v1.0.0 as the Go
        // module proxy serves it (v1.0.1: 403), built by `npm run toolchain -- --real`
        // (scripts/toolchain-set-kube-vip.sh: CGO off, upstream's version ldflags, Go 1.26.8, crane
        // v0.22.1; FROM scratch + /kube-vip as upstream's Dockerfile, without its CA bundle). Its manifest
        // digest is this build's (an OCI archive keeps it on import), not ghcr.io's: upstream publishes
        // none this project can cite. A site that pulls from ghcr.io sets apiEndpoint.vipImage instead.
        kubeVip: {
            version: "1.0.0",
            images: ["ghcr.io/kube-vip/kube-vip:v1.0.0"],
            digests: {
                "ghcr.io/kube-vip/kube-vip:v1.0.0":
                    "sha256:108ce6796a05536b54f40f97eb0bc6746ee0c91eb62e8d3261951bb7f342e1fc",
            },
        },
    },
};
