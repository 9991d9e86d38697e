/**
 * The copy of a control plane's latest etcd snapshot to the machine running Pulumi (issue 23,
 * `backup.target`): one `command:local:Command` per server that runs
 * `scripts/etcd-snapshot-fetch.sh`, which reaches the node exactly as its converge does
 * (hosts/scripts/fleet-node-ssh.sh: OpenSSH, pinned host keys, bastion, bounded retries) and runs
 * the export script from the node's own bundle (the backup step carries it as a pinned file),
 * reading the snapshot, its sha256 and the server token into `<target>/<cluster>/<node>/`,
 * checked with sha256sum before it is kept. Nothing of the snapshot passes through Pulumi: the
 * command's stdout holds one line naming the file and its sha256.
 *
 * It runs when it is created and whenever the node's bundle or the change described by the
 * on-demand snapshot (K3s version, server set) changes — so after every snapshot taken before a
 * change. No delete command: copies stay when the cluster goes (they are what a restore needs).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { HostConnection } from "../hosts/connection";
import type { NodeBundle } from "../hosts/node-bundle";
import { LeanLocalCommand } from "../hosts/lean-command";
import { fleetSshCommand, fleetSshDialBudgetSeconds, fleetSshEnvironment, fleetSshStdin } from "../hosts/fleet-ssh";
import { composeStdin, renderParams } from "../hosts/params";
import { runScriptCommand } from "../hosts/remote-commands";

/** The script run on the machine running Pulumi. */
export const SNAPSHOT_FETCH_SCRIPT = path.join(__dirname, "scripts", "etcd-snapshot-fetch.sh");

/** What one server's snapshot copy needs. */
export interface SnapshotCopyArgs {
    /** How the server is reached (the same connection as its converge). */
    connection: HostConnection;
    /** The server's bundle (holds the export script). */
    bundle: NodeBundle;
    /** The export script's file name in the bundle. */
    exportScript: string;
    /** Target directory on this machine (`<backup.target>/<cluster>/<node>`). */
    dir: string;
    /** Snapshots kept there. */
    keep: number;
    /** What the copy describes as the last change (a new value copies again). */
    reason: string;
    /** The server's converge (the copy runs after it). */
    after: pulumi.Resource;
    /** The component the resource belongs to. */
    parent: pulumi.Resource;
}

/** Declare the snapshot copy of one server. */
export function declareSnapshotCopy(name: string, args: SnapshotCopyArgs): LeanLocalCommand {
    const conn = args.connection;
    const runSeconds = conn.timeoutSeconds;
    const environment = pulumi.all([args.bundle.digest, args.bundle.remoteDir]).apply(([digest, remoteDir]) => {
        const exportCommand = runScriptCommand(conn.sudoMode, `${remoteDir}/${args.exportScript}`);
        return {
            ...fleetSshEnvironment(
                conn,
                { digest, remoteDir, converge: exportCommand, unconverge: exportCommand },
                { runSeconds },
            ),
            CONTINUUM_BACKUP_DIR: args.dir,
            CONTINUUM_BACKUP_KEEP: String(args.keep),
            CONTINUUM_BACKUP_REASON: args.reason,
        };
    });
    const stdin = pulumi
        .all([conn.privateKey, conn.bastion?.privateKey, conn.sudoPassword])
        .apply(([key, bastionKey, password]) =>
            fleetSshStdin(key, bastionKey, composeStdin(renderParams({ NODE_NAME: conn.nodeName }), password)),
        );
    const t = `${runSeconds + fleetSshDialBudgetSeconds(conn) + 60}s`;
    return new LeanLocalCommand(
        `${name}-etcd-snapshot-copy`,
        {
            create: fleetSshCommand("converge", process.cwd(), SNAPSHOT_FETCH_SCRIPT),
            environment,
            stdin: pulumi.secret(stdin),
            addPreviousOutputInEnv: false,
        },
        { parent: args.parent, dependsOn: [args.after], customTimeouts: { create: t, update: t, delete: t } },
    );
}
