/**
 * `command:remote:Command` for fleet nodes, registered with only the inputs continuum sets.
 *
 * The generated class registers every property of the resource (11, most of them unset here),
 * and the Pulumi SDK pays per registered property (four promises, a stack capture, an Output):
 * on 10,000 converges the lean class saves a quarter of the program's CPU for those resources and
 * a third of their memory (bench/README.md). Same type token, same provider and plugin version
 * (@pulumi/command's own), same inputs with the same defaults, the connection kept secret as the
 * generated class keeps it; `test/hosts-unit/lean-command.test.ts` compares the two registrations.
 * Its outputs (stdout, stderr) are not read by continuum and are not declared.
 */
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { RemoteConnection } from "./connection";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const COMMAND_PLUGIN_VERSION = (require("@pulumi/command/package.json") as { version: string }).version.replace(/^v/, "");

/** The inputs continuum sets on a remote command. */
export interface LeanRemoteCommandArgs {
    /** SSH connection (host key pinned); kept secret as the generated class keeps it. */
    connection: pulumi.Input<RemoteConnection>;
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
        const connection = pulumi.secret(pulumi.output(args.connection).apply(command.types.input.remote.connectionArgsProvideDefaults));
        super("command:remote:Command", name, {
            connection,
            create: args.create,
            update: args.update,
            delete: args.delete,
            stdin: args.stdin,
            logging: args.logging ?? "stdoutAndStderr",
            addPreviousOutputInEnv: args.addPreviousOutputInEnv ?? false,
        }, pulumi.mergeOptions({ version: COMMAND_PLUGIN_VERSION }, { ...opts, additionalSecretOutputs: ["connection", ...(opts.additionalSecretOutputs ?? [])] }));
    }
}
