/**
 * Waiting for CloudCore's join token secret. CloudCore writes `kubeedge/tokensecret` only once it
 * runs, and its pod has no readiness probe, so Helm's wait returns before the secret exists: a read
 * right after the release failed "resource 'kubeedge/tokensecret' does not exist" (the real tier).
 * Before the token is read, the API is asked (GET, with the cluster's kubeconfig) until the secret
 * is there. A kubeconfig whose credentials this cannot use (exec plugins, auth providers) is not
 * waited on: the read then happens at once, as before.
 */
import * as https from "node:https";
import { parse } from "yaml";

/** What a GET needs from a kubeconfig: the current context's server and credentials. */
export interface ApiAccess {
    server: string;
    ca?: Buffer;
    cert?: Buffer;
    key?: Buffer;
    token?: string;
    insecure: boolean;
}

type Named<T> = { name: string } & T;
interface Kubeconfig {
    "current-context"?: string;
    contexts?: Named<{ context?: { cluster?: string; user?: string } }>[];
    clusters?: Named<{
        cluster?: { server?: string; "certificate-authority-data"?: string; "insecure-skip-tls-verify"?: boolean };
    }>[];
    users?: Named<{ user?: { token?: string; "client-certificate-data"?: string; "client-key-data"?: string } }>[];
}

/** The current context's server and inline credentials, or undefined when there are none to use. */
export function apiAccess(kubeconfig: string): ApiAccess | undefined {
    let doc: Kubeconfig;
    try {
        doc = parse(kubeconfig) as Kubeconfig;
    } catch {
        return undefined;
    }
    if (!doc || typeof doc !== "object") return undefined;
    const ctx =
        (doc.contexts ?? []).find((c) => c.name === doc["current-context"])?.context ?? doc.contexts?.[0]?.context;
    const cluster = (doc.clusters ?? []).find((c) => c.name === ctx?.cluster)?.cluster;
    const user = (doc.users ?? []).find((u) => u.name === ctx?.user)?.user;
    if (!cluster?.server?.startsWith("https://") || !user) return undefined;
    const b64 = (s?: string) => (s ? Buffer.from(s, "base64") : undefined);
    const cert = b64(user["client-certificate-data"]);
    const key = b64(user["client-key-data"]);
    if (!user.token && !(cert && key)) return undefined;
    return {
        server: cluster.server.replace(/\/+$/, ""),
        ca: b64(cluster["certificate-authority-data"]),
        cert,
        key,
        token: user.token,
        insecure: cluster["insecure-skip-tls-verify"] === true,
    };
}

/** One GET: the HTTP status, or 0 when the request failed. */
function getStatus(access: ApiAccess, path: string): Promise<number> {
    return new Promise((resolve) => {
        const req = https.request(
            `${access.server}${path}`,
            {
                method: "GET",
                ca: access.ca,
                cert: access.cert,
                key: access.key,
                rejectUnauthorized: !access.insecure,
                headers: access.token ? { Authorization: `Bearer ${access.token}` } : {},
                timeout: 10_000,
            },
            (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
            },
        );
        req.on("timeout", () => req.destroy());
        req.on("error", () => resolve(0));
        req.end();
    });
}

/**
 * Wait until `namespace/name` (a Secret) exists, asking every 2 s for up to `seconds`. Resolves
 * either way (a read that follows names what is missing); true when it was seen.
 */
export async function waitForSecret(
    kubeconfig: string,
    namespace: string,
    name: string,
    seconds: number,
): Promise<boolean> {
    const access = apiAccess(kubeconfig);
    if (!access) return false;
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`;
    const end = Date.now() + seconds * 1000;
    for (;;) {
        if ((await getStatus(access, path)) === 200) return true;
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 2000));
    }
}
