/** `@pulumi/command` resources as the policies see them. */
import { at, isObject, str, stringsIn, UNKNOWN, type Plain } from "./values";

export const REMOTE_COMMAND = "command:remote:Command";
export const LOCAL_COMMAND = "command:local:Command";
export const COPY_TO_REMOTE = "command:remote:CopyToRemote";
/** Deprecated predecessor of CopyToRemote, same `connection`. */
export const COPY_FILE = "command:remote:CopyFile";

/** Resources that open an SSH connection. */
export const SSH_TYPES = [REMOTE_COMMAND, COPY_TO_REMOTE, COPY_FILE];
/** Resources that run a command line. */
export const COMMAND_TYPES = [REMOTE_COMMAND, LOCAL_COMMAND];

/** The command-line inputs: what a failed command echoes, what `pulumi up` logs. */
export const COMMAND_LINE_FIELDS = ["create", "update", "delete"] as const;

/** A piece of text a command carries, with where it sits. */
export interface CommandText {
    field: string;
    text: string;
}

/** The known command-line strings of a command (create/update/delete). */
export function commandLines(props: Plain): CommandText[] {
    const out: CommandText[] = [];
    for (const field of COMMAND_LINE_FIELDS) {
        const v = str(props, field);
        if (typeof v === "string") out.push({ field, text: v });
    }
    return out;
}

/** Everything a command hands the host: command lines, stdin, environment values. */
export function commandPayload(props: Plain): CommandText[] {
    const out = commandLines(props);
    const stdin = str(props, "stdin");
    if (typeof stdin === "string") out.push({ field: "stdin", text: stdin });
    const env = at(props, "environment");
    if (isObject(env)) for (const s of stringsIn(env)) out.push({ field: `environment.${s.path}`, text: s.text });
    return out;
}

/** `{ host, hostKey }` from two environment entries (absent ones left out). */
function endpoint(env: Plain, hostVar: string, keyVar: string): Plain {
    const out: { [key: string]: Plain } = {};
    const host = at(env, hostVar);
    const hostKey = at(env, keyVar);
    if (host !== undefined) out.host = host;
    if (hostKey !== undefined) out.hostKey = hostKey;
    return out;
}

/**
 * A fleet node's converge (`command:local:Command` running fleet-node-ssh.sh): its SSH endpoint
 * is in its environment. As connections: the node and its bastion, host keys where the
 * connection policy looks for them (none while its environment is not known). Undefined for any
 * other local command.
 */
export function fleetSshConnections(props: Plain): SshConnection[] | undefined {
    const env = at(props, "environment");
    if (env === UNKNOWN) return [];
    if (!isObject(env) || at(env, "CONTINUUM_SSH_HOST") === undefined) return undefined;
    const out: SshConnection[] = [
        {
            where: "SSH connection",
            connection: endpoint(env, "CONTINUUM_SSH_HOST", "CONTINUUM_SSH_HOST_KEY"),
            fix: "the node's hostKey in the stack spec",
        },
    ];
    if (at(env, "CONTINUUM_BASTION_HOST") !== undefined) {
        out.push({
            where: "bastion connection",
            connection: endpoint(env, "CONTINUUM_BASTION_HOST", "CONTINUUM_BASTION_HOST_KEY"),
            fix: "ssh.bastion.hostKey in the stack spec",
        });
    }
    return out;
}

/** One SSH connection a resource opens: where it sits, its host and host key, and what to set. */
export interface SshConnection {
    where: string;
    connection: Plain;
    /** What pins its host key. @default `<where>.hostKey` */
    fix?: string;
}

/** The connection of an SSH resource, and its bastion (`proxy`) if any. */
export function connectionsOf(props: Plain): SshConnection[] {
    const connection = at(props, "connection");
    if (connection === undefined) return [];
    const out: SshConnection[] = [{ where: "connection", connection }];
    const proxy = at(connection, "proxy");
    if (proxy !== undefined && proxy !== null) out.push({ where: "connection.proxy", connection: proxy });
    return out;
}

/** The host a connection reaches, for messages. */
export function hostOf(connection: Plain): string {
    const host = str(connection, "host");
    return host === UNKNOWN || host === undefined ? "(host not known yet)" : host;
}
