import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { HostAccess } from "./connection";
import { HostScript } from "./host-script";
import { parseFacts } from "./params";
import { formatPreflight, interpretPreflight, type PreflightFailure, type PreflightRequirements } from "./preflight";

/** The read-only preflight script. */
export const PREFLIGHT_SCRIPT = path.join(__dirname, "scripts", "preflight.sh");

/** Arguments of HostPreflight. */
export interface HostPreflightArgs {
    /** How the host is reached (see `hostAccess`). */
    access: HostAccess;
    /** What the host must offer. */
    requirements: PreflightRequirements;
    /** Check ids (`cgroups`, `swap`, `module:br_netfilter`, …) reported but not enforced. @default [] */
    skipChecks?: string[];
}

/**
 * Runs `preflight.sh` (read-only) on a host before anything is installed there and checks its
 * facts against the requirements. `passed` resolves to "passed", or fails the deployment with
 * one message naming the host, each failed check and its fix; install steps take `passed` as a
 * parameter so they cannot start before it.
 */
export class HostPreflight extends pulumi.ComponentResource {
    /** "passed" once the checks pass (unknown in preview). */
    readonly passed: pulumi.Output<string>;
    /** The script step (for `dependsOn`). */
    readonly script: HostScript;

    constructor(name: string, args: HostPreflightArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:HostPreflight", name, {}, opts);
        const a = args.access;
        const req = args.requirements;
        this.script = new HostScript(`${name}-run`, {
            nodeName: a.nodeName,
            connection: a.connection,
            sudoMode: a.sudoMode,
            sudoPassword: a.sudoPassword,
            script: PREFLIGHT_SCRIPT,
            params: { PORTS: req.ports.join(",") },
            triggers: [JSON.stringify(req)],
            timeoutSeconds: Math.min(a.timeoutSeconds, 300),
        }, { parent: this });
        this.passed = this.script.stdout.apply((stdout) => {
            const v = preflightVerdict(stdout, req, args.skipChecks ?? []);
            for (const f of v.skipped) pulumi.log.warn(`preflight on node '${a.nodeName}': ${f.check} not enforced (${f.found})`, this);
            if (v.failures.length > 0) throw new Error(formatPreflight(a.nodeName, a.address, v.failures));
            return "passed";
        });
        this.registerOutputs({ passed: this.passed });
    }
}

/** The failed checks of a preflight run, split into enforced and skipped ones (pure). */
export function preflightVerdict(stdout: string, req: PreflightRequirements, skipChecks: string[]): { failures: PreflightFailure[]; skipped: PreflightFailure[] } {
    const skip = new Set(skipChecks);
    const all = interpretPreflight(parseFacts(stdout), req);
    return { failures: all.filter((f) => !skip.has(f.check)), skipped: all.filter((f) => skip.has(f.check)) };
}
