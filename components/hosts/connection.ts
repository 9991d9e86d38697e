/**
 * continuum's own SSH connection: how one host is reached and made root. Every step on a host
 * derives from it — a node's converge and the one-shot steps alike (hosts/fleet-node.ts,
 * hosts/host-step.ts: OpenSSH through scripts/fleet-node-ssh.sh). Built once per node from the
 * spec's `ssh` block, with every check made here: an address, a pinned host key (the bastion's
 * too), no root login, a private key, a sudo password in password mode.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SshSpec } from "../spec/node";
import type { SecretValue } from "../spec/secret";
import type { SUDO_MODES } from "./remote-commands";
import { sharedSecret } from "./shared-secret";

/** The fields of a spec node that say how to reach it (cluster nodes and KubeEdge nodes alike). */
export interface ReachableNode {
    /** Kubernetes node name (used in messages). */
    name: string;
    /** Address (IP or DNS). */
    host?: string;
    /** SSH port. @default ssh.port */
    port?: number;
    /** SSH user. @default ssh.user */
    user?: string;
    /** Pinned host key (`ssh-ed25519 AAAA...`). @default none: refused unless ssh.insecureIgnoreHostKey */
    hostKey?: string;
}

/** Max failed dials before a step gives up. */
export const DIAL_ERROR_LIMIT = 8;
/** Seconds per dial attempt. */
export const PER_DIAL_TIMEOUT_SECONDS = 20;

/** How root is obtained on a host. */
export type SudoMode = (typeof SUDO_MODES)[number];

/** The jump host a connection goes through. */
export interface BastionConnection {
    /** Address of the jump host. */
    host: string;
    /** SSH port. */
    port: number;
    /** Login user on the jump host. */
    user: string;
    /** Pinned host key of the jump host. @default none: only with ssh.insecureIgnoreHostKey */
    hostKey?: string;
    /** Private key (secret): the bastion's own, else the node's. */
    privateKey: pulumi.Output<string>;
}

/** Everything a step needs to reach one host and become root there. Plain data plus secret Outputs. */
export interface HostConnection {
    /** Node name, for messages and remote paths. */
    nodeName: string;
    /** Address the host is reached at. */
    host: string;
    /** SSH port. */
    port: number;
    /** SSH user (never root). */
    user: string;
    /** Pinned host key. @default none: only with ssh.insecureIgnoreHostKey */
    hostKey?: string;
    /** Private key (secret). */
    privateKey: pulumi.Output<string>;
    /** The jump host. @default none: the host is reached directly */
    bastion?: BastionConnection;
    /** `nopasswd` (sudo -n), `password` (sudo -S, password first on stdin) or `none` (already privileged). */
    sudoMode: SudoMode;
    /** The sudo password (secret); set exactly in `password` mode. */
    sudoPassword?: pulumi.Output<string>;
    /** Seconds before a step on the host is abandoned. */
    timeoutSeconds: number;
    /** Connection attempts before a step gives up. */
    dialAttempts: number;
    /** Seconds per connection attempt. */
    dialTimeoutSeconds: number;
}

/** One secret Output per spec secret, shared by every node that uses it (hosts/shared-secret.ts). */
function revealSecret(value: SecretValue | undefined, what: string): pulumi.Output<string> | undefined {
    return value === undefined ? undefined : sharedSecret(value, () => value.revealInput(what));
}

/**
 * How one spec node is reached and how root is obtained on it. Refuses a node without an address,
 * one without a pinned host key unless `ssh.insecureIgnoreHostKey`, a root login, a bastion
 * without a pinned key, a missing private key and password mode without a password.
 */
export function hostConnection(ssh: SshSpec, node: ReachableNode): HostConnection {
    if (!node.host) {
        throw new Error(
            `node '${node.name}' is reached over SSH but has no host — set host: to its IP address or DNS name`,
        );
    }
    if (!node.hostKey && !ssh.insecureIgnoreHostKey) {
        throw new Error(
            `node '${node.name}' (${node.host}) has no pinned host key — ` +
                `set hostKey: to the output of \`ssh-keyscan -t ed25519 ${node.host}\` checked ` +
                `out of band (or ssh.insecureIgnoreHostKey: true for a throwaway lab)`,
        );
    }
    const user = node.user ?? ssh.user;
    if (user === "root") {
        throw new Error(
            `node '${node.name}' logs in as root — log in as an unprivileged user and let continuum use sudo`,
        );
    }
    const privateKey = revealSecret(ssh.privateKey, "ssh.privateKey");
    if (privateKey === undefined) {
        throw new Error(
            `node '${node.name}': no SSH private key — set ssh.privateKey ` +
                `as a secret: pulumi config set --secret --path 'continuum:spec.ssh.privateKey' < key`,
        );
    }
    const sudoPassword =
        ssh.sudo.mode === "password" ? revealSecret(ssh.sudo.password, "ssh.sudo.password") : undefined;
    if (ssh.sudo.mode === "password" && sudoPassword === undefined) {
        throw new Error(
            "ssh.sudo.mode is 'password' but no password is set — `pulumi " +
                "config set --secret --path 'continuum:spec.ssh.sudo.password' ...`",
        );
    }
    const conn: HostConnection = {
        nodeName: node.name,
        host: node.host,
        port: node.port ?? ssh.port,
        user,
        hostKey: node.hostKey || undefined,
        privateKey,
        sudoMode: ssh.sudo.mode,
        sudoPassword,
        timeoutSeconds: ssh.timeoutSeconds,
        dialAttempts: DIAL_ERROR_LIMIT,
        dialTimeoutSeconds: PER_DIAL_TIMEOUT_SECONDS,
    };
    const b = ssh.bastion;
    if (b) {
        // A pinned node behind an unpinned bastion too: the one machine every login passes through.
        if (!b.hostKey && (!ssh.insecureIgnoreHostKey || conn.hostKey)) {
            throw new Error(
                `the bastion ${b.host} of node '${node.name}' has no pinned ` +
                    `host key — set ssh.bastion.hostKey: to the output of \`ssh-keyscan -t ed25519 ${b.host}\``,
            );
        }
        conn.bastion = {
            host: b.host,
            port: b.port,
            user: b.user,
            hostKey: b.hostKey || undefined,
            privateKey: revealSecret(b.privateKey, "ssh.bastion.privateKey") ?? privateKey,
        };
    }
    return conn;
}

/**
 * How long a script may wait for something on the host: the step's timeout minus a minute, so
 * the script's own message ("timed out waiting for …, check journalctl -u …") comes before
 * Pulumi abandons the step.
 */
export function scriptWaitSeconds(timeoutSeconds: number): number {
    return Math.max(30, timeoutSeconds - 60);
}
