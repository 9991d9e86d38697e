import { HOST_ARTIFACT_PINS, K3S_VERSION, K8S_VERSION, KEADM_VERSION } from "./host-artifact-pins";
import type { VersionTable } from "./versions";

const k8s = K8S_VERSION;
const k3s = K3S_VERSION;
const keadmVersion = KEADM_VERSION;

/**
 * The pinned versions. Every digest is an upstream-published value (sha256, or sha512 where that
 * is all upstream publishes); an entry without one is installable only with a stack pin. The
 * unit suite checks each digest's form and that every chart pins an exact version.
 */
export const VERSION_TABLE: VersionTable = {
    hostArtifacts: HOST_ARTIFACT_PINS,
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
