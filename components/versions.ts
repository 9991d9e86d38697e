/**
 * The version table: every version and checksum the toolkit installs, in one place.
 * The same stack file gives the same continuum next month because nothing below floats.
 *
 * Host artifacts carry a URL and a digest (sha256 or sha512, whichever upstream publishes) per
 * architecture; an architecture that is missing is not published upstream, and the spec refuses
 * nodes that would need it unless the stack pins the file itself (`artifacts:` in the spec).
 * Digests are upstream published values (sources noted per entry), never computed here.
 */
import type { Arch } from "./spec/node";

/** One downloadable file for one architecture. */
export interface ArtifactFile {
    /** Where it is fetched from when not in the airgap directory. */
    url: string;
    /** File name looked up in the airgap artifact directory. */
    fileName: string;
    /** Lower-case hex sha256 of the file (64 hex), when upstream publishes one. */
    sha256?: string;
    /** Lower-case hex sha512 of the file (128 hex), when upstream publishes that instead. */
    sha512?: string;
}

/** A pinned host artifact: one version, one file per published architecture. */
export interface HostArtifact {
    /** Upstream version. */
    version: string;
    /** Files by architecture; absent = not published for that architecture. */
    files: Partial<Record<Arch, ArtifactFile>>;
}

/** A chart archive (.tgz) accepted for a pinned chart version. */
export interface ChartArchive {
    /** File name looked up in a chart directory (`CONTINUUM_CHART_DIR`, the lab's `--chart-dir`). */
    fileName: string;
    /** Lower-case hex sha256 of the archive. */
    sha256: string;
}

/** A pinned Helm chart. */
export interface ChartPin {
    /** Chart repository URL. */
    repo: string;
    /** Chart name in the repository. */
    chart: string;
    /** Exact chart version (never a range). */
    version: string;
    /**
     * Archives of `version` accepted from a chart directory or an airgap path, by sha256: a local
     * archive of this version with any other digest is refused.
     * @default [] (a local chart of this version is checked by its Chart.yaml version only)
     */
    archives?: ChartArchive[];
}

/** Names of the host artifacts in the table. */
export type HostArtifactName =
    | "k3s"
    | "kubeadm"
    | "kubelet"
    | "kubectl"
    | "containerd"
    | "cniPlugins"
    | "crun"
    | "keadm"
    | "wasmedgeShim"
    | "kata"
    | "etcd";

/** Names of the pinned charts. */
export type ChartName = "cilium" | "akri" | "cloudcore" | "edgemesh" | "kataDeploy";

/** Names of pinned container images (local substrates). */
export type ImageName = "kindNode" | "k3s";

/** Sets of container images a node needs, by what puts them there. */
export type NodeImageSetName =
    "kubeadm" | "k3s" | "cilium" | "clusterMesh" | "kubeedgeCloud" | "kubeedgeEdge" | "akri" | "kubeVip";

/**
 * The container images one piece of a continuum runs on a node, for one pinned version: what an
 * airgapped node must have imported into containerd before init/join.
 */
export interface NodeImageSet {
    /** The version of the piece these images belong to (Kubernetes, K3s, the chart). */
    version: string;
    /** Image references as the piece pulls them (registry/name:tag). */
    images: string[];
    /**
     * Release archives of several images the piece imports itself (K3s's airgap bundle); `{arch}`
     * stands for the node's architecture. @default []
     */
    archives?: string[];
    /**
     * Manifest digests (`sha256:…`) of images continuum references by digest (kube-vip's static pod),
     * by reference; the archive must hold that manifest (an OCI layout archive keeps it on import).
     * @default {}
     */
    digests?: Record<string, string>;
}

/** The whole table. */
export interface VersionTable {
    hostArtifacts: Record<HostArtifactName, HostArtifact>;
    charts: Record<ChartName, ChartPin>;
    images: Record<ImageName, string>;
    /** Per distribution and add-on: the images a node needs (airgap.images). */
    nodeImages: Record<NodeImageSetName, NodeImageSet>;
}
