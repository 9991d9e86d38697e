/**
 * One node of a fleet, in as few resources as keep what a per-node resource gives: its own diff
 * in preview, its own failure and retry.
 *
 *   <name>-files      CopyToRemote: the node's bundle (host library, every step's scripts, the
 *                     pinned artifacts) into `~/.continuum-bundle-<digest16>`; see node-bundle.ts
 *   <name>-converge   Command (lean-command.ts): node-converge.sh runs every step with the node's whole desired
 *                     state on stdin — first, when asked, the preflight gate (the read-only
 *                     preflight.sh checked against rules rendered by preflight-rules.ts: nothing
 *                     is installed on a host that fails), then install/join, runtimes, …;
 *                     idempotent, so any change to that state is an in-place update that runs it
 *                     again. Delete runs the steps' uninstalls in reverse order (node-unconverge.sh).
 *
 * A function, not a component: every registered resource costs the Pulumi SDK the same per
 * property, and a fleet has thousands of nodes. The resources are parented to the caller's
 * component. Security as HostScript: the host key is pinned by the connection, parameters and
 * secrets go on stdin only (the command lines hold a fixed path), every command has customTimeouts.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { HostAccess } from "./connection";
import { HOST_LIB, type HostFile } from "./host-script";
import { PREFLIGHT_SCRIPT } from "./host-preflight";
import type { PreflightRequirements } from "./preflight";
import { preflightRules, renderPreflightRules } from "./preflight-rules";
import { composeStdin, paramName } from "./params";
import { renderConvergeInput, type ConvergeStepInput } from "./converge-params";
import { bundleTextFile, nodeBundle, type NodeBundle } from "./node-bundle";
import { runScriptCommand } from "./remote-commands";
import { LeanRemoteCommand } from "./lean-command";

const SCRIPTS = path.join(__dirname, "scripts");
/** The converge runner and its helpers (always in a node's bundle). */
export const CONVERGE_SCRIPTS = ["node-converge.sh", "node-unconverge.sh", "converge-lib.sh"].map((s) => path.join(SCRIPTS, s));
/** The preflight step of a converge. */
export const PREFLIGHT_GATE_SCRIPT = path.join(SCRIPTS, "preflight-gate.sh");
/** Its rules, in the bundle. */
export const PREFLIGHT_RULES_FILE = "preflight-rules.tsv";

const RULE_FILES = new Map<string, string>();
function preflightRulesFile(req: PreflightRequirements, skip: string[]): string {
    const text = `${renderPreflightRules(preflightRules(req, skip))}\n`;
    let file = RULE_FILES.get(text);
    if (file === undefined) {
        file = bundleTextFile(PREFLIGHT_RULES_FILE, text);
        RULE_FILES.set(text, file);
    }
    return file;
}

/** One step of a node's converge. */
export interface FleetNodeStep {
    /** Absolute path of the step's `.sh` (idempotent). */
    script: string;
    /** Absolute path of its uninstall `.sh`. @default nothing to undo */
    uninstallScript?: string;
    /** The step's parameters (secret values keep the converge's stdin secret). */
    params: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Pinned artifacts the step verifies (pushed in the bundle). @default [] */
    files?: HostFile[];
}

/** What one fleet node is made of. */
export interface FleetNodeArgs {
    /** How the host is reached and made root (host key pinned). */
    access: HostAccess;
    /** The steps, in order. */
    steps: FleetNodeStep[];
    /** Check the host first (read-only, the converge's first step): nothing is installed on a host that fails. */
    preflight?: { requirements: PreflightRequirements; skipChecks?: string[] };
    /** Seconds a converge may take. @default access.timeoutSeconds */
    timeoutSeconds?: number;
    /** What the node waits for (e.g. the previous control-plane node). */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
    /** The component the node's resources belong to. */
    parent: pulumi.Resource;
}

/** The resources of one fleet node. */
export interface FleetNode {
    bundle: NodeBundle;
    files: command.remote.CopyToRemote;
    converge: LeanRemoteCommand;
}

function timeouts(seconds: number): pulumi.CustomTimeouts {
    const t = `${seconds}s`;
    return { create: t, update: t, delete: t };
}

/** Declare one node: bundle copy, optional preflight, converge. */
export function declareFleetNode(name: string, args: FleetNodeArgs): FleetNode {
    const a = args.access;
    const steps: FleetNodeStep[] = [];
    const scripts = [HOST_LIB, ...CONVERGE_SCRIPTS];
    if (args.preflight) {
        const req = args.preflight.requirements;
        // The rules are shared by every node with the same requirements: a file in the bundle, not stdin.
        scripts.push(PREFLIGHT_SCRIPT, preflightRulesFile(req, args.preflight.skipChecks ?? []));
        steps.push({
            script: PREFLIGHT_GATE_SCRIPT,
            params: { NODE_NAME: a.nodeName, NODE_ADDRESS: a.address, PORTS: req.ports.join(","), PREFLIGHT_RULES_FILE: PREFLIGHT_RULES_FILE },
        });
    }
    steps.push(...args.steps);
    for (const s of steps) scripts.push(s.script, ...(s.uninstallScript ? [s.uninstallScript] : []));
    const files = steps.flatMap((s) => s.files ?? []);
    for (const f of files) {
        if (!/^[0-9a-f]{64}$/.test(f.sha256)) {
            throw new Error(`${f.name} for node '${a.nodeName}' has no valid sha256 ('${f.sha256}') — pin it in components/version-table.ts from the upstream checksum file`);
        }
    }
    const bundle = nodeBundle(scripts, files);
    const opts = { parent: args.parent };
    const run = (script: string) => bundle.remoteDir.apply((dir) => runScriptCommand(a.sudoMode, `${dir}/${script}`));
    const password = a.sudoMode === "password" ? a.sudoPassword : undefined;
    if (a.sudoMode === "password" && password === undefined) {
        throw new Error(`node '${a.nodeName}': sudo mode 'password' needs a password — set ssh.sudo.password as a secret`);
    }

    const copy = new command.remote.CopyToRemote(`${name}-files`, {
        connection: a.connection,
        source: bundle.archive,
        remotePath: bundle.remoteDir,
    }, { ...opts, dependsOn: args.dependsOn, customTimeouts: timeouts(a.timeoutSeconds) });

    const stepInputs = steps.map((s) => {
        const fileParams: Record<string, string> = {};
        for (const f of s.files ?? []) {
            const key = paramName(f.name);
            fileParams[`ARTIFACT_${key}`] = f.fileName;
            fileParams[`ARTIFACT_${key}_SHA256`] = f.sha256;
        }
        return pulumi.output(s.params).apply((p): ConvergeStepInput => ({
            script: path.basename(s.script),
            uninstall: s.uninstallScript ? path.basename(s.uninstallScript) : undefined,
            params: { ...(p as Record<string, string>), ...fileParams },
        }));
    });
    const stdin = pulumi.all([pulumi.all(stepInputs), pulumi.output(password)]).apply(([inputs, pw]) =>
        composeStdin(renderConvergeInput(a.nodeName, inputs), pw));

    const converge = new LeanRemoteCommand(`${name}-converge`, {
        connection: a.connection,
        create: run("node-converge.sh"),
        update: run("node-converge.sh"),
        delete: run("node-unconverge.sh"),
        stdin,
        addPreviousOutputInEnv: false,
        logging: "stdoutAndStderr",
    }, {
        ...opts,
        dependsOn: [copy, ...(args.dependsOn ?? [])],
        customTimeouts: timeouts(args.timeoutSeconds ?? a.timeoutSeconds),
        deleteBeforeReplace: true,
    });
    return { bundle, files: copy, converge };
}
