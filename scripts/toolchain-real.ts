/**
 * What `npm run toolchain -- --real` built, for the real tier and anyone running continuum
 * offline: the directory `${CONTINUUM_CACHE:-~/.cache/continuum}/tools/real-v<Kubernetes>/`
 * and its manifest.json (docs/toolchain.md "The real set").
 *
 *   import { requireRealArtifacts } from "../../scripts/toolchain-real";
 *   const real = requireRealArtifacts();            // throws, naming `npm run toolchain -- --real`
 *   real.binary("kubelet")                          // absolute path of bin/kubelet
 *   real.archive("containerd")                      // { path, sha256, version } for `artifacts:` pins
 *   real.images                                     // [{ ref, path, sha256 }], tagged as kubeadm names them
 *   real.artifactDir / real.imageDir                // airgap.artifactDir / airgap.images.dir
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";
import { VERSION_TABLE } from "../components/version-table";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const relPath = z
    .string()
    .refine((p) => !path.isAbsolute(p) && !p.split("/").includes(".."), "a path inside the directory");
const file = z.object({ name: z.string().min(1), version: z.string().min(1), path: relPath, sha256 });

/** manifest.json as scripts/toolchain-real-images.sh writes it. */
export const RealManifestSchema = z.object({
    kubernetesVersion: z.string().regex(/^v\d+\.\d+\.\d+$/),
    arch: z.literal("amd64"),
    /** Every binary in bin/ (CNI plugins as `cni/<plugin>`), with the version it reports. */
    binaries: z.array(file),
    /** artifacts/: kubeadm/kubelet/kubectl under the version table's file names, release-shaped archives. */
    archives: z.array(file),
    /** images/: one docker-archive tar per image, named as airgap.images.dir wants it. */
    images: z.array(z.object({ ref: z.string().min(1), path: relPath, sha256 })),
    /** The Debian packages the images took files from, at the versions apt picked. */
    debianPackages: z.array(z.object({ name: z.string(), version: z.string() })),
});
/** The parsed manifest. */
export type RealManifest = z.infer<typeof RealManifestSchema>;

/** The Kubernetes version of the project (the version table's kubeadm), as `v1.36.3`. */
export function realKubernetesVersion(): string {
    return `v${VERSION_TABLE.hostArtifacts.kubeadm.version}`;
}

/**
 * The real set's directory.
 * @param cacheRoot @default `$CONTINUUM_CACHE`, else ~/.cache/continuum
 */
export function realDir(
    cacheRoot: string = process.env.CONTINUUM_CACHE ?? path.join(os.homedir(), ".cache", "continuum"),
): string {
    return path.join(cacheRoot, "tools", `real-${realKubernetesVersion()}`);
}

/** The real set, read and checked: absolute paths and lookups by name. */
export interface RealArtifacts {
    dir: string;
    manifest: RealManifest;
    /** artifacts/ — an airgap.artifactDir whose files a stack pins by the sha256 below. */
    artifactDir: string;
    /** images/ — an airgap.images.dir holding every image of `manifest.images`. */
    imageDir: string;
    /** Absolute path of bin/<name> (`kubelet`, `cni/bridge`); throws for a name the set lacks. */
    binary(name: string): string;
    /** An archive or binary of artifacts/ by its version-table name (`containerd`, `cniPlugins`, `kubeadm`). */
    archive(name: string): { path: string; sha256: string; version: string };
    /** The images, with absolute paths. */
    images: { ref: string; path: string; sha256: string }[];
}

/** Reads `dir`/manifest.json; throws, naming the file and what to run, when it is missing or wrong. */
export function readRealArtifacts(dir: string = realDir()): RealArtifacts {
    const file = path.join(dir, "manifest.json");
    if (!fs.existsSync(file)) {
        throw new Error(`${file} does not exist: build the real set with \`npm run toolchain -- --real\``);
    }
    const parsed = RealManifestSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
            `${file}: ${issue.path.join(".")}: ${issue.message} — rebuild ` +
                `it with \`npm run toolchain -- --real --force\``,
        );
    }
    const manifest = parsed.data;
    if (manifest.kubernetesVersion !== realKubernetesVersion()) {
        throw new Error(
            `${file} is for Kubernetes ${manifest.kubernetesVersion}, the ` +
                `version table pins ${realKubernetesVersion()}: run \`npm run toolchain -- --real\``,
        );
    }
    const abs = (p: string) => path.join(dir, p);
    const lookup = <T extends { name: string }>(list: T[], name: string, what: string): T => {
        const found = list.find((f) => f.name === name);
        if (!found)
            throw new Error(
                `the real set in ${dir} has no ${what} ${name} (it has ${list.map((f) => f.name).join(", ")})`,
            );
        return found;
    };
    return {
        dir,
        manifest,
        artifactDir: abs("artifacts"),
        imageDir: abs("images"),
        binary: (name) => abs(lookup(manifest.binaries, name, "binary").path),
        archive: (name) => {
            const a = lookup(manifest.archives, name, "archive");
            return { path: abs(a.path), sha256: a.sha256, version: a.version };
        },
        images: manifest.images.map((i) => ({ ...i, path: abs(i.path) })),
    };
}

/** Every file of the manifest whose content no longer has the recorded sha256 (or is gone). */
export function changedRealFiles(real: RealArtifacts): string[] {
    const all = [...real.manifest.binaries, ...real.manifest.archives, ...real.manifest.images];
    return all
        .map((f) => path.join(real.dir, f.path))
        .filter(
            (p, i) =>
                !fs.existsSync(p) || createHash("sha256").update(fs.readFileSync(p)).digest("hex") !== all[i].sha256,
        );
}

/** readRealArtifacts, plus a check that no file changed since the manifest was written. */
export function requireRealArtifacts(dir: string = realDir()): RealArtifacts {
    const real = readRealArtifacts(dir);
    const changed = changedRealFiles(real);
    if (changed.length > 0) {
        throw new Error(
            `the real set changed since its manifest was written (${changed.join(", ")}): ` +
                `run \`npm run toolchain -- --real --force\``,
        );
    }
    return real;
}
