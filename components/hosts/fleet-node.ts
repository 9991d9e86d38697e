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
import type { HostAccess } from "./connection";
import { HOST_LIB, type HostFile } from "./host-script";
import { PREFLIGHT_SCRIPT } from "./host-preflight";
import type { PreflightRequirements } from "./preflight";
import { preflightRules, renderPreflightRules } from "./preflight-rules";
import { composeStdin, paramName } from "./params";
import { renderConvergeInput, type ConvergeStepInput } from "./converge-params";
import { bundleTextFile, nodeBundle, type NodeBundle } from "./node-bundle";
import { runScriptCommand } from "./remote-commands";
import { LeanCopyToRemote, LeanRemoteCommand, prepareConnection } from "./lean-command";

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
    files: LeanCopyToRemote;
    converge: LeanRemoteCommand;
}

function timeouts(seconds: number): pulumi.CustomTimeouts {
    const t = `${seconds}s`;
    return { create: t, update: t, delete: t };
}

const BUNDLE_COMMANDS = new WeakMap<NodeBundle, Map<string, pulumi.Output<string>>>();

/** The command line that runs a bundle's script: one Output per bundle and sudo mode, shared by its nodes. */
function bundleCommand(bundle: NodeBundle, sudoMode: string, script: string): pulumi.Output<string> {
    let byKey = BUNDLE_COMMANDS.get(bundle);
    if (byKey === undefined) {
        byKey = new Map();
        BUNDLE_COMMANDS.set(bundle, byKey);
    }
    const key = `${sudoMode}\0${script}`;
    let cmd = byKey.get(key);
    if (cmd === undefined) {
        cmd = bundle.remoteDir.apply((dir) => runScriptCommand(sudoMode, `${dir}/${script}`));
        byKey.set(key, cmd);
    }
    return cmd;
}

/**
 * The converge's stdin (secret when any parameter or the password is), in one `pulumi.all` over
 * every step's parameters: the SDK makes Outputs only for the Outputs among them (the join token),
 * not per step — every Output made here costs the SDK per node.
 */
function convergeStdin(nodeName: string, steps: FleetNodeStep[], password: pulumi.Input<string> | undefined): pulumi.Output<string> {
    return pulumi.all([steps.map((s) => s.params), password]).apply(([params, pw]) =>
        composeStdin(renderConvergeInput(nodeName, steps.map((s, i): ConvergeStepInput => {
            const stepParams: Record<string, string> = { ...params[i] };
            for (const f of s.files ?? []) {
                const key = paramName(f.name);
                stepParams[`ARTIFACT_${key}`] = f.fileName;
                stepParams[`ARTIFACT_${key}_SHA256`] = f.sha256;
            }
            return {
                script: path.basename(s.script),
                uninstall: s.uninstallScript ? path.basename(s.uninstallScript) : undefined,
                params: stepParams,
            };
        })), pw));
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
    const password = a.sudoMode === "password" ? a.sudoPassword : undefined;
    if (a.sudoMode === "password" && password === undefined) {
        throw new Error(`node '${a.nodeName}': sudo mode 'password' needs a password — set ssh.sudo.password as a secret`);
    }
    const connection = prepareConnection(a.connection);

    const copy = new LeanCopyToRemote(`${name}-files`, {
        connection,
        source: bundle.archive,
        remotePath: bundle.remoteDir,
    }, { ...opts, dependsOn: args.dependsOn, customTimeouts: timeouts(a.timeoutSeconds) });

    const converge = new LeanRemoteCommand(`${name}-converge`, {
        connection,
        create: bundleCommand(bundle, a.sudoMode, "node-converge.sh"),
        update: bundleCommand(bundle, a.sudoMode, "node-converge.sh"),
        delete: bundleCommand(bundle, a.sudoMode, "node-unconverge.sh"),
        stdin: convergeStdin(a.nodeName, steps, password),
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
