/**
 * A one-shot step on a host, on the same transport and connection as a node's converge
 * (hosts/fleet-node.ts): a `command:local:Command` that runs scripts/fleet-node-ssh.sh, which logs
 * in with OpenSSH (host key pinned, through the bastion), pushes the step's bundle (the host
 * library, the script and its uninstall) into `~/.continuum/run/<step>` when the host does not
 * have that bundle yet, and runs the script there as root with the parameters on stdin. For what
 * runs once per cluster or per change rather than as part of a node's desired state: the first
 * control plane's kubeconfig, a join's preparation, a rolling upgrade's drain, upgrade and
 * uncordon, the cluster's node labels. Create and update run the (idempotent) script; delete runs
 * its uninstall (when it has one) and removes the step's directory.
 *
 * Older versions ran these steps as a `HostScript` component (a directory command, copies and a
 * `command:remote:Command` named `<step>-run`): the step's command keeps that name and directory
 * and carries an alias to it, so such a stack updates the step in place (after
 * scripts/fleet-state-migrate.ts took the remote connection out of its state).
 */
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { HostConnection } from "./connection";
import { HOST_LIB } from "./host-file";
import { composeStdin, renderParams } from "./params";
import { nodeBundle } from "./node-bundle";
import { remoteDir, remoteFileName, runScriptCommand } from "./remote-commands";
import { fleetSshCommand, fleetSshDialBudgetSeconds, fleetSshEnvironment, fleetSshStdin } from "./fleet-ssh";

/** The component type the steps of older versions were children of. */
export const LEGACY_STEP_TYPE = "continuum:index:HostScript";

/** What one step runs. */
export interface HostStepArgs {
    /** The host (and how root is obtained there). */
    connection: HostConnection;
    /** Absolute path of the `.sh` file run on create and on update. */
    script: string;
    /** Absolute path of its uninstall, run on delete. @default nothing runs on delete */
    uninstallScript?: string;
    /** Parameters: KEY → value, an env file on stdin (secret values keep stdin secret). @default {} */
    params?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The script prints secrets (kubeconfig): logging off, stdout and stderr secret. @default false */
    printsSecrets?: boolean;
    /** Seconds the script may run. @default connection.timeoutSeconds */
    timeoutSeconds?: number;
    /** What the step waits for. @default nothing */
    dependsOn?: pulumi.ResourceOptions["dependsOn"];
    /** The component the step belongs to. */
    parent: pulumi.Resource;
}

/** A declared step. */
export interface HostStep {
    /** The step's command (for `dependsOn`). */
    run: command.local.Command;
    /** The script's stdout (secret when `printsSecrets`). */
    stdout: pulumi.Output<string>;
}

/** Declare the step `name` (its command is `<name>-run`, its directory on the host `~/.continuum/run/<name>-<hash>`).
 * */
export function hostStep(name: string, args: HostStepArgs): HostStep {
    const conn = args.connection;
    const dir = remoteDir(name);
    const bundle = nodeBundle([HOST_LIB, args.script, ...(args.uninstallScript ? [args.uninstallScript] : [])], []);
    const runSeconds = args.timeoutSeconds ?? conn.timeoutSeconds;
    const target = bundle.digest.apply((digest) => ({
        digest,
        remoteDir: dir,
        converge: runScriptCommand(conn.sudoMode, `${dir}/${remoteFileName(args.script)}`),
        unconverge: args.uninstallScript
            ? runScriptCommand(conn.sudoMode, `${dir}/${remoteFileName(args.uninstallScript)}`)
            : "-",
    }));
    const stdin = pulumi
        .all([pulumi.output(args.params ?? {}), conn.sudoPassword, conn.privateKey, conn.bastion?.privateKey])
        .apply(([params, pw, key, bastionKey]) =>
            fleetSshStdin(key, bastionKey, composeStdin(renderParams(params as Record<string, string>), pw)),
        );
    const t = `${runSeconds + fleetSshDialBudgetSeconds(conn) + 60}s`;
    const run = new command.local.Command(
        `${name}-run`,
        {
            create: fleetSshCommand("converge"),
            delete: fleetSshCommand("unconverge"),
            environment: target.apply((b) => fleetSshEnvironment(conn, b, { runSeconds })),
            stdin: pulumi.secret(stdin),
            logging: args.printsSecrets ? "none" : undefined,
            addPreviousOutputInEnv: false,
        },
        {
            parent: args.parent,
            dependsOn: args.dependsOn,
            customTimeouts: { create: t, update: t, delete: t },
            deleteBeforeReplace: true,
            // Another host (the init role moved to another control plane): a replacement, so the
            // delete removes the step's directory on the old host, which is reached as before.
            replaceOnChanges: ["environment.CONTINUUM_SSH_HOST", "environment.CONTINUUM_NODE"],
            additionalSecretOutputs: args.printsSecrets ? ["stdout", "stderr"] : undefined,
            aliases: [
                { type: "command:remote:Command", parent: pulumi.createUrn(name, LEGACY_STEP_TYPE, args.parent) },
            ],
        },
    );
    return { run, stdout: args.printsSecrets ? pulumi.secret(run.stdout) : run.stdout };
}
