import type { ArtifactFile, VersionTable } from "./versions";

// Kubernetes, containerd and CNI plugin sha256: kubernetes-sigs/kubespray
// roles/kubespray_defaults/vars/main/checksums.yml (kubeadm_/kubelet_/kubectl_checksums,
// containerd_archive_checksums, cni_binary_checksums) — the newest versions that table pins.
const k8s = "1.35.1";
const k8sFile = (bin: string, arch: string, sha256: string): ArtifactFile => ({
    url: `https://dl.k8s.io/release/v${k8s}/bin/linux/${arch}/${bin}`,
    fileName: `${bin}-v${k8s}-linux-${arch}`,
    sha256,
});

const keadmVersion = "1.23.0";
const keadmFile = (arch: string): ArtifactFile => ({
    url: `https://github.com/kubeedge/kubeedge/releases/download/v${keadmVersion}/keadm-v${keadmVersion}-linux-${arch}.tar.gz`,
    fileName: `keadm-v${keadmVersion}-linux-${arch}.tar.gz`,
});

/**
 * The pinned versions. Every digest is an upstream-published value (sha256, or sha512 where that
 * is all upstream publishes); an entry without one is installable only with a stack pin. The
 * unit suite checks each digest's form and that every chart pins an exact version.
 */
export const VERSION_TABLE: VersionTable = {
    hostArtifacts: {
        // K3s sha256: the k3s lines of the release's sha256sum-<arch>.txt, as recorded (per release and
        // arch, with the checksum-file URL) in andrewrothstein/ansible-k3s defaults/main.yml (k3s_checksums).
        k3s: {
            version: "v1.35.0+k3s1",
            files: {
                amd64: { url: "https://github.com/k3s-io/k3s/releases/download/v1.35.0%2Bk3s1/k3s", fileName: "k3s-v1.35.0+k3s1-amd64", sha256: "959c9310a6ab893958d1c95bc5d7609de9d7884630c8832180f059369b6dc331" },
                arm64: { url: "https://github.com/k3s-io/k3s/releases/download/v1.35.0%2Bk3s1/k3s-arm64", fileName: "k3s-v1.35.0+k3s1-arm64", sha256: "c0b1673a1f2b740cb7bb08355c885efb6a4aa5c8022e5bb306c621c8c1492883" },
                arm: { url: "https://github.com/k3s-io/k3s/releases/download/v1.35.0%2Bk3s1/k3s-armhf", fileName: "k3s-v1.35.0+k3s1-armhf", sha256: "baf71e2e083676cfbb378ee1e1e5aa5509c2f9bd9ba56feb266a0d18365e6f54" },
            },
        },
        kubeadm: {
            version: k8s,
            files: {
                amd64: k8sFile("kubeadm", "amd64", "8a7ff344eef1bfba88f9a74b3fdc9ea4448c94f1b3cefb8c0aeeaf1f96e05053"),
                arm64: k8sFile("kubeadm", "arm64", "80097a3c4ef824f4edfe131d2bd429772c4be3a460c42a44f2320164a917de32"),
            },
        },
        kubelet: {
            version: k8s,
            files: {
                amd64: k8sFile("kubelet", "amd64", "e7343310e03ff0d424df4397bdfa4468947d6d1f0f93dac586c1e8d6e4086d5d"),
                arm64: k8sFile("kubelet", "arm64", "73475c6db8fd8a9780b1b378fa2f917875e6146166c24603c1abc6eafd4493a8"),
            },
        },
        kubectl: {
            version: k8s,
            files: {
                amd64: k8sFile("kubectl", "amd64", "36e2f4ac66259232341dd7866952d64a958846470f6a9a6a813b9117bd965207"),
                arm64: k8sFile("kubectl", "arm64", "706256e21a4e9192ee62d1a007ac0bfcff2b0b26e92cc7baad487a6a5d08ff82"),
                arm: k8sFile("kubectl", "arm", "dbe14e5b12184d72978b17b167aedc3f42f4a1faf249180025d6359eebcd983e"),
            },
        },
        // containerd publishes no 32-bit arm archive; runc comes from the distribution (apt-get install runc).
        containerd: {
            version: "2.2.1",
            files: {
                amd64: { url: "https://github.com/containerd/containerd/releases/download/v2.2.1/containerd-2.2.1-linux-amd64.tar.gz", fileName: "containerd-2.2.1-linux-amd64.tar.gz", sha256: "f5d8e90ecb6c1c7e33ecddf8cc268a93b9e5b54e0e850320d765511d76624f41" },
                arm64: { url: "https://github.com/containerd/containerd/releases/download/v2.2.1/containerd-2.2.1-linux-arm64.tar.gz", fileName: "containerd-2.2.1-linux-arm64.tar.gz", sha256: "dac15a0d412a24be8bfe6a40cec8f51829062725169f1e72ac7d120a891ef5b6" },
            },
        },
        cniPlugins: {
            version: "1.8.0",
            files: {
                amd64: { url: "https://github.com/containernetworking/plugins/releases/download/v1.8.0/cni-plugins-linux-amd64-v1.8.0.tgz", fileName: "cni-plugins-linux-amd64-v1.8.0.tgz", sha256: "ab3bda535f9d90766cccc90d3dddb5482003dd744d7f22bcf98186bf8eea8be6" },
                arm64: { url: "https://github.com/containernetworking/plugins/releases/download/v1.8.0/cni-plugins-linux-arm64-v1.8.0.tgz", fileName: "cni-plugins-linux-arm64-v1.8.0.tgz", sha256: "57ce466fc3b79db1f19b8f4c63e07a1112306efa53c94fe810a2150dd9e07ddb" },
                arm: { url: "https://github.com/containernetworking/plugins/releases/download/v1.8.0/cni-plugins-linux-arm-v1.8.0.tgz", fileName: "cni-plugins-linux-arm-v1.8.0.tgz", sha256: "7ed51af2ee5c7784c8b978b293ad1cf6c3022d7792a2e79197fb9cdc98f3f752" },
            },
        },
        // crun: sha256 from kubespray roles/kubespray_defaults/vars/main/checksums.yml (crun_checksums),
        // the newest version that table pins; crun publishes no arm (32-bit) static binary.
        crun: {
            version: "1.17",
            files: {
                amd64: { url: "https://github.com/containers/crun/releases/download/1.17/crun-1.17-linux-amd64", fileName: "crun-1.17-linux-amd64", sha256: "e9512a3e034e781b2396d068fd24eafcd5788e410403da886df9dc8871d504a5" },
                arm64: { url: "https://github.com/containers/crun/releases/download/1.17/crun-1.17-linux-arm64", fileName: "crun-1.17-linux-arm64", sha256: "3049017b99208f5ecd15c1366f47a77dace87f42dccf317ad40a07f1a867518c" },
            },
        },
        // KubeEdge publishes only sha512 sums (checksum_keadm-v<ver>-linux-<arch>.tar.gz.txt). The values
        // for v1.23.0 could not be read from any source this project can reach (the release page is
        // not mirrored; CHANGELOG-1.23.md links the release page without hashes; installers found
        // download the checksum file at run time instead of recording it), so none is filled in here:
        // a stack pins keadm itself (artifacts.keadm.<arch>.sha512, or checksumFile: that
        // checksum file in airgap.artifactDir) — see docs/ssh.md "Pinning artifacts".
        keadm: {
            version: keadmVersion,
            files: {
                amd64: keadmFile("amd64"),
                arm64: keadmFile("arm64"),
                arm: keadmFile("arm"),
            },
        },
        // runwasi containerd-shim-wasmedge v0.6.0: the release publishes the archives with cosign
        // signatures (.sig/.pem) but no checksum file, and no packaging or installer found records a
        // digest for v0.6.0, so none is filled in: a stack pins it (artifacts.wasmedgeShim.<arch>.sha256,
        // the sha256sum of the archive whose signature the user verified, or checksumFile).
        wasmedgeShim: {
            version: "0.6.0",
            files: {
                amd64: { url: "https://github.com/containerd/runwasi/releases/download/containerd-shim-wasmedge%2Fv0.6.0/containerd-shim-wasmedge-x86_64-linux-musl.tar.gz", fileName: "containerd-shim-wasmedge-v0.6.0-x86_64-linux-musl.tar.gz" },
                arm64: { url: "https://github.com/containerd/runwasi/releases/download/containerd-shim-wasmedge%2Fv0.6.0/containerd-shim-wasmedge-aarch64-linux-musl.tar.gz", fileName: "containerd-shim-wasmedge-v0.6.0-aarch64-linux-musl.tar.gz" },
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
        // Akri archives: the Helm repository's (digest from its index.yaml, project-akri/akri gh-pages),
        // and `git archive` of deployment/helm at tag v0.13.8 (edc2803f…, packed as akri/, gzip -n:
        // rebuildable bit for bit from the tag), the form chart directories without internet hold.
        akri: {
            repo: "https://project-akri.github.io/akri", chart: "akri", version: "0.13.8",
            archives: [
                { fileName: "akri-0.13.8.tgz", sha256: "7e0143157338f7753d9b5b882efc0edc5f43e4d5483604b8544c05008f35afba" },
                { fileName: "akri-0.13.8.tgz", sha256: "e2bed28636b0ffb5c56a8f7075f2ad0d3d5150d1399c713d6d49fad6cb200b5d" },
            ],
        },
        // 1.23.0: the KubeEdge version the Go module proxy serves (scripts/fetch-charts.sh takes the chart from it).
        cloudcore: { repo: "https://kubeedge.github.io/kubeedge-charts", chart: "cloudcore", version: "1.23.0" },
        // EdgeMesh publishes its chart only in its Git repository (build/helm/edgemesh, Chart.yaml
        // version 0.1.0, images v1.17.0): `git archive` of it at tag v1.17.0 (9ea972bc…, packed as
        // edgemesh/, gzip -n), rebuildable bit for bit from the tag.
        edgemesh: {
            repo: "https://kubeedge.github.io/kubeedge-charts", chart: "edgemesh", version: "1.17.0",
            archives: [{ fileName: "edgemesh-v1.17.0.tgz", sha256: "c645f06c4eeff346dbdf6b135caf2fed3e4077789e1fffb762460854c74a7bec" }],
        },
        kataDeploy: { repo: "oci://ghcr.io/kata-containers/kata-deploy-charts", chart: "kata-deploy", version: "3.20.0" },
    },
    // Local substrates (kind, k3d): the node images for the Kubernetes and K3s versions above,
    // by tag and multi-arch index digest (amd64 + arm64).
    images: {
        // kind publishes no 1.35.1 image in a release note; this is the image kind itself pinned as
        // its default between v0.31.0 and v0.32.0 (pkg/apis/config/defaults/image.go), which CI
        // setups pair with kind v0.31.0. kind v0.31.0's release notes list v1.35.0@sha256:452d707d…,
        // v0.33.0's v1.35.8@sha256:07b2536e….
        kindNode: "kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab",
        // Digest as resolved from Docker Hub by Renovate in a public repository (K3s release notes
        // publish no image digests); verify with `docker buildx imagetools inspect` when bumping.
        k3s: "rancher/k3s:v1.35.0-k3s1@sha256:10464930d9bad0c06aef9830e84cd4019c24ed44d5eab594efb7416119097248",
    },
    // Airgap (airgap.images): what a node runs before anything can be pulled. Each list is read from
    // the pinned piece itself, never typed from memory:
    nodeImages: {
        // kubeadm v1.35.1: cmd/kubeadm/app/constants/constants.go of k8s.io/kubernetes@v1.35.1
        // (PauseVersion 3.10.1, DefaultEtcdVersion 3.6.6-0, CoreDNSVersion v1.13.1); the control-plane
        // images carry the Kubernetes version. kube-proxy only where Cilium does not replace it.
        kubeadm: {
            version: k8s,
            images: [
                `registry.k8s.io/kube-apiserver:v${k8s}`,
                `registry.k8s.io/kube-controller-manager:v${k8s}`,
                `registry.k8s.io/kube-scheduler:v${k8s}`,
                `registry.k8s.io/kube-proxy:v${k8s}`,
                "registry.k8s.io/etcd:3.6.6-0",
                "registry.k8s.io/coredns/coredns:v1.13.1",
                "registry.k8s.io/pause:3.10.1",
            ],
        },
        // K3s: the release's own airgap bundle (k3s-airgap-images-<arch>.tar.zst, listed in the release's
        // sha256sum-<arch>.txt), which K3s imports itself from /var/lib/rancher/k3s/agent/images/.
        k3s: { version: "v1.35.0+k3s1", images: [], archives: ["k3s-airgap-images-{arch}.tar.zst"] },
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
        // KubeEdge v1.23.0: the cloudcore chart's values (manifests/charts/cloudcore/values.yaml of
        // github.com/kubeedge/kubeedge@v1.23.0) for the cloud side; keadm join pulls
        // kubeedge/installation-package:<version> (keadm/cmd/keadm/app/cmd/util/image.go) on the edge.
        kubeedgeCloud: {
            version: keadmVersion,
            images: [
                `docker.io/kubeedge/cloudcore:v${keadmVersion}`,
                `docker.io/kubeedge/iptables-manager:v${keadmVersion}`,
                `docker.io/kubeedge/controller-manager:v${keadmVersion}`,
                `docker.io/kubeedge/admission:v${keadmVersion}`,
            ],
        },
        kubeedgeEdge: {
            version: keadmVersion,
            images: [`docker.io/kubeedge/installation-package:v${keadmVersion}`, "registry.k8s.io/pause:3.10.1"],
        },
        // Akri 0.13.8: the chart's values.yaml repositories, tagged v<appVersion> by its templates
        // (vendor/charts/akri-0.13.8.tgz); the discovery handlers are those the three handlers enable.
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
    },
};
