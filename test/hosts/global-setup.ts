/**
 * Hosts tier setup: needs root; removes leftovers of earlier runs whose process died; builds
 * (once) the root filesystem; names this session so the teardown removes exactly its hosts.
 */
import { randomBytes } from "node:crypto";
import { ensureRootfs } from "./harness/rootfs";
import { runScriptSync } from "./harness/shell";
import { SESSION_ENV } from "./harness/test-hosts";

export default function globalSetup(): void {
    if (process.getuid?.() !== 0) {
        throw new Error(
            "the hosts tier boots systemd-nspawn containers and needs root — run `sudo npm run test:hosts`",
        );
    }
    runScriptSync("cleanup.sh", {});
    ensureRootfs();
    process.env[SESSION_ENV] = `jest-${process.pid}-${randomBytes(4).toString("hex")}`;
}
