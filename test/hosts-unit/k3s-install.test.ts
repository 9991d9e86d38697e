/**
 * k3s-install.sh runs for real with bash on a sandboxed host (host-sandbox.ts), with a K3s
 * STAND-IN binary (answers --version and the API check) and the systemctl stand-in: a run killed
 * after it changed K3s's configuration but before it restarted K3s leaves the restart owed, and
 * the next run restarts K3s although the files no longer differ; a run with nothing changed and
 * nothing owed restarts nothing. Neither the K3s token nor the sudo password (the first stdin line
 * in password mode, which sudo consumes; the library skips it if sudo did not) reaches the output
 * of a converge.
 */
import * as path from "node:path";
import { composeStdin, renderParams } from "../../components/hosts/params";
import { renderConvergeInput } from "../../components/hosts/converge-params";
import { CONVERGE_SCRIPTS } from "../../components/hosts/fleet-node";
import { HostSandbox, standinScript } from "./host-sandbox";

const SCRIPTS = path.join(__dirname, "../../components/clusters/k3s/scripts");
const TOKEN = "K10-secret-cluster-token-0f3c";

let box: HostSandbox;
let k3s: Record<string, string>;
beforeAll(() => {
    box = new HostSandbox([
        ...["k3s-install.sh", "k3s-uninstall.sh"].map((s) => path.join(SCRIPTS, s)),
        ...CONVERGE_SCRIPTS,
    ]);
    k3s = box.artifact(
        "K3S",
        "k3s-standin",
        standinScript(
            "k3s",
            'case "$*" in --version) echo "k3s version v1.35.0+k3s1 (stand-in)" ' +
                ';; "kubectl get --raw /readyz") echo ok ;; *) exit 1 ;; esac',
        ),
    );
});
afterAll(() => box.remove());

const input = (config: string) =>
    renderParams({
        K3S_ROLE: "server",
        K3S_VERSION: "v1.35.0+k3s1",
        K3S_CONFIG: config,
        K3S_TOKEN: TOKEN,
        NODE_NAME: "s1",
        WAIT_SECONDS: "10",
        ...k3s,
    });
const restarts = () => box.calls().filter((c) => c === "systemctl restart k3s");

test("a configuration change whose restart was cut off is restarted by the next run", async () => {
    const first = box.run("k3s-install.sh", input("node-name: s1\n"));
    expect(first.code).toBe(0);
    expect(first.out + first.err).not.toContain(TOKEN);

    // The next run writes the new configuration, then is killed before it restarts K3s.
    box.set("units/hang-enable", "");
    box.resetCalls();
    const run = box.start("k3s-install.sh", input('node-name: s1\nwrite-kubeconfig-mode: "0600"\n'));
    const deadline = Date.now() + 60_000;
    while (!box.calls().includes("systemctl enable --quiet k3s")) {
        if (Date.now() > deadline) throw new Error("the run never reached systemctl enable");
        await new Promise((r) => setTimeout(r, 100));
    }
    const exited = new Promise((r) => run.on("exit", r));
    process.kill(-(run.pid as number), "SIGKILL");
    await exited;
    expect(restarts()).toEqual([]);
    box.set("units/hang-enable", undefined);

    box.resetCalls();
    const next = box.run("k3s-install.sh", input('node-name: s1\nwrite-kubeconfig-mode: "0600"\n'));
    expect(next.code).toBe(0);
    expect(restarts()).toEqual(["systemctl restart k3s"]);

    // Nothing changed, nothing owed: no restart.
    box.resetCalls();
    expect(box.run("k3s-install.sh", input('node-name: s1\nwrite-kubeconfig-mode: "0600"\n')).code).toBe(0);
    expect(restarts()).toEqual([]);
}, 120_000);

test("a converge in sudo password mode prints neither the K3s token nor the sudo password", () => {
    const PASSWORD = "sudo-pass-Xq81-secret";
    const stdin = composeStdin(
        renderConvergeInput("s1", [
            {
                script: "k3s-install.sh",
                uninstall: "k3s-uninstall.sh",
                params: {
                    K3S_ROLE: "server",
                    K3S_VERSION: "v1.35.0+k3s1",
                    K3S_CONFIG: "node-name: s1\n",
                    K3S_TOKEN: TOKEN,
                    NODE_NAME: "s1",
                    WAIT_SECONDS: "10",
                    ...k3s,
                },
            },
        ]),
        PASSWORD,
    );
    const r = box.run("node-converge.sh", stdin);
    expect(r.code).toBe(0);
    expect(r.out).toContain("node s1 converged (k3s-install.sh)");
    for (const secret of [TOKEN, PASSWORD]) {
        expect(r.out + r.err).not.toContain(secret);
        expect(box.calls().join("\n")).not.toContain(secret);
    }
});
