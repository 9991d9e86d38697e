/**
 * `command:remote:Command` and `command:remote:CopyToRemote` for fleet nodes, registered with
 * only the inputs continuum sets, and one connection Output per node shared by both.
 *
 * The generated classes register every property of the resource (the Command 11, most of them
 * unset here) and each wraps the connection in three Outputs of its own; the Pulumi SDK pays per
 * Output (four promises, a stack capture): on 10,000 nodes the lean classes save a quarter of the
 * program's CPU for those resources and a third of their memory (bench/README.md). Same type
 * tokens, same provider and plugin version (@pulumi/command's own), same inputs with the same
 * defaults, the connection kept secret as the generated classes keep it;
 * `test/hosts-unit/lean-command.test.ts` compares the registrations on the wire. Their outputs
 * (stdout, stderr) are not read by continuum and are not declared.
 */
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { RemoteConnection } from "./connection";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const COMMAND_PLUGIN_VERSION = (require("@pulumi/command/package.json") as { version: string }).version.replace(/^v/, "");

const PREPARED = new WeakSet<object>();

/** A connection with the provider's defaults applied and kept secret: what both lean classes register. */
export type PreparedConnection = pulumi.Output<command.types.input.remote.ConnectionArgs>;

/**
 * The connection as the generated classes register it (defaults applied, secret), once: pass the
 * result to several lean resources of one host instead of letting each wrap it again.
 */
export function prepareConnection(connection: pulumi.Input<RemoteConnection> | PreparedConnection): PreparedConnection {
    if (PREPARED.has(connection as object)) return connection as PreparedConnection;
    const prepared = pulumi.secret(pulumi.output(connection).apply(command.types.input.remote.connectionArgsProvideDefaults));
    PREPARED.add(prepared);
    return prepared;
}

function leanOptions<T extends pulumi.CustomResourceOptions>(opts: T): T {
    return pulumi.mergeOptions({ version: COMMAND_PLUGIN_VERSION }, { ...opts, additionalSecretOutputs: ["connection", ...(opts.additionalSecretOutputs ?? [])] }) as T;
}

/** The inputs continuum sets on a remote command. */
export interface LeanRemoteCommandArgs {
    /** SSH connection (host key pinned), or one from {@link prepareConnection}; kept secret as the generated class keeps it. */
    connection: pulumi.Input<RemoteConnection> | PreparedConnection;
    /** Run on create. */
    create: pulumi.Input<string>;
    /** Run on update. @default nothing (create runs again) */
    update?: pulumi.Input<string>;
    /** Run on delete. @default nothing */
    delete?: pulumi.Input<string>;
    /** Standard input of every run. @default nothing */
    stdin?: pulumi.Input<string>;
    /** `stdout`, `stderr`, `stdoutAndStderr` or `none`. @default "stdoutAndStderr" */
    logging?: pulumi.Input<string>;
    /** @default false here (the provider's default is true) */
    addPreviousOutputInEnv?: pulumi.Input<boolean>;
}

/** A remote command with only the inputs continuum uses (see the file comment). */
export class LeanRemoteCommand extends pulumi.CustomResource {
    constructor(name: string, args: LeanRemoteCommandArgs, opts: pulumi.CustomResourceOptions = {}) {
        super("command:remote:Command", name, {
            connection: prepareConnection(args.connection),
            create: args.create,
            update: args.update,
            delete: args.delete,
            stdin: args.stdin,
            logging: args.logging ?? "stdoutAndStderr",
            addPreviousOutputInEnv: args.addPreviousOutputInEnv ?? false,
        }, leanOptions(opts));
    }
}

/** The inputs continuum sets on a copy. */
export interface LeanCopyToRemoteArgs {
    /** SSH connection (host key pinned), or one from {@link prepareConnection}; kept secret. */
    connection: pulumi.Input<RemoteConnection> | PreparedConnection;
    /** What is copied (a file asset or an archive). */
    source: pulumi.Input<pulumi.asset.Asset | pulumi.asset.Archive>;
    /** Where it goes on the host. */
    remotePath: pulumi.Input<string>;
}

/** A copy to the host with only the inputs continuum uses (no `triggers`); see the file comment. */
export class LeanCopyToRemote extends pulumi.CustomResource {
    constructor(name: string, args: LeanCopyToRemoteArgs, opts: pulumi.CustomResourceOptions = {}) {
        super("command:remote:CopyToRemote", name, {
            connection: prepareConnection(args.connection),
            remotePath: args.remotePath,
            source: args.source,
        }, leanOptions({ ...opts, replaceOnChanges: ["triggers[*]", ...(opts.replaceOnChanges ?? [])] }));
    }
}
