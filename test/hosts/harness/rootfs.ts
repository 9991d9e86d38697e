/** The cached Debian root filesystem the test hosts boot from (built once by build-rootfs.sh). */
import { runScriptSync } from "./shell";

/** Environment variable the hosts tier's global setup leaves the root filesystem path in. */
export const ROOTFS_ENV = "CONTINUUM_TESTHOST_ROOTFS";

/** Build the root filesystem if it is not cached yet (a few minutes, once) and return its path. */
export function ensureRootfs(): string {
    const preset = process.env[ROOTFS_ENV];
    if (preset) return preset;
    const r = runScriptSync("build-rootfs.sh", {}, 15 * 60_000);
    const dir = r.stdout.trim().split("\n").pop() ?? "";
    if (!dir.startsWith("/")) throw new Error(`build-rootfs.sh printed no path:\n${r.stdout}\n${r.stderr}`);
    process.env[ROOTFS_ENV] = dir;
    return dir;
}
