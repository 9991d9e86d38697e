/**
 * ssh: remote commands know which machine they talk to, and never carry a secret on the
 * command line (a failed command echoes its command line into the logs and the state).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, stringList } from "./lib/config";
import {
    COMMAND_TYPES,
    commandLines,
    connectionsOf,
    fleetSshConnections,
    hostOf,
    LOCAL_COMMAND,
    REMOTE_COMMAND,
    SSH_TYPES,
    COPY_TO_REMOTE,
} from "./lib/commands";
import { patterns, str, toPlain, UNKNOWN } from "./lib/values";

export const sshHostKeyPinned: ResourceValidationPolicy = {
    name: "ssh-host-key-pinned",
    description:
        "Every remote command and copy (command:remote:Command, CopyToRemote) " +
        "pins `connection.hostKey`, and its bastion's; " +
        "so does every fleet node's converge (command:local:Command running " +
        "fleet-node-ssh.sh: CONTINUUM_SSH_HOST_KEY). " +
        "Without it the command provider accepts any host key: a machine " +
        "answering on that address gets the keys and tokens.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set the node's `hostKey` in the stack spec (the line from `ssh-keyscan -t ed25519 <host>`).",
    validateResource: (args, report) => {
        const fleet = args.type === LOCAL_COMMAND ? fleetSshConnections(toPlain(args.props)) : undefined;
        if (!SSH_TYPES.includes(args.type) && fleet === undefined) return;
        if (fleet !== undefined && fleet.length === 0) return; // its environment is not known yet
        const props = toPlain(args.props);
        const connections = fleet ?? connectionsOf(props);
        if (connections.length === 0) {
            report(`'${args.name}' has no connection: set connection.host and connection.hostKey.`);
            return;
        }
        for (const { where, connection, fix } of connections) {
            if (connection === UNKNOWN) continue;
            const hostKey = str(connection, "hostKey");
            if (hostKey === UNKNOWN) continue;
            if (hostKey === undefined || hostKey.trim() === "") {
                report(
                    `'${args.name}' ${where} to ${hostOf(connection)} does ` +
                        `not pin a host key: set ${fix ?? `${where}.hostKey`}.`,
                );
            }
        }
    },
};

const SECRET_DEFAULTS = {
    secretPatterns: [
        "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----",
        "\\bK10[0-9a-f]{16,}::",
        "--token[ =]",
        "\\b(K3S_TOKEN|K3S_AGENT_TOKEN|TOKEN)=\\S",
        "--certificate-key[ =]",
        "--password[ =]",
        "password=",
        "\\b[a-z0-9]{6}\\.[a-z0-9]{16}\\b",
        "\\bclient-key-data:",
    ],
};

/** The configured secret patterns that match a command string. */
export function secretHits(text: string, sources: readonly string[]): RegExp[] {
    return patterns(sources, "secretPatterns").filter((re) => re.test(text));
}

export const commandNoSecretLiterals: ResourceValidationPolicy = {
    name: "command-no-secret-literals",
    description:
        "No secret in a command line (create/update/delete of command:remote:Command and command:local:Command): " +
        "no private key, K3s or kubeadm token, `--token`, `--password` or " +
        "`password=`. A failed command prints its command line. " +
        "Pass secrets on stdin or in a copied env file.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            secretPatterns: stringList(
                "Regular expressions (case-insensitive) that mark a secret in a command line.",
                SECRET_DEFAULTS.secretPatterns,
            ),
        },
    },
    remediationSteps:
        "Move the value to `stdin` (or an env file copied with CopyToRemote) and have the script read it.",
    validateResource: (args, report) => {
        if (!COMMAND_TYPES.includes(args.type)) return;
        const cfg = configOf(args, SECRET_DEFAULTS);
        for (const { field, text } of commandLines(toPlain(args.props))) {
            const hits = secretHits(text, cfg.secretPatterns);
            if (hits.length > 0) {
                report(
                    `command '${args.name}' ${field} carries what looks ` +
                        `like a secret (matches /${hits[0].source}/): pass it on stdin or in a copied ` +
                        `env file instead.`,
                );
            }
        }
    },
};

const TIMEOUT_TYPES = [REMOTE_COMMAND, COPY_TO_REMOTE];

export const remoteCommandTimeouts: ResourceValidationPolicy = {
    name: "remote-command-timeouts",
    description:
        "Every remote command and copy sets `customTimeouts` (create at " +
        "least), so a host that stops answering fails the " +
        "deployment instead of hanging it.",
    enforcementLevel: "mandatory",
    remediationSteps: 'Pass `customTimeouts: { create: "10m", update: "10m", delete: "5m" }` in the resource options.',
    validateResource: (args, report) => {
        if (!TIMEOUT_TYPES.includes(args.type)) return;
        const t = args.opts.customTimeouts;
        if (!t || !(t.createSeconds > 0)) {
            report(`'${args.name}' sets no create timeout: pass customTimeouts in its resource options.`);
        }
    },
};

export const sshPolicies = [sshHostKeyPinned, commandNoSecretLiterals, remoteCommandTimeouts];
