/**
 * Airgap images (`airgap.images`): which image archives each node needs (from the version
 * table's `nodeImages`), checked all at once before anything is declared, and handed to the
 * node's converge as pinned files (verified by sha256 on the host, then imported by
 * `continuum_import_images` / scripts/image-import.sh).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { AirgapImagesSpec } from "../spec/artifacts";
import type { NodeImageSetName, VersionTable } from "../versions";
import type { HostFile } from "./host-file";

/** The converge step that places/imports a node's archives (fleet nodes: K3s, KubeEdge). */
export const IMAGE_SCRIPTS = {
    install: path.join(__dirname, "scripts", "image-import.sh"),
    uninstall: path.join(__dirname, "scripts", "image-import-uninstall.sh"),
};

/** One archive a node needs: an image (by reference) or a release's image bundle. */
export interface NeededImage {
    /** The image reference, or the bundle's file name. */
    image: string;
    /** The archive's file name in airgap.images.dir. */
    fileName: string;
}

/**
 * The archive file name of an image for an arch: the reference with `/`, `:` and `@` turned into
 * `_`, then `-<arch>.tar` (`registry.k8s.io/pause:3.10.1` → `registry.k8s.io_pause_3.10.1-arm64.tar`).
 */
export function imageArchiveName(image: string, arch: string): string {
    return `${image.replace(/[/:@]/g, "_")}-${arch}.tar`;
}

/** What puts images on a node. */
export interface ImageNodeRef {
    arch: string;
    /** The node's cluster (absent for KubeEdge edge nodes). */
    cluster?: ClusterSpec;
    /** A KubeEdge edge node. */
    kubeEdge?: boolean;
    /** The node belongs to the cluster that hosts CloudCore. */
    cloudCore?: boolean;
}

/** The image sets a node needs. */
export function imageSetsFor(ref: ImageNodeRef): NodeImageSetName[] {
    if (ref.kubeEdge) return ["kubeedgeEdge"];
    const c = ref.cluster;
    if (!c) return [];
    const sets: NodeImageSetName[] = [];
    if (c.distribution === "kubeadm") sets.push("kubeadm");
    if (c.distribution === "k3s") sets.push("k3s");
    if (c.cilium) sets.push("cilium");
    if (c.cilium && c.mesh) sets.push("clusterMesh");
    if (c.akri) sets.push("akri");
    // kube-vip from the table (apiEndpoint.vip without its own vipImage): on every node of the cluster.
    if (c.apiEndpoint.vip !== undefined && c.apiEndpoint.vipImage === undefined) sets.push("kubeVip");
    if (ref.cloudCore) sets.push("kubeedgeCloud");
    return sets;
}

/** The archives a node needs (kube-proxy left out where Cilium replaces it). */
export function neededImages(ref: ImageNodeRef, table: VersionTable): NeededImage[] {
    const kpr = ref.cluster?.cilium?.kubeProxyReplacement === true;
    const out: NeededImage[] = [];
    const seen = new Set<string>();
    for (const set of imageSetsFor(ref)) {
        const s = table.nodeImages[set];
        for (const image of s.images) {
            if (kpr && /\/kube-proxy:/.test(image)) continue;
            const fileName = imageArchiveName(image, ref.arch);
            if (!seen.has(fileName)) out.push({ image, fileName });
            seen.add(fileName);
        }
        for (const archive of s.archives ?? []) {
            const fileName = archive.replace("{arch}", ref.arch);
            if (!seen.has(fileName)) out.push({ image: `${set} ${s.version} image bundle`, fileName });
            seen.add(fileName);
        }
    }
    return out;
}

/** Every real node of the spec reached over SSH, with what puts images on it. */
export function imageNodes(spec: ContinuumSpec): (ImageNodeRef & { name: string })[] {
    const ke = spec.kubeedge;
    const out: (ImageNodeRef & { name: string })[] = [];
    for (const c of spec.clusters) {
        if (c.substrate !== "ssh") continue;
        for (const n of c.nodes)
            out.push({ name: n.name, arch: n.arch, cluster: c, cloudCore: ke?.cloudCluster === c.name });
    }
    const cloud = ke ? spec.clusters.find((c) => c.name === ke.cloudCluster) : undefined;
    if (ke && cloud?.substrate === "ssh")
        for (const n of ke.nodes) out.push({ name: n.name, arch: n.arch, kubeEdge: true });
    return out;
}

/** The sha256 of every archive: the checksum file in the directory, then the spec's own map. */
export function archiveDigests(images: AirgapImagesSpec, cwd: string = process.cwd()): Map<string, string> {
    const file = path.join(path.resolve(cwd, images.dir), images.checksumFile);
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const key = JSON.stringify([file, text.length, images.sha256]);
    const known = DIGESTS.get(key);
    if (known) return known;
    const sums = new Map<string, string>();
    for (const line of text.split(/\r?\n/)) {
        const m = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
        if (m) sums.set(path.basename(m[2]), m[1]);
    }
    for (const [name, sha] of Object.entries(images.sha256)) sums.set(name, sha);
    DIGESTS.set(key, sums);
    return sums;
}

const DIGESTS = new Map<string, Map<string, string>>();

/**
 * Every archive every node needs is in the directory with a sha256: else one error listing each
 * missing image with the file expected (run before any resource is declared, so `preview` fails
 * before a host is touched). No `airgap.images`: nothing to check.
 */
export function checkAirgapImages(spec: ContinuumSpec, table: VersionTable, cwd: string = process.cwd()): void {
    const images = spec.airgap.images;
    if (!images) return;
    const dir = path.resolve(cwd, images.dir);
    const sums = archiveDigests(images, cwd);
    const problems = new Map<string, string>();
    for (const node of imageNodes(spec)) {
        for (const need of neededImages(node, table)) {
            if (problems.has(need.fileName)) continue;
            if (!existsSync(path.join(dir, need.fileName))) {
                problems.set(
                    need.fileName,
                    `${need.image} (${node.arch}, node '${node.name}'): ${need.fileName} is not in ${images.dir}`,
                );
            } else if (!sums.has(need.fileName)) {
                problems.set(
                    need.fileName,
                    `${need.image} (${node.arch}, node '${node.name}'): ${need.fileName} ` +
                        `has no sha256 in ${images.dir}/${images.checksumFile}`,
                );
            }
        }
    }
    if (problems.size > 0) {
        throw new Error(
            `airgap.images: ${problems.size} image archive${problems.size === 1 ? "" : "s"} ` +
                `missing — nothing was touched:\n  ` +
                `${[...problems.values()].join("\n  ")}\n` +
                `save each image for the node's arch as that file (e.g. ` +
                `\`ctr -n k8s.io images export --platform linux/<arch> <file> <image>\` or ` +
                `\`docker save\`), ` +
                `then record it: \`(cd ${images.dir} && sha256sum *.tar* > ${images.checksumFile})\``,
        );
    }
}

/**
 * The image archives of one node as pinned files (`image1`, `image2`, … → ARTIFACT_IMAGE1 …),
 * or none without `airgap.images`. `checkAirgapImages` has run before.
 */
export function nodeImageFiles(
    images: AirgapImagesSpec | undefined,
    ref: ImageNodeRef,
    table: VersionTable,
    cwd: string = process.cwd(),
): HostFile[] {
    if (!images) return [];
    const dir = path.resolve(cwd, images.dir);
    const sums = archiveDigests(images, cwd);
    return neededImages(ref, table).map((need, i) => {
        const sha256 = sums.get(need.fileName);
        if (!sha256)
            throw new Error(
                `airgap.images: ${need.fileName} (${need.image}) has no sha256 in ${images.dir}/${images.checksumFile}`,
            );
        return {
            name: `image_${i + 1}`,
            fileName: need.fileName,
            sha256,
            source: new pulumi.asset.FileAsset(path.join(dir, need.fileName)),
        };
    });
}
