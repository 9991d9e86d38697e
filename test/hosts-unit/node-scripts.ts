import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-file";
import { renderParams } from "../../components/hosts/params";
import { hostRootBash } from "./host-sandbox";

const STANDIN = path.join(__dirname, "standins/kubectl-standin.sh");

/**
 * Run one of components/clusters/ssh/scripts/node-*.sh (or, given a directory, a test harness
 * from it) with bash against the kubectl STAND-IN, as root or as root of a user namespace
 * (`unshare -r`), with a private /run (hostRootBash).
 */
export function nodeScript(
    name: string,
    scriptDir: string = path.join(__dirname, "../../components/clusters/ssh/scripts"),
) {
    const dir = mkdtempSync(path.join(tmpdir(), `continuum-${name}-`));
    copyFileSync(HOST_LIB, path.join(dir, "continuum-lib.sh"));
    copyFileSync(path.join(scriptDir, `${name}.sh`), path.join(dir, `${name}.sh`));
    const state = mkdtempSync(path.join(tmpdir(), "continuum-standin-"));
    return {
        state,
        /** Set a stand-in state file (undefined removes it). */
        set(file: string, content: string | undefined) {
            if (content === undefined) rmSync(path.join(state, file), { force: true });
            else writeFileSync(path.join(state, file), content);
        },
        run(params: Record<string, string>) {
            writeFileSync(path.join(state, "calls"), "");
            const r = spawnSync(...hostRootBash(path.join(dir, `${name}.sh`)), {
                input: renderParams({ KUBECTL_FLAVOR: "kubeadm", KUBECTL_BIN: STANDIN, NODE_NAME: "w1", ...params }),
                env: { ...process.env, STANDIN_STATE: state },
                encoding: "utf8",
            });
            const calls = readFileSync(path.join(state, "calls"), "utf8").trim().split("\n").filter(Boolean);
            return { code: r.status, err: r.stderr, out: r.stdout, calls };
        },
    };
}
