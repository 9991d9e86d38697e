/**
 * Stack-level artifact pins and airgap images: what a user writes so that a host artifact the
 * version table cannot verify (or a version it does not pin) is installable, without editing the
 * toolkit's source.
 *
 * ```yaml
 * artifacts:
 *   keadm:
 *     arm64:
 *       sha512: 0123…        # from checksum_keadm-v1.23.0-linux-arm64.tar.gz.txt (upstream)
 *   wasmedgeShim:
 *     version: 0.6.0
 *     arm64:
 *       checksumFile: containerd-shim-wasmedge-aarch64-linux-musl.tar.gz.sha256   # in airgap.artifactDir
 * airgap:
 *   artifactDir: airgap/artifacts
 *   images: { dir: airgap/images, checksumFile: SHA256SUMS }
 * ```
 */
import { z } from "zod";

const SHA256 = /^[0-9a-f]{64}$/;
const SHA512 = /^[0-9a-f]{128}$/;
/** A plain file name (no directory part, no leading dot or dash). */
const FILE_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;

const fileName = (what: string) =>
    z
        .string()
        .regex(FILE_NAME, { error: `must be a plain file name in ${what} (letters, digits, . _ + -; no directory)` });

/** One architecture's file of a pinned artifact. Everything unset comes from the version table. */
export const artifactFilePinSchema = z.strictObject({
    /** Where the file is downloaded from. @default the table's URL */
    url: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).optional(),
    /** The file's name in airgap.artifactDir (and in the local cache). @default the table's file name */
    fileName: fileName("airgap.artifactDir").optional(),
    /** Lower-case hex sha256 of the file (64 hex digits). */
    sha256: z
        .string()
        .regex(SHA256, { error: "must be 64 lower-case hex digits (the output of sha256sum)" })
        .optional(),
    /** Lower-case hex sha512 of the file (128 hex digits). */
    sha512: z
        .string()
        .regex(SHA512, { error: "must be 128 lower-case hex digits (the output of sha512sum)" })
        .optional(),
    /**
     * A checksum file in airgap.artifactDir that holds the digest (upstream's own checksum file, or
     * the output of `sha256sum`/`sha512sum` of a file you verified): the algorithm follows from its
     * length (64 hex: sha256, 128 hex: sha512).
     */
    checksumFile: fileName("airgap.artifactDir").optional(),
});
export type ArtifactFilePin = z.infer<typeof artifactFilePinSchema>;

/** One artifact's pin: a version and per-arch files. */
export const artifactPinSchema = z.strictObject({
    /** Upstream version (a different version needs every arch's url, fileName and digest). @default the table's */
    version: z
        .string()
        .regex(/^v?[0-9][0-9A-Za-z.+-]*$/, { error: "must be a version like 1.23.0" })
        .optional(),
    amd64: artifactFilePinSchema.optional(),
    arm64: artifactFilePinSchema.optional(),
    arm: artifactFilePinSchema.optional(),
});
export type ArtifactPin = z.infer<typeof artifactPinSchema>;

/** Host artifacts a stack can pin (the version table's names). */
export const ARTIFACT_NAMES = [
    "k3s",
    "kubeadm",
    "kubelet",
    "kubectl",
    "containerd",
    "cniPlugins",
    "crun",
    "keadm",
    "wasmedgeShim",
    "kata",
    "etcd",
] as const;

/** `artifacts:` of the spec: artifact name → pin (unknown names refused). @default {} */
export const artifactPinsSchema = z.partialRecord(z.enum(ARTIFACT_NAMES), artifactPinSchema);
export type ArtifactPins = z.infer<typeof artifactPinsSchema>;

/** `airgap.images`: image archives imported into containerd on the nodes that need them. */
export const airgapImagesSchema = z.strictObject({
    /** Directory (on the machine running Pulumi) with one archive (OCI or docker-archive) per image and arch. */
    dir: z.string().min(1),
    /** A file in `dir` in `sha256sum` format listing every archive. @default "SHA256SUMS" */
    checksumFile: fileName("airgap.images.dir").default("SHA256SUMS"),
    /** Per archive file name: its sha256, in addition to (and overriding) the checksum file. @default {} */
    sha256: z
        .record(
            fileName("airgap.images.dir"),
            z.string().regex(SHA256, { error: "must be 64 lower-case hex digits (the output of sha256sum)" }),
        )
        .default({}),
});
export type AirgapImagesSpec = z.infer<typeof airgapImagesSchema>;
