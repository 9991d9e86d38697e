/**
 * The host lock (continuum-lib.sh continuum_lock), run for real with bash on a sandboxed host
 * (host-sandbox.ts; /run is the sandbox's, shared by its concurrent runs): two runs never overlap
 * on a host — a second one waits up to LOCK_WAIT_SECONDS, then fails naming the host and the
 * holder; it runs once the holder is gone; a script started by a locked script (a converge's
 * step) shares its lock instead of waiting for itself.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { renderParams } from "../../components/hosts/params";
import { HostSandbox } from "./host-sandbox";

/** A test fixture (not a host script): takes the lock as every host script does, then holds it. */
const HOLDER = `#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "\${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init holder
echo "$NAME has the lock" >>"$STANDIN_STATE/order"
[[ -z "\${NESTED:-}" ]] || printf '# continuum-params v1\\nNAME=nested\\n' | NESTED= bash "$CONTINUUM_DIR/holder.sh"
sleep "\${HOLD:-0}"
echo "$NAME done" >>"$STANDIN_STATE/order"
`;

let box: HostSandbox;
beforeAll(() => {
    box = new HostSandbox([]);
    writeFileSync(path.join(box.scripts, "holder.sh"), HOLDER);
});
afterAll(() => box.remove());

const waitFor = async (what: () => boolean) => {
    const deadline = Date.now() + 30_000;
    while (!what()) {
        if (Date.now() > deadline) throw new Error("timed out");
        await new Promise((r) => setTimeout(r, 100));
    }
};
const finished = (p: ReturnType<HostSandbox["start"]>) =>
    new Promise<number | null>((r) => p.on("exit", (code) => r(code)));

test(
    "a second run waits a bounded time, then fails naming the host and " +
        "the holder; it runs once the holder is gone",
    async () => {
        box.set("order", "");
        const first = box.start("holder.sh", renderParams({ NAME: "first", HOLD: "6" }));
        const firstDone = finished(first);
        await waitFor(() => (box.stateFile("order") ?? "").includes("first has the lock"));

        const refused = box.run("holder.sh", renderParams({ NAME: "second", LOCK_WAIT_SECONDS: "1" }));
        expect(refused.code).toBe(1);
        const host = box.inspect("hostname").trim();
        expect(refused.err).toMatch(
            new RegExp(
                `continuum\\[holder\\] on ${host}: another continuum run still ` +
                    `holds /run/continuum/converge.lock after 1s: holder \\(pid \\d+, started ` +
                    `\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\) — wait for it to finish`,
            ),
        );

        const third = box.run("holder.sh", renderParams({ NAME: "third", LOCK_WAIT_SECONDS: "30" }));
        expect(third.code).toBe(0);
        expect(third.err).toContain("another continuum run holds /run/continuum/converge.lock");
        expect(await firstDone).toBe(0);
        expect(box.stateFile("order")).toBe("first has the lock\nfirst done\nthird has the lock\nthird done\n");
    },
    60_000,
);

test("a script started by a locked script shares the lock (no wait for itself)", () => {
    box.set("order", "");
    const r = box.run("holder.sh", renderParams({ NAME: "outer", NESTED: "1", LOCK_WAIT_SECONDS: "2" }));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(box.stateFile("order")).toBe("outer has the lock\nnested has the lock\nnested done\nouter done\n");
});
