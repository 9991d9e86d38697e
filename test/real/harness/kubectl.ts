/** kubectl on this machine against the real cluster (the stack's admin kubeconfig). */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { run } from "../../hosts/harness/shell";
import type { Finished } from "../../hosts/harness/shell";

export class Kubectl {
    private readonly kubeconfig: string;

    constructor(
        readonly binary: string,
        kubeconfigText: string,
        dir: string,
    ) {
        this.kubeconfig = path.join(dir, "admin.kubeconfig");
        writeFileSync(this.kubeconfig, kubeconfigText, { mode: 0o600 });
    }

    run(args: string[], input?: string, timeoutMs = 120_000): Promise<Finished> {
        return run([this.binary, "--kubeconfig", this.kubeconfig, "--request-timeout=30s", ...args], {
            input,
            timeoutMs,
        });
    }

    async ok(args: string[], input?: string, timeoutMs?: number): Promise<string> {
        const r = await this.run(args, input, timeoutMs);
        if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed (exit ${r.status}): ${r.stderr.trim()}`);
        return r.stdout;
    }

    async json<T>(args: string[]): Promise<T> {
        return JSON.parse(await this.ok([...args, "-o", "json"])) as T;
    }

    /** Poll until `check` returns a value (not undefined) or the time is up; then throw with `what`. */
    async until<T>(what: string, seconds: number, check: () => Promise<T | undefined>): Promise<T> {
        const end = Date.now() + seconds * 1000;
        let last: unknown;
        for (;;) {
            try {
                const v = await check();
                if (v !== undefined) return v;
            } catch (e) {
                last = e;
            }
            if (Date.now() > end)
                throw new Error(`timed out after ${seconds}s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
            await new Promise((r) => setTimeout(r, 2000));
        }
    }
}

/** The Kubernetes objects the assertions read. */
export interface KNode {
    metadata: { name: string; labels?: Record<string, string> };
    spec: { podCIDR?: string };
    status: { conditions?: { type: string; status: string }[] };
}
export interface KPod {
    metadata: { name: string; namespace: string };
    spec: { nodeName?: string };
    status: { phase?: string; podIP?: string; containerStatuses?: { containerID?: string; ready: boolean }[] };
}

export const isReady = (n: KNode): boolean =>
    (n.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
