/** Hosts tier teardown: remove every host this session made, whether its tests passed or not. */
import { runScriptSync } from "./harness/shell";
import { SESSION_ENV } from "./harness/test-hosts";

export default function globalTeardown(): void {
    const session = process.env[SESSION_ENV];
    if (session) runScriptSync("cleanup.sh", {}, 300_000, ["--session", session]);
}
