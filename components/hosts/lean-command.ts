/**
 * `command:local:Command` for fleet nodes, registered with only the inputs continuum sets.
 *
 * The generated class registers every property of the resource (13, most of them unset here);
 * the Pulumi SDK pays per property (an Output each: four promises, a proxy): on a fleet of
 * thousands of nodes that is a large share of the program's CPU and memory (bench/README.md).
 * Same type token, same provider and plugin version (@pulumi/command's own), same inputs and
 * the same `replaceOnChanges` as the generated class; `test/hosts-unit/lean-command.test.ts`
 * compares the registrations on the wire. Its outputs (stdout, stderr) are not read by continuum
 * and are not declared.
 */
import * as pulumi from "@pulumi/pulumi";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const COMMAND_PLUGIN_VERSION = (require("@pulumi/command/package.json") as { version: string }).version.replace(
    /^v/,
    "",
);

/** The inputs continuum sets on a local command. */
export interface LeanLocalCommandArgs {
    /** Run on create. */
    create: pulumi.Input<string>;
    /** Run on update. @default nothing (create runs again) */
    update?: pulumi.Input<string>;
    /** Run on delete. @default nothing */
    delete?: pulumi.Input<string>;
    /** Environment of every run (plain data; secrets go on stdin). @default nothing */
    environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Standard input of every run. @default nothing */
    stdin?: pulumi.Input<string>;
    /** `stdout`, `stderr`, `stdoutAndStderr` or `none`. @default unset: the provider's default, "stdoutAndStderr" */
    logging?: pulumi.Input<string>;
    /** @default false here (the provider's default is true) */
    addPreviousOutputInEnv?: pulumi.Input<boolean>;
}

/** A local command with only the inputs continuum uses (see the file comment). */
export class LeanLocalCommand extends pulumi.CustomResource {
    constructor(name: string, args: LeanLocalCommandArgs, opts: pulumi.CustomResourceOptions = {}) {
        // Only the properties set: the SDK makes an Output for every key, set or not.
        const props: Record<string, unknown> = {
            create: args.create,
            addPreviousOutputInEnv: args.addPreviousOutputInEnv ?? false,
        };
        for (const key of ["update", "delete", "environment", "stdin", "logging"] as const) {
            if (args[key] !== undefined) props[key] = args[key];
        }
        super(
            "command:local:Command",
            name,
            props,
            pulumi.mergeOptions(
                { version: COMMAND_PLUGIN_VERSION },
                { ...opts, replaceOnChanges: ["triggers[*]", ...(opts.replaceOnChanges ?? [])] },
            ),
        );
    }
}
