import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { HostAccess } from "./connection";
import { HostScript } from "./host-script";
import { LeanLocalCommand } from "./lean-command";
import { fleetSshCommand, fleetSshDialBudgetSeconds, fleetSshEndpointEnvironment, fleetSshStdin } from "./fleet-ssh";
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
 * The first step on a host whose steps run on the command provider's SSH client: log in once with
 * OpenSSH (`fleet-node-ssh.sh check`, the fleet nodes' transport: the pinned host key and the
 * bastion's, its retries). The provider's client retries a host key mismatch like a network
 * error (pulumi-command v1.2.1 `dialWithRetry`: every dial error, up to `dialErrorLimit`); this
 * step fails at once on a mismatch, naming the host and the key it presented, and on a refused
 * login; an unreachable host after its dial attempts. It runs again whenever the endpoint or a
 * pinned key changes. Keys go on stdin, never in the environment or the command line.
 */
export function hostKeyCheck(name: string, access: HostAccess, opts: pulumi.CustomResourceOptions): LeanLocalCommand {
    const conn = access.connection;
    const key = conn.privateKey;
    const bastionKey = (conn.proxy as { privateKey?: pulumi.Input<string> } | undefined)?.privateKey;
    if (key === undefined) throw new Error(`node '${access.nodeName}': no SSH private key — set ssh.privateKey as a secret`);
    const t = `${fleetSshDialBudgetSeconds(conn) + 60}s`;
    return new LeanLocalCommand(name, {
        create: fleetSshCommand("check"),
        environment: fleetSshEndpointEnvironment(access.nodeName, conn),
        stdin: pulumi.secret(pulumi.all([key, bastionKey]).apply(([k, bk]) => fleetSshStdin(k, bk, ""))),
        addPreviousOutputInEnv: false,
    }, { ...opts, customTimeouts: { create: t, update: t, delete: t }, deleteBeforeReplace: true });
}

/**
 * Runs `preflight.sh` (read-only) on a host before anything is installed there and checks its
 * facts against the requirements. `passed` resolves to "passed", or fails the deployment with
 * one message naming the host, each failed check and its fix; install steps take `passed` as a
 * parameter so they cannot start before it. Before it, {@link hostKeyCheck} (`<name>-hostkey`):
 * every step on the host waits for the preflight, so a wrong host key fails the host at once.
 */
export class HostPreflight extends pulumi.ComponentResource {
    /** "passed" once the checks pass (unknown in preview). */
    readonly passed: pulumi.Output<string>;
    /** The script step (for `dependsOn`). */
    readonly script: HostScript;
    /** The host key check over OpenSSH the script waits for. */
    readonly hostKey: LeanLocalCommand;

    constructor(name: string, args: HostPreflightArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:HostPreflight", name, {}, opts);
        const a = args.access;
        const req = args.requirements;
        this.hostKey = hostKeyCheck(`${name}-hostkey`, a, { parent: this });
        this.script = new HostScript(`${name}-run`, {
            nodeName: a.nodeName,
            connection: a.connection,
            sudoMode: a.sudoMode,
            sudoPassword: a.sudoPassword,
            script: PREFLIGHT_SCRIPT,
            params: { PORTS: req.ports.join(",") },
            triggers: [JSON.stringify(req)],
            timeoutSeconds: Math.min(a.timeoutSeconds, 300),
        }, { parent: this, dependsOn: [this.hostKey] });
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
