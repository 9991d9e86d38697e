/**
 * The real tier's stack: a `continuum:spec` for a kubeadm cluster on the run's real hosts, whose
 * every artifact and image is pinned through the stack's own `artifacts:` pins and
 * `airgap.images` (docs/fleet-nodes.md) — the path a user with an offline site takes. The toolkit
 * does not know it is under test: the two things these hosts need it to do differently are spec
 * options (`hostSystem`: cgroup v1, system containers), the CNI is the user's (`network.cni: none`).
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { imageArchiveName } from "../../../components/hosts/images";
import { VERSION_TABLE } from "../../../components/version-table";
import type { HostArtifactName } from "../../../components/versions";
import { run } from "../../hosts/harness/shell";
import type { TestHostRun } from "../../hosts/harness/test-hosts";
import { realFile, type RealSet } from "./real-set";

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
 * Debian's crun (the offline repository's package inside the test hosts' image), extracted as a
 * bare binary: upstream's static crun is a GitHub download. It links libyajl2, which the crun
 * worker gets from the same repository as a prerequisite (RealStack.prerequisites).
 */
async function debianCrun(rootfs: string, dir: string): Promise<{ file: string; version: string }> {
    const repo = path.join(rootfs, "srv", "continuum-testhost-apt");
    const deb = readdirSync(repo).find((f) => /^crun_.*_amd64\.deb$/.test(f));
    if (!deb) throw new Error(`no crun package in ${repo} (the test hosts' offline repository)`);
    const version = /^crun_([\d.]+)/.exec(deb)?.[1] ?? "unknown";
    const out = path.join(dir, "crun-deb");
    mkdirSync(out, { recursive: true });
    const r = await run(["dpkg-deb", "-x", path.join(repo, deb), out]);
    if (r.status !== 0) throw new Error(`dpkg-deb -x ${deb} failed: ${r.stderr}`);
    return { file: path.join(out, "usr", "bin", "crun"), version };
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
            throw new Error(`the real set's ${name} is ${f.version} but the version table pins ${table.version} — rebuild the set (npm run toolchain -- --real)`);
        }
        const fileName = path.basename(f.path);
        place(f.abs, artifactDir, fileName);
        artifacts[name] = { amd64: { fileName, sha256: f.sha256 } };
    }
    const crun = await debianCrun(hosts.rootfs, dir);
    const crunName = `crun-${crun.version}-debian-amd64`;
    copyFileSync(crun.file, path.join(artifactDir, crunName));
    const crunSha256 = sha256(crun.file);
    // Another version than the table's: the pin names the file's origin (Debian's package).
    artifacts.crun = { version: crun.version, amd64: { url: `https://deb.debian.org/debian/pool/main/c/crun/crun_${crun.version}-1+deb12u1_amd64.deb`, fileName: crunName, sha256: crunSha256 } };

    // airgap.images: each archive under the name the toolkit looks for, with a SHA256SUMS.
    const sums: string[] = [];
    for (const image of set.images) {
        const name = imageArchiveName(image.ref, set.arch);
        place(path.join(set.dir, image.path), imagesDir, name);
        sums.push(`${image.sha256}  ${name}`);
    }
    writeFileSync(path.join(imagesDir, "SHA256SUMS"), `${sums.join("\n")}\n`);

    const node = (n: RealNode) => ({
        name: n.name, host: hosts.host(n.name).address, hostKey: hosts.host(n.name).hostKey, roles: [n.role],
        ...(n.runtimes ? { runtimes: n.runtimes } : {}),
    });
    return {
        crunSha256,
        spec: {
            ssh: { user: "continuum", sudo: { mode: "nopasswd" }, timeoutSeconds: 120 },
            airgap: { artifactDir, images: { dir: imagesDir } },
            artifacts,
            clusters: [{
                name: "real", tier: "cloud", distribution: "kubeadm", substrate: "ssh",
                network: { podCidr: POD_CIDR, serviceCidr: SERVICE_CIDR, cni: "none" },
                hostSystem: { allowCgroupV1: true, systemContainer: true },
                nodes: nodes.map(node),
            }],
        },
    };
}

/**
 * What each host's owner installs before continuum runs (the kubeadm path needs the distribution's
 * runc; Debian's crun needs libyajl2), from the hosts' offline repository.
 */
export async function prerequisites(hosts: TestHostRun, nodes: RealNode[]): Promise<void> {
    await Promise.all(nodes.map(async (n) => {
        const pkgs = ["runc", ...(n.runtimes?.includes("crun") ? ["libyajl2"] : [])];
        await hosts.execOk(n.name, ["sh", "-c", `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${pkgs.join(" ")} >/dev/null`]);
    }));
}
