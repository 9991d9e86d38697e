/**
 * One node of a fleet in one resource, which keeps what a per-node resource gives: its own diff in
 * preview, its own failure and retry.
 *
 *   <name>-converge   Command (command:local:Command, lean-command.ts) that runs
 *                     scripts/fleet-node-ssh.sh on the machine running Pulumi (fleet-ssh.ts): it logs
 *                     in with OpenSSH (host key pinned, through the bastion), pushes the node's bundle
 *                     (host library, every step's scripts, the pinned artifacts; node-bundle.ts) into
 *                     `~/.continuum-bundle-<digest16>` when the host does not have it, and runs
 *                     node-converge.sh there with the node's whole desired state on stdin — first,
 *                     when asked, the preflight gate (the read-only preflight.sh checked against
 *                     rules rendered by preflight-rules.ts: nothing is installed on a host that
 *                     fails), then install/join, runtimes, …; idempotent, so any change to that
 *                     state is an in-place update that runs it again. Delete runs the steps'
 *                     uninstalls in reverse order (node-unconverge.sh), then removes the bundle.
 *
 * A function, not a component: every registered resource costs the Pulumi SDK the same per
 * property, and a fleet has thousands of nodes. The resource is parented to the caller's
 * component. The host key is pinned, parameters and secrets (the SSH keys among them) go on stdin
 * only (the command line is a fixed path), every command has a timeout. One-shot steps on a host
 * (hosts/host-step.ts) use the same script and connection.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { HostConnection } from "./connection";
import { HOST_LIB, type HostFile } from "./host-file";
import type { PreflightRequirements } from "./preflight";
import { preflightRules, renderPreflightRules } from "./preflight-rules";
import { composeStdin, paramName } from "./params";
import { renderConvergeInput, type ConvergeStepInput } from "./converge-params";
import { bundleTextFile, nodeBundle, type NodeBundle } from "./node-bundle";
import { runScriptCommand } from "./remote-commands";
import { LeanLocalCommand } from "./lean-command";
import {
    FLEET_SSH_SCRIPT,
    fleetSshCommand,
    fleetSshDialBudgetSeconds,
    fleetSshEnvironment,
    fleetSshStdin,
    type FleetSshBundle,
} from "./fleet-ssh";
import { digestOf, digestParam, requireDigest, type FileDigest } from "./digest";

const SCRIPTS = path.join(__dirname, "scripts");
/** The converge runner and its helpers (always in a node's bundle). */
export const CONVERGE_SCRIPTS = ["node-converge.sh", "node-unconverge.sh", "converge-lib.sh"].map((s) =>
    path.join(SCRIPTS, s),
);
/** The read-only preflight script (facts only; the gate decides). */
export const PREFLIGHT_SCRIPT = path.join(SCRIPTS, "preflight.sh");
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
    connection: HostConnection;
    /** The steps, in order. */
    steps: FleetNodeStep[];
    /** Check the host first (read-only, the converge's first step): nothing is installed on a host that fails. */
    preflight?: { requirements: PreflightRequirements; skipChecks?: string[] };
    /** Seconds a converge may take. @default connection.timeoutSeconds */
    timeoutSeconds?: number;
    /** What the node waits for (e.g. the previous control-plane node). */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
    /** The component the node's resources belong to. */
    parent: pulumi.Resource;
    /** What the converge was called in older versions (state written by them is updated in place). @default [] */
    aliases?: pulumi.Input<pulumi.Alias>[];
}

/** The resource of one fleet node. */
export interface FleetNode {
    /** The node's bundle (pushed by the converge). */
    bundle: NodeBundle;
    /** The node's converge: bundle push and converge over SSH. */
    converge: LeanLocalCommand;
}

/** Create, update and delete timeouts of a converge resource. */
export function fleetTimeouts(seconds: number): pulumi.CustomTimeouts {
    const t = `${seconds}s`;
    return { create: t, update: t, delete: t };
}

const BUNDLE_TARGETS = new WeakMap<NodeBundle, Map<string, pulumi.Output<FleetSshBundle>>>();

/** The bundle's digest and remote command lines: one Output per bundle and sudo mode, shared by its nodes. */
function bundleTarget(bundle: NodeBundle, sudoMode: string): pulumi.Output<FleetSshBundle> {
    let bySudo = BUNDLE_TARGETS.get(bundle);
    if (bySudo === undefined) {
        bySudo = new Map();
        BUNDLE_TARGETS.set(bundle, bySudo);
    }
    let target = bySudo.get(sudoMode);
    if (target === undefined) {
        target = pulumi.all([bundle.digest, bundle.remoteDir]).apply(([digest, remoteDir]) => ({
            digest,
            remoteDir,
            converge: runScriptCommand(sudoMode, `${remoteDir}/node-converge.sh`),
            unconverge: runScriptCommand(sudoMode, `${remoteDir}/node-unconverge.sh`),
        }));
        bySudo.set(sudoMode, target);
    }
    return target;
}

/**
 * The converge's stdin (secret: the SSH keys are secret Outputs): the keys for fleet-node-ssh.sh, then
 * the converge input, in one `pulumi.all` over the keys and every step's parameters — the SDK
 * makes Outputs only for the Outputs among them, not per step: every Output made here costs the
 * SDK per node.
 */
function convergeStdin(conn: HostConnection, steps: FleetNodeStep[]): pulumi.Output<string> {
    const nodeName = conn.nodeName;
    return pulumi
        .all([steps.map((s) => s.params), conn.sudoPassword, conn.privateKey, conn.bastion?.privateKey])
        .apply(([params, pw, k, bk]) =>
            fleetSshStdin(
                k,
                bk,
                composeStdin(
                    renderConvergeInput(
                        nodeName,
                        steps.map((s, i): ConvergeStepInput => {
                            const stepParams: Record<string, string> = { ...params[i] };
                            for (const f of s.files ?? []) {
                                const key = paramName(f.name);
                                stepParams[`ARTIFACT_${key}`] = f.fileName;
                                Object.assign(stepParams, digestParam(key, digestOf(f) as FileDigest));
                            }
                            return {
                                script: path.basename(s.script),
                                uninstall: s.uninstallScript ? path.basename(s.uninstallScript) : undefined,
                                params: stepParams,
                            };
                        }),
                    ),
                    pw,
                ),
            ),
        );
}

const COMMAND_LINES = new Map<string, { converge: string; unconverge: string }>();

/**
 * The local command lines (per working directory and script: they hold the script's path relative to it).
 * @default script: fleet-node-ssh.sh
 */
export function fleetCommandLines(script: string = FLEET_SSH_SCRIPT): { converge: string; unconverge: string } {
    const cwd = process.cwd();
    const key = `${cwd}\0${script}`;
    let lines = COMMAND_LINES.get(key);
    if (lines === undefined) {
        lines = {
            converge: fleetSshCommand("converge", cwd, script),
            unconverge: fleetSshCommand("unconverge", cwd, script),
        };
        COMMAND_LINES.set(key, lines);
    }
    return lines;
}

/** What a node's converge runs with, whether it is a resource of its own or a member of a pool (fleet-pool.ts). */
export interface FleetNodePlan {
    /** The node's bundle. */
    bundle: NodeBundle;
    /** fleet-node-ssh.sh's environment (plain data: endpoint, pinned keys, bundle, run limit). */
    environment: pulumi.Output<Record<string, string>>;
    /** Its stdin (secret: the keys, then the converge input). */
    stdin: pulumi.Output<string>;
    /**
     * The converge input without the steps' parameters (plain: no secret): what a pool unconverges a removed
     * node with (its uninstall scripts, which undo what their install recorded on the host).
     */
    undoInput: string;
    /** Seconds the remote run may take. */
    runSeconds: number;
    /** Seconds Pulumi waits for one converge: the dials, the run, then its message. */
    limitSeconds: number;
}

/** A node's converge: the preflight gate (when asked) and the steps, the bundle, environment and stdin. */
export function planFleetNode(
    args: Pick<FleetNodeArgs, "connection" | "steps" | "preflight" | "timeoutSeconds">,
): FleetNodePlan {
    const a = args.connection;
    const steps: FleetNodeStep[] = [];
    const scripts = [HOST_LIB, ...CONVERGE_SCRIPTS];
    if (args.preflight) {
        const req = args.preflight.requirements;
        // The rules are shared by every node with the same requirements: a file in the bundle, not stdin.
        scripts.push(PREFLIGHT_SCRIPT, preflightRulesFile(req, args.preflight.skipChecks ?? []));
        steps.push({
            script: PREFLIGHT_GATE_SCRIPT,
            params: {
                NODE_NAME: a.nodeName,
                NODE_ADDRESS: a.host,
                PORTS: req.ports.join(","),
                PREFLIGHT_RULES_FILE: PREFLIGHT_RULES_FILE,
            },
        });
    }
    steps.push(...args.steps);
    for (const s of steps) scripts.push(s.script, ...(s.uninstallScript ? [s.uninstallScript] : []));
    const files = steps.flatMap((s) => s.files ?? []);
    for (const f of files) requireDigest(f, a.nodeName);
    const bundle = nodeBundle(scripts, files);
    const runSeconds = args.timeoutSeconds ?? a.timeoutSeconds;
    const undoInput = renderConvergeInput(
        a.nodeName,
        steps.map((s) => ({
            script: path.basename(s.script),
            uninstall: s.uninstallScript ? path.basename(s.uninstallScript) : undefined,
            params: {},
        })),
    );
    return {
        bundle,
        environment: bundleTarget(bundle, a.sudoMode).apply((target) => fleetSshEnvironment(a, target, { runSeconds })),
        stdin: convergeStdin(a, steps),
        undoInput,
        runSeconds,
        limitSeconds: runSeconds + fleetSshDialBudgetSeconds(a) + 60,
    };
}

/** Declare one node: its converge (bundle push, optional preflight gate, the steps) over SSH. */
export function declareFleetNode(name: string, args: FleetNodeArgs): FleetNode {
    const plan = planFleetNode(args);
    const lines = fleetCommandLines();
    const converge = new LeanLocalCommand(
        `${name}-converge`,
        {
            // No `update`: the provider runs `create` again; no `logging`: its default (stdout and stderr).
            create: lines.converge,
            delete: lines.unconverge,
            environment: plan.environment,
            stdin: plan.stdin,
            addPreviousOutputInEnv: false,
        },
        {
            parent: args.parent,
            dependsOn: args.dependsOn,
            // Pulumi's own limit comes after the script's: the dials, then the run, then its message.
            customTimeouts: fleetTimeouts(plan.limitSeconds),
            deleteBeforeReplace: true,
            // Stacks from before the local transport: the node's converge was a command:remote:Command
            // of the same name; it is updated in place (converge again), not deleted (uninstall).
            aliases: [{ type: "command:remote:Command" }, ...(args.aliases ?? [])],
        },
    );
    return { bundle: plan.bundle, converge };
}
