import type * as pulumi from "@pulumi/pulumi";
import type * as command from "@pulumi/command";
import type { SshSpec } from "../spec/node";
import type { SecretValue } from "../spec/secret";
import { sharedSecret } from "./shared-secret";

/** The SSH connection args of `@pulumi/command` remote resources. */
export type RemoteConnection = command.types.input.remote.ConnectionArgs;

/** The fields of a spec node that say how to reach it (cluster nodes and KubeEdge nodes alike). */
export interface ReachableNode {
    /** Kubernetes node name (used in messages). */
    name: string;
    /** Address (IP or DNS). */
    host?: string;
    /** SSH port; default ssh.port. */
    port?: number;
    /** SSH user; default ssh.user. */
    user?: string;
    /** Pinned host key (`ssh-ed25519 AAAA...`). */
    hostKey?: string;
}

/** Max failed dials before a remote step gives up (the provider's default is 10). */
export const DIAL_ERROR_LIMIT = 8;
/** Seconds per dial attempt (the provider's default is 15). */
export const PER_DIAL_TIMEOUT_SECONDS = 20;

/**
 * Everything a remote step needs to reach one host and become root there: what
 * `HostScript` (and any other SSH step) takes. Plain data plus secret Outputs.
 */
export interface HostAccess {
    /** Node name, for messages and remote paths. */
    nodeName: string;
    /** Address the host is reached at. */
    address: string;
    /** SSH user (never an implicit root). */
    user: string;
    /** The `@pulumi/command` connection: private key secret, host key pinned. */
    connection: RemoteConnection;
    /** `nopasswd` (sudo -n), `password` (sudo -S, password on stdin) or `none` (already privileged). */
    sudoMode: string;
    /** The sudo password (secret) in `password` mode. */
    sudoPassword?: pulumi.Output<string>;
    /** Seconds before a remote step is abandoned. */
    timeoutSeconds: number;
}

/** One secret Output per spec secret, shared by every node that uses it (hosts/shared-secret.ts). */
function revealSecret(value: SecretValue | undefined, what: string): pulumi.Output<string> | undefined {
    return value === undefined ? undefined : sharedSecret(value, () => value.reveal(what));
}

/**
 * The remote connection for one node from the spec's SSH defaults. Refuses a node without
 * an address, and one without a pinned host key unless `ssh.insecureIgnoreHostKey` (the
 * command provider silently accepts any host key when `hostKey` is unset).
 */
export function sshConnection(ssh: SshSpec, node: ReachableNode): RemoteConnection {
    if (!node.host) {
        throw new Error(`node '${node.name}' is reached over SSH but has no host — set host: to its IP address or DNS name`);
    }
    if (!node.hostKey && !ssh.insecureIgnoreHostKey) {
        throw new Error(`node '${node.name}' (${node.host}) has no pinned host key — set hostKey: to the output of \`ssh-keyscan -t ed25519 ${node.host}\` checked out of band (or ssh.insecureIgnoreHostKey: true for a throwaway lab)`);
    }
    const user = node.user ?? ssh.user;
    if (user === "root") {
        throw new Error(`node '${node.name}' logs in as root — log in as an unprivileged user and let continuum use sudo`);
    }
    const conn: RemoteConnection = {
        host: node.host,
        port: node.port ?? ssh.port,
        user,
        privateKey: revealSecret(ssh.privateKey, "ssh.privateKey"),
        hostKey: node.hostKey,
        dialErrorLimit: DIAL_ERROR_LIMIT,
        perDialTimeout: PER_DIAL_TIMEOUT_SECONDS,
    };
    const b = ssh.bastion;
    if (b) {
        if (!b.hostKey && !ssh.insecureIgnoreHostKey) {
            throw new Error(`the bastion ${b.host} has no pinned host key — set ssh.bastion.hostKey: to the output of \`ssh-keyscan -t ed25519 ${b.host}\``);
        }
        conn.proxy = {
            host: b.host,
            port: b.port,
            user: b.user,
            privateKey: revealSecret(b.privateKey ?? ssh.privateKey, "ssh.bastion.privateKey"),
            hostKey: b.hostKey,
            dialErrorLimit: DIAL_ERROR_LIMIT,
            perDialTimeout: PER_DIAL_TIMEOUT_SECONDS,
        };
    }
    return conn;
}

/** How one spec node is reached and how root is obtained on it. */
export function hostAccess(ssh: SshSpec, node: ReachableNode): HostAccess {
    const connection = sshConnection(ssh, node);
    const sudoPassword = ssh.sudo.mode === "password" ? revealSecret(ssh.sudo.password, "ssh.sudo.password") : undefined;
    if (ssh.sudo.mode === "password" && !sudoPassword) {
        throw new Error("ssh.sudo.mode is 'password' but no password is set — `pulumi config set --secret --path 'continuum:spec.ssh.sudo.password' ...`");
    }
    return {
        nodeName: node.name,
        address: node.host as string,
        user: node.user ?? ssh.user,
        connection,
        sudoMode: ssh.sudo.mode,
        sudoPassword,
        timeoutSeconds: ssh.timeoutSeconds,
    };
}

/** The HostScript connection fields for a host (spread into HostScriptArgs). */
export function scriptTarget(access: HostAccess): { nodeName: string; connection: RemoteConnection; sudoMode: string; sudoPassword?: pulumi.Output<string>; timeoutSeconds: number } {
    return {
        nodeName: access.nodeName,
        connection: access.connection,
        sudoMode: access.sudoMode,
        sudoPassword: access.sudoPassword,
        timeoutSeconds: access.timeoutSeconds,
    };
}

/**
 * How long a script may wait for something on the host: the step's timeout minus a minute, so
 * the script's own message ("timed out waiting for …, check journalctl -u …") comes before
 * Pulumi abandons the step.
 */
export function scriptWaitSeconds(timeoutSeconds: number): number {
    return Math.max(30, timeoutSeconds - 60);
}
