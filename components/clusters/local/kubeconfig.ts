import { parse } from "yaml";

/** The API endpoint a kubeconfig context points at. */
export interface KubeconfigEndpoint {
    /** The context used. */
    context: string;
    /** `https://host:port` as written in the kubeconfig. */
    server: string;
    /** Host of the server (IPv6 without brackets). */
    host: string;
    /** Port of the server (443 when the URL has none). */
    port: number;
}

interface Named<T> {
    name?: string;
    context?: T;
    cluster?: T;
}

/**
 * Where a kubeconfig's context (default: its current context) sends requests. Pure: reads the
 * server address only; the errors name what is missing and never print the kubeconfig.
 */
export function kubeconfigEndpoint(text: string, context?: string, what = "the kubeconfig"): KubeconfigEndpoint {
    let doc: unknown;
    try {
        doc = parse(text);
    } catch {
        throw new Error(`${what} is not valid YAML — pass the whole kubeconfig file (e.g. \`cat ~/.kube/config\`)`);
    }
    if (!doc || typeof doc !== "object")
        throw new Error(`${what} is not a kubeconfig (a YAML mapping with clusters, contexts and users)`);
    const kc = doc as {
        "current-context"?: string;
        contexts?: Named<{ cluster?: string }>[];
        clusters?: Named<{ server?: string }>[];
    };
    const contexts = kc.contexts ?? [];
    const want = context ?? kc["current-context"];
    if (!want) {
        throw new Error(
            `${what} has no current-context — name one with existing.context ` +
                `(available: ${contexts.map((c) => c.name).join(", ") || "none"})`,
        );
    }
    const ctx = contexts.find((c) => c.name === want);
    if (!ctx) {
        throw new Error(
            `${what} has no context '${want}' — use one of: ${contexts.map((c) => c.name).join(", ") || "(none)"}`,
        );
    }
    const clusterName = ctx.context?.cluster;
    const cluster = (kc.clusters ?? []).find((c) => c.name === clusterName);
    const server = cluster?.cluster?.server;
    if (!server) {
        throw new Error(
            `${what}: context '${want}' refers to cluster '${clusterName ?? "?"}', ` +
                `which has no server address — fix the kubeconfig`,
        );
    }
    let url: URL;
    try {
        url = new URL(server);
    } catch {
        throw new Error(
            `${what}: the server of context '${want}' is not a URL ('${server}') ` +
                `— it should look like https://10.0.0.1:6443`,
        );
    }
    const port = url.port !== "" ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
    return { context: want, server, host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port };
}
