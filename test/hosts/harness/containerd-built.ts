/**
 * containerd 2.x built here from its Go module source (the release archive is a GitHub download
 * these machines cannot make; Debian bookworm's containerd 1.6.20 ignores the `version = 3` configs
 * the toolkit writes). Built once with `go install` from the Go module proxy into
 * `$CONTINUUM_CACHE/tools/containerd-v<version>` and reused; packed as the release archive is
 * (`bin/containerd`, `bin/ctr`) for a stack to pin through `artifacts.containerd`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packTarGz, type PackedFile } from "./stand-in-archives";

const TOOLS = ["containerd", "ctr"];

/** The directory holding `bin/containerd` and `bin/ctr` of `version`, building them if needed (~2 min once). */
export function builtContainerd(version: string): string {
    const cache = process.env.CONTINUUM_CACHE ?? path.join(os.homedir(), ".cache", "continuum");
    const dir = path.join(cache, "tools", `containerd-v${version}`);
    const bin = path.join(dir, "bin");
    for (const tool of TOOLS) {
        if (fs.existsSync(path.join(bin, tool))) continue;
        execFileSync(
            "go",
            [
                "install",
                "-tags",
                "no_btrfs no_devmapper no_zfs",
                `github.com/containerd/containerd/v2/cmd/${tool}@v${version}`,
            ],
            {
                env: { ...process.env, GOBIN: bin, CGO_ENABLED: "0" },
                stdio: ["ignore", "inherit", "inherit"],
                timeout: 20 * 60_000,
            },
        );
    }
    return dir;
}

/** containerd `version` (built here) packed as containerd-<version>-linux-amd64.tar.gz is, into `airgapDir`. */
export function packBuiltContainerd(version: string, airgapDir: string): PackedFile {
    return packTarGz(
        builtContainerd(version),
        TOOLS.map((t) => `bin/${t}`),
        airgapDir,
        `containerd-${version}-linux-amd64-built-here.tar.gz`,
    );
}
