// What the lab's clusters report live: nodes, RuntimeClasses, pods, Akri's objects, the CloudCore CA.
import { certificateExpiry } from "../components/day2/certificates";
import { CA_SECRET, KUBEEDGE_NAMESPACE } from "../components/edge/cloudcore-values";
import { must, run, type LabPaths } from "./lab-stack";
import { liveFromKubectl, type LiveCluster } from "./lab-summary";
import { liveAkriFromKubectl } from "./lab-summary-addons";

/** Read nodes, RuntimeClasses, pods and (where installed) Akri's objects of each cluster through the merged kubeconfig.
 * */
export function readLive(p: LabPaths, env: NodeJS.ProcessEnv, clusters: string[]): LiveCluster[] {
    return clusters.map((name) => {
        const kubectlGet = (what: string, all: boolean) =>
            run(
                "kubectl",
                ["--kubeconfig", p.kubeconfig, "--context", name, "get", what, ...(all ? ["-A"] : []), "-o", "json"],
                env,
                p.root,
            );
        const get = (what: string): unknown =>
            JSON.parse(
                must(kubectlGet(what, what === "pods" || what.endsWith(".akri.sh")), `kubectl get ${what} (${name})`),
            );
        try {
            // Akri's CRDs exist only in clusters with Akri.
            const hasAkri = kubectlGet("crd/configurations.akri.sh", false).status === 0;
            const akri = hasAkri
                ? liveAkriFromKubectl(get("configurations.akri.sh"), get("instances.akri.sh"))
                : undefined;
            const live = liveFromKubectl(name, get("nodes"), get("runtimeclasses"), get("pods"), akri);
            const cloudCoreCa = readCloudCoreCa(p, env, name);
            return cloudCoreCa === undefined ? live : { ...live, cloudCoreCa };
        } catch (e) {
            return { name, nodes: [], runtimeClasses: [], pods: [], error: (e as Error).message.split("\n")[0]! };
        }
    });
}

/**
 * The CloudCore CA's `notAfter` (Secret kubeedge/casecret, made by CloudCore in the cluster): only its
 * public `cadata` is read (jsonpath), never the key. Undefined where CloudCore does not run.
 */
function readCloudCoreCa(p: LabPaths, env: NodeJS.ProcessEnv, name: string): string | undefined {
    const r = run(
        "kubectl",
        [
            ...["--kubeconfig", p.kubeconfig, "--context", name, "-n", KUBEEDGE_NAMESPACE],
            ...["get", "secret", CA_SECRET.name, "--ignore-not-found", "-o", `jsonpath={.data.${CA_SECRET.key}}`],
        ],
        env,
        p.root,
    );
    if (r.status !== 0) return undefined; // no kubeedge namespace or no access: no CloudCore line
    const data = r.stdout.trim();
    return data === "" ? undefined : (certificateExpiry(data) ?? "unknown");
}
