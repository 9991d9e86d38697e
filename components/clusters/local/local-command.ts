import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { renderLocalParams } from "./params";
import { SCRIPTS_ENV, scriptsDir } from "./paths";

/** Scripts the local substrates run; the command strings are constants, never built from data. */
export const LOCAL_COMMANDS = {
    kindCreate: `bash "$${SCRIPTS_ENV}/kind-create.sh"`,
    kindDelete: `bash "$${SCRIPTS_ENV}/kind-delete.sh"`,
    k3dCreate: `bash "$${SCRIPTS_ENV}/k3d-create.sh"`,
    k3dDelete: `bash "$${SCRIPTS_ENV}/k3d-delete.sh"`,
    existingCheck: `bash "$${SCRIPTS_ENV}/existing-check.sh"`,
} as const;

/** Timeouts of the local commands: creating a cluster pulls node images. */
export const LOCAL_TIMEOUTS = { create: "20m", update: "20m", delete: "10m" } as const;

/** What a local script command needs. */
export interface LocalScriptCommandArgs {
    /** Command run at create (and at update: the scripts are idempotent). */
    create: string;
    /** Command run at delete, with the same parameters. */
    delete?: string;
    /** Parameters, fed on stdin as the env file (may be secret). */
    params: pulumi.Input<Record<string, string>>;
    /** Values whose change replaces the resource (delete, then create). */
    triggers?: pulumi.Input<unknown>[];
}

/**
 * Resource options every local script command gets: stdout is a secret (it carries a
 * kubeconfig or an API check), replaced resources are deleted first (the same cluster name
 * cannot exist twice), and every step has a timeout.
 */
export function localCommandOptions(
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[] = [],
): pulumi.CustomResourceOptions {
    return {
        parent,
        dependsOn,
        additionalSecretOutputs: ["stdout"],
        deleteBeforeReplace: true,
        customTimeouts: { ...LOCAL_TIMEOUTS },
    };
}

/** A local.Command running one of the local-substrate scripts. */
export function localScriptCommand(
    name: string,
    args: LocalScriptCommandArgs,
    opts: pulumi.CustomResourceOptions,
): command.local.Command {
    return new command.local.Command(
        name,
        {
            create: args.create,
            delete: args.delete,
            environment: { [SCRIPTS_ENV]: scriptsDir() },
            stdin: pulumi.output(args.params).apply(renderLocalParams),
            // stdout is a kubeconfig: never logged, never handed to the next run's environment.
            // stderr (progress, and the preflight's message naming what is missing) is logged: with
            // "none", pulumi-command 1.2.1 also leaves the script's output out of the failure message.
            logging: "stderr",
            addPreviousOutputInEnv: false,
            triggers: args.triggers,
        },
        opts,
    );
}
