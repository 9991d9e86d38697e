/**
 * node-converge.sh and node-unconverge.sh run for real with bash, on a bundle directory holding
 * the real runner and library and two recording step scripts (test fixtures, not host scripts):
 * steps run in order, each sees only its own parameters, a failing step stops the run naming
 * itself, older bundles are pruned, the unconverge runs the uninstalls in reverse and removes the
 * bundle. The input is what fleet-node.ts renders (renderConvergeInput + composeStdin).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-file";
import { CONVERGE_SCRIPTS } from "../../components/hosts/fleet-node";
import { renderConvergeInput, type ConvergeStepInput } from "../../components/hosts/converge-params";
import { composeStdin } from "../../components/hosts/params";
import { hostRootBash } from "./host-sandbox";

/** A step fixture: records its name and every variable it sees into $RECORD (a file beside the bundles). */
const RECORDING_STEP =
    `#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "\${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init "$(basename "\${BASH_SOURCE[0]}")"
` +
    `{ echo "== $(basename "\${BASH_SOURCE[0]}")"; ` +
    `env | grep -E '^(SECRET|SHARED|ONLY_[A-Z]+|NODE_NAME|STEPS)=' | sort; } >>"$CONTINUUM_DIR/../record"
[[ "\${FAIL:-}" != yes ]] || continuum_die "asked to fail" "do not ask"
`;

function home() {
    const h = mkdtempSync(path.join(tmpdir(), "continuum-converge-"));
    const bundle = path.join(h, ".continuum-bundle-aaaaaaaaaaaaaaaa");
    mkdirSync(bundle);
    copyFileSync(HOST_LIB, path.join(bundle, "continuum-lib.sh"));
    for (const s of CONVERGE_SCRIPTS) copyFileSync(s, path.join(bundle, path.basename(s)));
    for (const s of ["one.sh", "one-undo.sh", "two.sh", "two-undo.sh"])
        writeFileSync(path.join(bundle, s), RECORDING_STEP);
    return {
        home: h,
        bundle,
        record: () => (existsSync(path.join(h, "record")) ? readFileSync(path.join(h, "record"), "utf8") : ""),
    };
}

function run(bundle: string, script: string, stdin: string) {
    const r = spawnSync(...hostRootBash(path.join(bundle, script)), { input: stdin, encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
}

const steps = (failTwo = false): ConvergeStepInput[] => [
    {
        script: "one.sh",
        uninstall: "one-undo.sh",
        params: { SECRET: "token-for-one-only", SHARED: "1", ONLY_ONE: "yes" },
    },
    {
        script: "two.sh",
        uninstall: "two-undo.sh",
        params: { SHARED: "2", ONLY_TWO: "yes", ...(failTwo ? { FAIL: "yes" } : {}) },
    },
];

describe("node-converge.sh", () => {
    test("runs the steps in order, each with only its own parameters (a secret reaches only its step)", () => {
        const h = home();
        const r = run(h.bundle, "node-converge.sh", composeStdin(renderConvergeInput("n1", steps()), "sudo-pass"));
        expect(r.err).toContain("node n1: one.sh");
        expect(r.code).toBe(0);
        expect(r.out).toContain("node n1 converged (one.sh two.sh)");
        expect(h.record()).toBe(
            [
                "== one.sh",
                "ONLY_ONE=yes",
                "SECRET=token-for-one-only",
                "SHARED=1",
                "== two.sh",
                "ONLY_TWO=yes",
                "SHARED=2",
                "",
            ].join("\n"),
        );
    });

    test("a failing step stops the run and names itself; the steps after it do not run", () => {
        const h = home();
        const three = [...steps(true), { script: "one-undo.sh", params: {} }];
        const r = run(h.bundle, "node-converge.sh", renderConvergeInput("n1", three));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(
            new RegExp(
                /step two\.sh failed on node n1; the steps /.source +
                    /after it did not run — .*run pulumi up again/.source,
            ),
        );
        expect(h.record()).not.toContain("one-undo.sh");
    });

    test("refuses a step that is not in the bundle before running any", () => {
        const h = home();
        const r = run(
            h.bundle,
            "node-converge.sh",
            renderConvergeInput("n1", [...steps(), { script: "missing.sh", params: {} }]),
        );
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/step missing\.sh is not in the bundle/);
        expect(h.record()).toBe("");
    });

    test("when every step passed, older bundles of the node are removed (and only those)", () => {
        const h = home();
        mkdirSync(path.join(h.home, ".continuum-bundle-bbbbbbbbbbbbbbbb"));
        mkdirSync(path.join(h.home, ".continuum"));
        expect(run(h.bundle, "node-converge.sh", renderConvergeInput("n1", steps())).code).toBe(0);
        expect(readdirSync(h.home).sort()).toEqual([".continuum", ".continuum-bundle-aaaaaaaaaaaaaaaa", "record"]);
    });

    test("a second run with the same input does the same (the steps are what make it idempotent)", () => {
        const h = home();
        const input = renderConvergeInput("n1", steps());
        expect(run(h.bundle, "node-converge.sh", input).code).toBe(0);
        const first = h.record();
        expect(run(h.bundle, "node-converge.sh", input).code).toBe(0);
        expect(h.record()).toBe(first + first);
    });
});

describe("node-unconverge.sh", () => {
    test("runs the uninstalls in reverse step order with each step's parameters, then removes the bundle", () => {
        const h = home();
        const r = run(h.bundle, "node-unconverge.sh", composeStdin(renderConvergeInput("n1", steps()), "sudo-pass"));
        expect(r.err).toBe(
            "continuum[node-unconverge]: node n1: two-undo.sh\ncontinuum[node-unconverge]: node n1: one-undo.sh\n",
        );
        expect(r.code).toBe(0);
        expect(h.record()).toBe(
            [
                "== two-undo.sh",
                "ONLY_TWO=yes",
                "SHARED=2",
                "== one-undo.sh",
                "ONLY_ONE=yes",
                "SECRET=token-for-one-only",
                "SHARED=1",
                "",
            ].join("\n"),
        );
        expect(existsSync(h.bundle)).toBe(false);
    });

    test("steps without an uninstall are skipped", () => {
        const h = home();
        const r = run(
            h.bundle,
            "node-unconverge.sh",
            renderConvergeInput("n1", [steps()[0], { script: "two.sh", params: {} }]),
        );
        expect(r.code).toBe(0);
        expect(h.record()).toContain("== one-undo.sh");
        expect(h.record()).not.toContain("two");
    });

    test("the node's other bundles go too (an update whose converge failed left one), nothing else", () => {
        const h = home();
        const stale = path.join(h.home, ".continuum-bundle-bbbbbbbbbbbbbbbb");
        const other = path.join(h.home, "not-a-bundle");
        mkdirSync(stale);
        writeFileSync(path.join(stale, "one.sh"), RECORDING_STEP);
        mkdirSync(other);
        const r = run(h.bundle, "node-unconverge.sh", renderConvergeInput("n1", steps()));
        expect(r.code).toBe(0);
        expect([existsSync(h.bundle), existsSync(stale), existsSync(other)]).toEqual([false, false, true]);
    });
});
