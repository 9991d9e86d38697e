/**
 * How a fleet node's one resource reaches its host: a `command:local:Command` that runs
 * `scripts/fleet-node-ssh.sh` on the machine running Pulumi, which logs in with the OpenSSH
 * client (host key pinned, through the bastion when there is one), pushes the node's bundle when
 * the host does not have it, and runs the bundle's converge there as root. One resource per node
 * instead of a copy plus a remote command: the copy was a second resource per node only to move
 * files (bench/README.md: half the engine's and much of the program's memory on a fleet).
 *
 * Pure: the script's environment (plain data: endpoints, pinned keys, the bundle's digest, the
 * remote command lines), its stdin (the private keys, then the converge input) and its command
 * line. Nothing here is shell: the command line is a fixed template around a checked path.
 */
import * as path from "node:path";
import type { HostConnection } from "./connection";

/** The script, run on the machine running Pulumi. */
export const FLEET_SSH_SCRIPT = path.join(__dirname, "scripts", "fleet-node-ssh.sh");

/** The bundle a node converges with: its digest and the command lines run on the host. */
export interface FleetSshBundle {
    /** The bundle's digest (its directory name on the machine running Pulumi). */
    digest: string;
    /** Its directory on the host, relative to the login user's home. */
    remoteDir: string;
    /** Command line (as root, per sudo mode) that runs the bundle's converge on the host. */
    converge: string;
    /** Command line that runs the bundle's unconverge on the host. */
    unconverge: string;
}

/** Seconds the script may spend. */
export interface FleetSshLimits {
    /** Seconds the remote converge or unconverge may run before it is stopped. */
    runSeconds: number;
}

/** Seconds the script's dials may take before it gives up (attempts × per-dial timeout, plus backoff). */
export function fleetSshDialBudgetSeconds(conn: HostConnection): number {
    return conn.dialAttempts * (conn.dialTimeoutSeconds + 10);
}

/**
 * How the script reaches one host: endpoint, login user, pinned host keys (the host's and the
 * bastion's), dial attempts — all that its `check` action needs (the keys go on stdin). A host
 * without a host key is the spec's `ssh.insecureIgnoreHostKey` (hostConnection refuses it
 * otherwise); the bastion's key is passed (and pinned) whenever it has one.
 */
export function fleetSshEndpointEnvironment(conn: HostConnection): Record<string, string> {
    const env: Record<string, string> = {
        CONTINUUM_NODE: conn.nodeName,
        CONTINUUM_SSH_HOST: conn.host,
        CONTINUUM_SSH_PORT: String(conn.port),
        CONTINUUM_SSH_USER: conn.user,
        CONTINUUM_DIAL_ATTEMPTS: String(conn.dialAttempts),
        CONTINUUM_DIAL_TIMEOUT: String(conn.dialTimeoutSeconds),
    };
    if (conn.hostKey) env.CONTINUUM_SSH_HOST_KEY = conn.hostKey;
    else env.CONTINUUM_SSH_INSECURE = "1";
    const b = conn.bastion;
    if (b) {
        env.CONTINUUM_BASTION_HOST = b.host;
        env.CONTINUUM_BASTION_PORT = String(b.port);
        env.CONTINUUM_BASTION_USER = b.user;
        if (b.hostKey) env.CONTINUUM_BASTION_HOST_KEY = b.hostKey;
    }
    return env;
}

/** The script's environment for one node's converge: its endpoint, the bundle, the run's limit. */
export function fleetSshEnvironment(
    conn: HostConnection,
    bundle: FleetSshBundle,
    limits: FleetSshLimits,
): Record<string, string> {
    return {
        ...fleetSshEndpointEnvironment(conn),
        CONTINUUM_BUNDLE: bundle.digest,
        CONTINUUM_REMOTE_DIR: bundle.remoteDir,
        CONTINUUM_REMOTE_CONVERGE: bundle.converge,
        CONTINUUM_REMOTE_UNCONVERGE: bundle.unconverge,
        CONTINUUM_RUN_TIMEOUT: String(Math.max(1, Math.round(limits.runSeconds))),
    };
}

/**
 * The script's stdin: the login key and the bastion's (base64, one line each; `-` when the
 * bastion takes the same key), then the converge input, which the script passes on unchanged.
 */
export function fleetSshStdin(privateKey: string, bastionKey: string | undefined, convergeInput: string): string {
    if (privateKey.trim() === "")
        throw new Error(
            "ssh.privateKey is empty — set it as a secret: pulumi config " +
                "set --secret --path 'continuum:spec.ssh.privateKey' < key",
        );
    const b64 = (k: string) => Buffer.from(k, "utf8").toString("base64");
    const bastion = bastionKey === undefined || bastionKey === privateKey ? "-" : b64(bastionKey);
    return `${b64(privateKey)}\n${bastion}\n${convergeInput}`;
}

const SAFE_PATH = /^[A-Za-z0-9@%+=:,./_-]+$/;

/**
 * The local command line: `bash <script> converge|unconverge|check`, the script's path relative to the
 * project directory (the program's and the command provider's working directory), so the state
 * reads the same on every machine that runs the stack.
 */
export function fleetSshCommand(
    action: "converge" | "unconverge" | "check",
    projectDir: string = process.cwd(),
    script: string = FLEET_SSH_SCRIPT,
): string {
    const rel = path.relative(projectDir, script) || script;
    if (!SAFE_PATH.test(rel)) {
        throw new Error(
            `the path of ${path.basename(script)} relative to the project ` +
                `(${rel}) has characters a command line would have to quote — move the project ` +
                `to a path of letters, digits, '.', '_', '-' and '/'`,
        );
    }
    return `bash ${rel} ${action}`;
}

/** The parts of a fleet node's stdin (the inverse of {@link fleetSshStdin}; tests and diagnostics). */
export function parseFleetSshStdin(text: string): { privateKey: string; bastionKey?: string; convergeInput: string } {
    const first = text.indexOf("\n");
    const second = text.indexOf("\n", first + 1);
    if (first < 0 || second < 0)
        throw new Error("not a fleet node's stdin: expected two key lines before the converge input");
    const b = text.slice(first + 1, second);
    return {
        privateKey: Buffer.from(text.slice(0, first), "base64").toString("utf8"),
        bastionKey: b === "-" ? undefined : Buffer.from(b, "base64").toString("utf8"),
        convergeInput: text.slice(second + 1),
    };
}
