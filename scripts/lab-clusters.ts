// The sim clusters a lab stack left on disk: which exist, which the state lost, stopping and restarting them.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { controlPlaneStdin, simPorts } from "../components/clusters/sim/control-plane";
import { SIM_CLUSTER_SCRIPT } from "../components/clusters/sim/sim-cluster";
import { must, run, type LabPaths } from "./lab-stack";

/**
 * The script's input for a cluster already on disk (`down`, `start`): its name and state directory
 * (and how long `start` waits); those actions use nothing else of it.
 */
function onDiskClusterStdin(p: LabPaths, name: string, readySeconds: number): string {
    return controlPlaneStdin({
        cluster: name,
        stateDir: p.stateDir,
        ports: simPorts(1024),
        serviceCidr: "",
        podCidr: "",
        kubernetesVersion: "",
        readySeconds,
    });
}

/** Names of the clusters in the stack's state directory. */
export function clustersOnDisk(p: LabPaths): string[] {
    const dir = path.join(p.stateDir, "clusters");
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()) : [];
}

/** Clusters on disk whose control-plane command the stack's state does not hold. */
export function orphanClusters(p: LabPaths, env: NodeJS.ProcessEnv): string[] {
    const onDisk = clustersOnDisk(p);
    if (onDisk.length === 0) return [];
    const state = JSON.parse(
        must(run("pulumi", ["stack", "export", "--stack", p.stack], env, p.root), "pulumi stack export"),
    ) as { deployment?: { resources?: { urn: string; type: string }[] } };
    const known = new Set(
        (state.deployment?.resources ?? [])
            .filter((r) => r.type === "command:local:Command")
            .map((r) => r.urn.split("::").pop()),
    );
    return onDisk.filter((name) => !known.has(`${name}-control-plane`));
}

/** Stop and remove one cluster of the state directory with the script's uninstall. */
export function stopCluster(p: LabPaths, name: string, env: NodeJS.ProcessEnv): void {
    const stdin = onDiskClusterStdin(p, name, 0);
    spawnSync("bash", [SIM_CLUSTER_SCRIPT, "down"], { input: stdin, env, stdio: ["pipe", "inherit", "inherit"] });
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const s = net.connect({ host: "127.0.0.1", port });
        s.setTimeout(1000);
        s.once("connect", () => {
            s.destroy();
            resolve(true);
        });
        s.once("timeout", () => {
            s.destroy();
            resolve(false);
        });
        s.once("error", () => resolve(false));
    });
}

/**
 * Clusters of this stack whose API does not answer (the machine rebooted, a component died)
 * are started again by the script (`start`: what is left of them is stopped, then
 * `kwokctl start cluster`), so an unchanged `pulumi up` finds them answering.
 */
export function restartStopped(p: LabPaths, env: NodeJS.ProcessEnv): string[] {
    const started: string[] = [];
    for (const name of clustersOnDisk(p)) {
        const cdir = path.join(p.stateDir, "clusters", name);
        if (!fs.existsSync(path.join(cdir, "kwok.yaml"))) continue;
        const answers = run(
            "kubectl",
            ["--kubeconfig", path.join(cdir, "kubeconfig.yaml"), "--request-timeout=5s", "get", "--raw", "/readyz"],
            env,
            p.root,
        );
        if (answers.status === 0) continue;
        const stdin = onDiskClusterStdin(p, name, 120);
        const r = spawnSync("bash", [SIM_CLUSTER_SCRIPT, "start"], {
            input: stdin,
            env,
            encoding: "utf8",
            stdio: ["pipe", "ignore", "inherit"],
        });
        if (r.status !== 0)
            throw new Error(
                `cluster '${name}' of stack '${p.stack}' does not answer ` +
                    `and could not be started again — \`npm run lab:down\` then \`npm run lab\` starts clean`,
            );
        started.push(name);
    }
    return started;
}
