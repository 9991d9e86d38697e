import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { RemoteConnection } from "./connection";
import { composeStdin, paramName, renderParams } from "./params";
import { makeDirCommand, remoteDir, remoteFileName, removeDirCommand, runScriptCommand } from "./remote-commands";
import { fileSha256 } from "./node-bundle";
import { digestParam, requireDigest } from "./digest";

/** The shell library every host script sources; copied next to each script. */
export const HOST_LIB = path.join(__dirname, "scripts", "continuum-lib.sh");

/** A file pushed next to the script and verified (sha256 or sha512) on the host before the script runs. */
export interface HostFile {
    /** Logical name; the script sees `ARTIFACT_<NAME>` (absolute path) e.g. `k3s` → `ARTIFACT_K3S`. */
    name: string;
    /** File name on the host (next to the script). */
    fileName: string;
    /** Lower-case hex sha256 the host checks before use (this or `sha512`). */
    sha256?: string;
    /** Lower-case hex sha512 the host checks before use (this or `sha256`). */
    sha512?: string;
    /** Where the pin came from (`stack: artifacts.keadm.arm64`, `table: k3s v1.35.0+k3s1`). @default unknown */
    origin?: string;
    /** The local file (a `FileAsset`; an Output while it is still being fetched). */
    source: pulumi.Input<pulumi.asset.Asset>;
}

/** Arguments of HostScript. */
export interface HostScriptArgs {
    /** Node name, for messages. */
    nodeName: string;
    /** SSH connection (from `sshConnection`/`hostAccess`): private key secret, host key pinned. */
    connection: pulumi.Input<RemoteConnection>;
    /**
     * How root is obtained: `nopasswd` (`sudo -n`), `password` (`sudo -S`, the password is the first
     * line on stdin; no PTY needed) or `none` (the login user is already privileged).
     * @default "nopasswd"
     */
    sudoMode?: string;
    /** The sudo password (secret) for `password` mode. */
    sudoPassword?: pulumi.Input<string>;
    /** Absolute path of the `.sh` file to run on create and on update. */
    script: string;
    /** Absolute path of the `.sh` file run on delete (the matching uninstall). @default nothing runs on delete */
    uninstallScript?: string;
    /**
     * Parameters: KEY → value, delivered as an env file on stdin (never `environment`, never the
     * command line). Secret values keep the stdin secret. Changing one re-runs the script.
     * @default {}
     */
    params?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Files pushed over SFTP next to the script; the script verifies their sha256 first. @default [] */
    files?: HostFile[];
    /** The script prints secrets (kubeconfig, token): logging off, stdout and stderr secret. @default false */
    printsSecrets?: boolean;
    /** Extra values whose change re-runs the script. @default [] */
    triggers?: pulumi.Input<unknown>[];
    /** Seconds before create, update or delete is abandoned. @default 600 */
    timeoutSeconds?: number;
}

/**
 * Runs one of the repository's `.sh` files on a host as root. The files (library, script,
 * uninstall, artifacts) are copied over SFTP into a private directory under the login user's
 * home; the parameters go on stdin as an env file; the command line holds only a path.
 * Create and update run the (idempotent) script; delete runs the uninstall script.
 */
export class HostScript extends pulumi.ComponentResource {
    /** The script's stdout (secret when `printsSecrets`). */
    readonly stdout: pulumi.Output<string>;
    /** The command resource that runs the script (for `dependsOn`). */
    readonly run: command.remote.Command;
    /** Directory on the host (relative to the login user's home) that holds the step's files. */
    readonly remoteDir: string;

    constructor(name: string, args: HostScriptArgs, opts?: pulumi.ComponentResourceOptions) {
        // `dependsOn` goes to the first step, not the component: under --continue-on-error the engine
        // skips a component whose dependency failed, then refuses its outputs and stops the update.
        super("continuum:index:HostScript", name, {}, { ...opts, dependsOn: undefined });
        const sudoMode = args.sudoMode ?? "nopasswd";
        const seconds = args.timeoutSeconds ?? 600;
        const timeout = `${seconds}s`;
        const customTimeouts = { create: timeout, update: timeout, delete: timeout };
        const dir = remoteDir(name);
        this.remoteDir = dir;
        for (const f of args.files ?? []) requireDigest(f, args.nodeName);

        const mkdir = new command.remote.Command(`${name}-dir`, {
            connection: args.connection,
            create: makeDirCommand(dir),
            delete: removeDirCommand(dir),
            addPreviousOutputInEnv: false,
        }, { parent: this, customTimeouts, dependsOn: opts?.dependsOn, deleteBeforeReplace: true });

        const copy = (suffix: string, source: pulumi.Input<pulumi.asset.Asset>, fileName: string, triggers: pulumi.Input<unknown>[]) =>
            new command.remote.CopyToRemote(`${name}-${suffix}`, {
                connection: args.connection,
                source,
                remotePath: `${dir}/${remoteFileName(fileName)}`,
                triggers,
            }, { parent: this, dependsOn: [mkdir], customTimeouts, deleteBeforeReplace: true });

        const scripts = [HOST_LIB, args.script, ...(args.uninstallScript ? [args.uninstallScript] : [])];
        const digests = scripts.map(fileSha256);
        const copies: pulumi.Resource[] = scripts.map((file, i) =>
            copy(["lib", "script", "uninstall"][i], new pulumi.asset.FileAsset(file), path.basename(file), [digests[i]]));

        const fileParams: Record<string, string> = {};
        for (const f of args.files ?? []) {
            const key = paramName(f.name);
            fileParams[`ARTIFACT_${key}`] = remoteFileName(f.fileName);
            const digest = requireDigest(f, args.nodeName);
            Object.assign(fileParams, digestParam(key, digest));
            copies.push(copy(`file-${f.name.toLowerCase()}`, f.source, f.fileName, [digest.hex]));
        }

        const stdin = pulumi
            .all([pulumi.output(args.params ?? {}), pulumi.output(sudoMode === "password" ? args.sudoPassword : undefined)])
            .apply(([params, password]) => {
                if (sudoMode === "password" && password === undefined) {
                    throw new Error(`node '${args.nodeName}': sudo mode 'password' needs a password — set ssh.sudo.password as a secret`);
                }
                return composeStdin(renderParams({ ...(params as Record<string, string>), ...fileParams }), password);
            });

        // Bounded on the host as well (a cancelled `up` leaves no script running there); the
        // scripts take the host's lock (continuum-lib.sh), so two runs never overlap on a host.
        const runCmd = runScriptCommand(sudoMode, `${dir}/${remoteFileName(args.script)}`, seconds);
        this.run = new command.remote.Command(`${name}-run`, {
            connection: args.connection,
            create: runCmd,
            update: runCmd,
            delete: args.uninstallScript ? runScriptCommand(sudoMode, `${dir}/${remoteFileName(args.uninstallScript)}`, seconds) : undefined,
            stdin,
            triggers: [...digests, ...(args.triggers ?? [])],
            addPreviousOutputInEnv: false,
            logging: args.printsSecrets ? "none" : "stdoutAndStderr",
        }, {
            parent: this,
            dependsOn: copies,
            customTimeouts,
            deleteBeforeReplace: true,
            additionalSecretOutputs: args.printsSecrets ? ["stdout", "stderr"] : undefined,
        });
        this.stdout = args.printsSecrets ? pulumi.secret(this.run.stdout) : this.run.stdout;
        this.registerOutputs({ stdout: this.stdout });
    }
}
