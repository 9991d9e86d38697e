/**
 * Wait for a pod to be Ready; when it is not, fail with what a person debugging it would look at
 * first: the pod's description and events, every pod in the cluster with its node, the nodes'
 * conditions, and the tail of the kubelet's and containerd's journals on the pod's node.
 */
import type { TestHostRun } from "../../hosts/harness/test-hosts";
import type { Kubectl } from "./kubectl";

/** `kubectl wait --for=condition=Ready pod/<name>`; on a timeout, throw with the cluster's picture. */
export async function podReady(
    kubectl: Kubectl,
    hosts: TestHostRun,
    pod: string,
    node: string,
    seconds: number,
): Promise<void> {
    const wait = await kubectl.run(
        ["wait", "--for=condition=Ready", `pod/${pod}`, `--timeout=${seconds}s`],
        undefined,
        (seconds + 20) * 1000,
    );
    if (wait.status === 0) return;
    const seen = await picture(kubectl, hosts, pod, node);
    throw new Error(`pod ${pod} was not Ready after ${seconds}s: ${wait.stderr.trim()}\n${seen}`);
}

/** What the cluster and the node looked like, each part labelled; a part that fails says why. */
export async function picture(kubectl: Kubectl, hosts: TestHostRun, pod: string, node: string): Promise<string> {
    const parts: [string, Promise<{ stdout: string; stderr: string }>][] = [
        [`describe pod ${pod}`, kubectl.run(["describe", "pod", pod])],
        ["pods", kubectl.run(["get", "pods", "-A", "-o", "wide"])],
        ["nodes", kubectl.run(["get", "nodes", "-o", "wide"])],
        ["events", kubectl.run(["get", "events", "-A", "--sort-by=.lastTimestamp"])],
        [
            `${node}: kubelet and containerd`,
            hosts.exec(node, ["journalctl", "--no-pager", "-n", "60", "-u", "kubelet", "-u", "containerd"]),
        ],
    ];
    const out: string[] = [];
    for (const [what, p] of parts) {
        const r = await p.catch((e: Error) => ({ stdout: "", stderr: e.message }));
        out.push(`--- ${what}:\n${r.stdout}${r.stderr}`);
    }
    return out.join("\n");
}
