/**
 * The real tier's stack: a `continuum:spec` for a kubeadm cluster on the run's real hosts, whose
 * every artifact and image is pinned through the stack's own `artifacts:` pins and
 * `airgap.images` (docs/fleet-nodes.md) — the path a user with an offline site takes. The toolkit
 * does not know it is under test: the two things these hosts need it to do differently are spec
 * options (`hostSystem`: cgroup v1, system containers), the CNI is the user's (`network.cni: none`).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
    closeSync,
    copyFileSync,
    existsSync,
    linkSync,
    mkdirSync,
    openSync,
    readdirSync,
    readFileSync,
    writeFileSync,
} from "node:fs";
import * as path from "node:path";
import { imageArchiveName } from "../../../components/hosts/images";
import { VERSION_TABLE } from "../../../components/version-table";
import type { HostArtifactName } from "../../../components/versions";
import type { TestHostRun } from "../../hosts/harness/test-hosts";
import { realFile, TOOLS_CACHE, type RealSet } from "./real-set";

/** The cluster's address ranges (disjoint from the run's LAN, 172.31.<octet>.0/24). */
export const POD_CIDR = "10.244.0.0/16";
export const SERVICE_CIDR = "10.96.0.0/12";

/** One node of the stack: its host's name, role and runtimes. */
export interface RealNode {
    name: string;
    role: "control-plane" | "worker";
    runtimes?: string[];
}

const sha256 = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");

/** A hard link (a copy across file systems) of `src` as `dir/name`. */
function place(src: string, dir: string, name: string): string {
    const to = path.join(dir, name);
    if (!existsSync(to)) {
        try {
            linkSync(src, to);
        } catch {
            copyFileSync(src, to);
        }
    }
    return to;
}

/**
 * crun for the crun worker: the real set's (`binaries` entry `crun`) or a crun the toolchain cache
 * holds (`tools/crun-<version>/crun`, built from Debian trixie's crun 1.21 source on this machine:
 * docs/real-tier.md). Not Debian bookworm's crun 1.8.1: it refuses containerd 2.x's OCI spec
 * ("OCI runtime create failed: unknown version specified": 1.8.1 accepts only ociVersion 1.0.x).
 * Upstream's static crun is a GitHub download. This crun links libyajl2 (and libsystemd0,
 * libseccomp2, libcap2, which the hosts have), which the worker gets as a prerequisite.
 */
function builtCrun(set: RealSet): { file: string; version: string } {
    const inSet = set.binaries.find((b) => b.name === "crun");
    if (inSet) return { file: path.join(set.dir, inSet.path), version: inSet.version.replace(/^v/, "") };
    const cached = existsSync(TOOLS_CACHE)
        ? readdirSync(TOOLS_CACHE)
              .filter((d) => /^crun-\d/.test(d) && existsSync(path.join(TOOLS_CACHE, d, "crun")))
              .sort()
        : [];
    const dir = cached.pop();
    if (!dir)
        throw new Error(
            `no crun ≥ 1.9 in the real set or in ${TOOLS_CACHE}/crun-<version>/ ` +
                `— Debian bookworm's crun 1.8.1 refuses containerd 2.x's OCI spec (docs/real-tier.md ` +
                `says how crun 1.21 was built)`,
        );
    return { file: path.join(TOOLS_CACHE, dir, "crun"), version: dir.slice("crun-".length) };
}

/** What the stack needs on disk and in its config. */
export interface RealStack {
    /** `continuum:spec`. */
    spec: Record<string, unknown>;
    /** sha256 of the pinned crun binary (what the crun worker must run). */
    crunSha256: string;
}

/** Lay out airgap.artifactDir and airgap.images.dir from the real set, and build the spec. */
export async function realStack(hosts: TestHostRun, set: RealSet, dir: string, nodes: RealNode[]): Promise<RealStack> {
    const artifactDir = path.join(dir, "airgap", "artifacts");
    const imagesDir = path.join(dir, "airgap", "images");
    mkdirSync(artifactDir, { recursive: true });
    mkdirSync(imagesDir, { recursive: true });

    // artifacts: the set's release-shaped files under the table's file names, pinned by sha256.
    const artifacts: Record<string, unknown> = {};
    for (const name of ["kubeadm", "kubelet", "kubectl", "containerd", "cniPlugins"] as HostArtifactName[]) {
        const f = realFile(set, "archives", name);
        const table = VERSION_TABLE.hostArtifacts[name];
        if (f.version.replace(/^v/, "") !== table.version.replace(/^v/, "")) {
            throw new Error(
                `the real set's ${name} is ${f.version} but the version ` +
                    `table pins ${table.version} — rebuild the set (npm run toolchain -- --real)`,
            );
        }
        const fileName = path.basename(f.path);
        place(f.abs, artifactDir, fileName);
        artifacts[name] = { amd64: { fileName, sha256: f.sha256 } };
    }
    const crun = builtCrun(set);
    const crunName = `crun-${crun.version}-built-amd64`;
    copyFileSync(crun.file, path.join(artifactDir, crunName));
    const crunSha256 = sha256(crun.file);
    // Another version than the table's (1.17, upstream's static build): the pin names the source
    // it was built from (Debian's orig tarball of crun ${crun.version}).
    artifacts.crun = {
        version: crun.version,
        amd64: {
            url: `https://deb.debian.org/debian/pool/main/c/crun/crun_${crun.version}.orig.tar.gz`,
            fileName: crunName,
            sha256: crunSha256,
        },
    };

    // airgap.images: each archive under the name the toolkit looks for, with a SHA256SUMS.
    const sums: string[] = [];
    for (const image of set.images) {
        const name = imageArchiveName(image.ref, set.arch);
        place(path.join(set.dir, image.path), imagesDir, name);
        sums.push(`${image.sha256}  ${name}`);
    }
    writeFileSync(path.join(imagesDir, "SHA256SUMS"), `${sums.join("\n")}\n`);

    const node = (n: RealNode) => ({
        name: n.name,
        host: hosts.host(n.name).address,
        hostKey: hosts.host(n.name).hostKey,
        roles: [n.role],
        ...(n.runtimes ? { runtimes: n.runtimes } : {}),
    });
    return {
        crunSha256,
        spec: {
            // A kubeadm init on two CPUs shared with everything else takes minutes: the default bound (600 s).
            ssh: { user: "continuum", sudo: { mode: "nopasswd" } },
            airgap: { artifactDir, images: { dir: imagesDir } },
            artifacts,
            clusters: [
                {
                    name: "real",
                    tier: "cloud",
                    distribution: "kubeadm",
                    substrate: "ssh",
                    network: { podCidr: POD_CIDR, serviceCidr: SERVICE_CIDR, cni: "none" },
                    hostSystem: {
                        allowCgroupV1: true,
                        systemContainer: true,
                        // Every host sees this machine's whole disk: the kubelet's percentages of it
                        // (imagefs.available<15%) evicted pods when the disk was 85% full.
                        evictionHard: EVICTION_HARD,
                    },
                    nodes: nodes.map(node),
                },
            ],
        },
    };
}

/**
 * The kubelet's hard eviction thresholds on the test hosts, in absolute sizes: a percentage of the
 * machine's shared disk says nothing about a node (docs/real-tier.md).
 */
export const EVICTION_HARD = { "memory.available": "100Mi", "nodefs.available": "1Gi", "imagefs.available": "1Gi" };

/**
 * What each host's owner installs before continuum runs (the kubeadm path needs the distribution's
 * runc; Debian's crun needs libyajl2), from the hosts' offline repository.
 */
export async function prerequisites(hosts: TestHostRun, nodes: RealNode[]): Promise<void> {
    await Promise.all(
        nodes.map(async (n) => {
            const pkgs = ["runc", ...(n.runtimes?.includes("crun") ? ["libyajl2"] : [])];
            await hosts.execOk(n.name, [
                "sh",
                "-c",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends " +
                    `${pkgs.join(" ")} >/dev/null`,
            ]);
        }),
    );
}

/**
 * Put a workload image on a node as its owner would without a registry: the archive streamed over
 * SSH into `ctr -n k8s.io images import -`. Workload images are not the toolkit's (airgap.images
 * carries what a node itself runs); a user's registry or mirror would serve them.
 */
export function importWorkloadImage(hosts: TestHostRun, node: string, archive: string): void {
    const fd = openSync(archive, "r");
    try {
        const r = spawnSync(
            hosts.sshArgv(node)[0],
            [...hosts.sshArgv(node).slice(1), "sudo ctr -n k8s.io images import -"],
            { stdio: [fd, "pipe", "pipe"], encoding: "utf8", timeout: 300_000 },
        );
        if (r.status !== 0)
            throw new Error(`importing ${path.basename(archive)} on ${node} failed (exit ${r.status}): ${r.stderr}`);
    } finally {
        closeSync(fd);
    }
}
