import { parse, stringify } from "yaml";

interface Named<T> {
    name: string;
    [key: string]: unknown;
    cluster?: T;
    user?: T;
    context?: T;
}

/** The parts of a kubeconfig this module touches. */
interface Kubeconfig {
    apiVersion?: string;
    kind?: string;
    clusters?: Named<Record<string, unknown>>[];
    users?: Named<Record<string, unknown>>[];
    contexts?: Named<{ cluster?: string; user?: string; namespace?: string }>[];
    "current-context"?: string;
    preferences?: Record<string, unknown>;
}

function load(text: string, what: string): Kubeconfig {
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        throw new Error(`${what}: not a kubeconfig (${(e as Error).message.split("\n")[0]})`);
    }
    if (!doc || typeof doc !== "object") throw new Error(`${what}: not a kubeconfig (empty or not a mapping)`);
    return doc as Kubeconfig;
}

/**
 * A single-context kubeconfig with its cluster, user and context all named `name`
 * (kwokctl calls them `kwok-<cluster>`); the current context is that one.
 */
export function renameKubeconfig(text: string, name: string): string {
    const kc = load(text, `kubeconfig of '${name}'`);
    const ctxName = kc["current-context"] ?? kc.contexts?.[0]?.name;
    const ctx = kc.contexts?.find((c) => c.name === ctxName);
    if (!ctx?.context?.cluster)
        throw new Error(
            `kubeconfig of '${name}': no current context — the API server did not hand out a usable kubeconfig`,
        );
    const cluster = kc.clusters?.find((c) => c.name === ctx.context?.cluster);
    if (!cluster?.cluster)
        throw new Error(
            `kubeconfig of '${name}': context '${ctxName}' names cluster ` +
                `'${ctx.context.cluster}', which it does not define`,
        );
    const user = ctx.context.user !== undefined ? kc.users?.find((u) => u.name === ctx.context?.user) : undefined;
    const out: Kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: cluster.cluster }],
        users: user?.user ? [{ name, user: user.user }] : [],
        contexts: [
            {
                name,
                context: {
                    cluster: name,
                    ...(user?.user ? { user: name } : {}),
                    ...(ctx.context.namespace ? { namespace: ctx.context.namespace } : {}),
                },
            },
        ],
        "current-context": name,
        preferences: {},
    };
    return stringify(out);
}

/**
 * One kubeconfig with one context per cluster (each input already renamed by
 * `renameKubeconfig`), in the given order; the first is the current context.
 */
export function mergeKubeconfigs(entries: { name: string; kubeconfig: string }[]): string {
    const seen = new Set<string>();
    const out: Kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [],
        users: [],
        contexts: [],
        preferences: {},
    };
    for (const { name, kubeconfig } of entries) {
        if (seen.has(name))
            throw new Error(
                `two clusters are named '${name}' — cluster names must be unique to merge their kubeconfigs`,
            );
        seen.add(name);
        const kc = load(renameKubeconfig(kubeconfig, name), `kubeconfig of '${name}'`);
        out.clusters!.push(...(kc.clusters ?? []));
        out.users!.push(...(kc.users ?? []));
        out.contexts!.push(...(kc.contexts ?? []));
    }
    if (entries.length > 0) out["current-context"] = entries[0]!.name;
    return stringify(out);
}

/** The API server URL of a kubeconfig's current context. */
export function kubeconfigServer(text: string): string {
    const kc = load(text, "kubeconfig");
    const ctxName = kc["current-context"];
    const ctx = kc.contexts?.find((c) => c.name === ctxName);
    const cluster = kc.clusters?.find((c) => c.name === ctx?.context?.cluster);
    const server = cluster?.cluster?.server;
    if (typeof server !== "string") throw new Error(`kubeconfig: current context '${ctxName ?? ""}' has no server`);
    return server;
}
