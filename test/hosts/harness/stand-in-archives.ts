/**
 * Release archives packed on this machine the way upstream packs them, for artifacts that cannot
 * be downloaded here (stand-ins, named as such, and binaries built here from source). A stack pins
 * each through its own `artifacts:` pins (file name + sha256 in `airgap.artifactDir`).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const STANDINS = path.join(__dirname, "..", "fixtures", "standins");

/** sha256 (hex) of bytes or text. */
export const sha256 = (b: Buffer | string): string => createHash("sha256").update(b).digest("hex");

/** A file written to an airgap directory and its pin. */
export interface PackedFile {
    fileName: string;
    sha256: string;
}

/** A reproducible gzip tar of `members` (relative paths under `root`), written as `dir/fileName`. */
export function packTarGz(root: string, members: string[], dir: string, fileName: string): PackedFile {
    const out = path.join(dir, fileName);
    execFileSync("tar", [
        "-C",
        root,
        "--owner=0",
        "--group=0",
        "--numeric-owner",
        "--mtime=@0",
        "--sort=name",
        "--use-compress-program=gzip -n",
        "-cf",
        out,
        ...members,
    ]);
    return { fileName, sha256: sha256(fs.readFileSync(out)) };
}

/** A stand-in script's text with its placeholders (`@NAME@`) filled in. */
export function standInText(file: string, values: Record<string, string>): string {
    let text = fs.readFileSync(path.join(STANDINS, file), "utf8");
    for (const [k, v] of Object.entries(values)) text = text.split(`@${k}@`).join(v);
    return text;
}

/**
 * The stand-in WasmEdge shim packed as runwasi packs containerd-shim-wasmedge-<arch>-linux-musl.tar.gz
 * (`containerd-shim-wasmedge-v1` at the top). Also returns the shim's own sha256.
 */
export function packWasmedgeShimStandIn(airgapDir: string, version: string): PackedFile & { shimSha256: string } {
    const work = fs.mkdtempSync(path.join(airgapDir, "..", "shim-"));
    const shim = standInText("wasmedge-shim-standin.sh", { SHIM_VERSION: version });
    fs.writeFileSync(path.join(work, "containerd-shim-wasmedge-v1"), shim, { mode: 0o755 });
    const packed = packTarGz(
        work,
        ["containerd-shim-wasmedge-v1"],
        airgapDir,
        `containerd-shim-wasmedge-standin-v${version}-x86_64-linux-musl.tar.gz`,
    );
    return { ...packed, shimSha256: sha256(shim) };
}
