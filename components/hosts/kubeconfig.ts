/**
 * The admin kubeconfig a control-plane node prints, made fit for the stack's outputs (pure):
 * one cluster/user/context all named after the continuum cluster, the server pointed at the
 * API endpoint clients use (not 127.0.0.1).
 */
import { parse, stringify } from "yaml";

interface Entry {
    name: string;
    cluster?: Record<string, unknown>;
    user?: Record<string, unknown>;
    context?: { cluster?: string; user?: string; namespace?: string };
}

interface Kubeconfig {
    clusters?: Entry[];
    users?: Entry[];
    contexts?: Entry[];
    "current-context"?: string;
}

/** Rewrite a node's admin kubeconfig for `clusterName`, pointing at `apiEndpoint` (https://host:port). */
export function rewriteKubeconfig(text: string, clusterName: string, apiEndpoint: string): string {
    let doc: Kubeconfig;
    try {
        doc = parse(text) as Kubeconfig;
    } catch (e) {
        throw new Error(
            `cluster '${clusterName}': the control plane printed no valid ` +
                `kubeconfig (${(e as Error).message.split("\n")[0]}) — check the node's logs`,
        );
    }
    if (!doc || typeof doc !== "object") {
        throw new Error(
            `cluster '${clusterName}': the control plane printed an empty kubeconfig — check the node's logs`,
        );
    }
    const ctxName = doc["current-context"] ?? doc.contexts?.[0]?.name;
    const ctx = doc.contexts?.find((c) => c.name === ctxName)?.context;
    const cluster = doc.clusters?.find((c) => c.name === ctx?.cluster)?.cluster;
    const user = doc.users?.find((u) => u.name === ctx?.user)?.user;
    if (!cluster || !user) {
        throw new Error(
            `cluster '${clusterName}': the kubeconfig has no usable current ` +
                `context — check /etc/rancher/k3s/k3s.yaml or /etc/kubernetes/admin.conf ` +
                `on the first control node`,
        );
    }
    const out = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { ...cluster, server: apiEndpoint } }],
        users: [{ name: `${clusterName}-admin`, user }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: `${clusterName}-admin` } }],
        "current-context": clusterName,
        preferences: {},
    };
    return stringify(out, { lineWidth: 0 });
}
