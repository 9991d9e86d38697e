/**
 * What the K3s and kubeadm day-2 plans share (issue 23): the step description, the scripts each
 * distribution names alike, the snapshot reason and the backup step. What differs per
 * distribution is an {@link EtcdDay2Distribution} (distributions/etcd-day2.ts); k3s-day2.ts and
 * kubeadm-day2.ts add their own steps around these.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ClusterSpec } from "../spec/cluster";
import type { ClusterNodeSpec } from "../spec/node";
import type { EtcdDay2Distribution } from "../distributions/etcd-day2";

/** A file pushed with a step and checked on the host (the fleet converge's HostFile, as plain data). */
export interface Day2File {
    /** Logical name: the step sees ARTIFACT_<NAME>. */
    name: string;
    /** File name on the host. */
    fileName: string;
    /** sha256 the host checks first. */
    sha256: string;
    /** Where it came from. */
    origin: string;
    /** The local file. */
    localPath: string;
}

/** One planned step. */
export interface Day2Step {
    /** The step's script. */
    script: string;
    /** Its uninstall script. @default nothing to undo */
    uninstallScript?: string;
    /** Its parameters (plain: none of them is secret). */
    params: Record<string, string>;
    /** Files pushed with it. @default [] */
    files?: Day2File[];
}

/** The local path of one of the distribution's scripts, `<name>-<step>.sh`. */
export function day2Script(d: EtcdDay2Distribution, step: string): string {
    return path.join(__dirname, "..", "clusters", d.name, "scripts", `${d.name}-${step}.sh`);
}

/** The day-2 scripts every distribution here has. */
export function etcdDay2Scripts(d: EtcdDay2Distribution) {
    return {
        backup: day2Script(d, "etcd-backup"),
        backupUninstall: day2Script(d, "etcd-backup-uninstall"),
        snapshotExport: day2Script(d, "etcd-snapshot-export"),
        restore: day2Script(d, "etcd-restore"),
        restoreUninstall: day2Script(d, "etcd-restore-uninstall"),
        certRotate: day2Script(d, "cert-rotate"),
        certRotateUninstall: day2Script(d, "cert-rotate-uninstall"),
    } as const;
}

/** sha256 of a local file, hex. */
export const sha256File = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");

/** A script of this repository as a pushed file of a step (it runs from the node's bundle). */
export function scriptFile(name: string, local: string): Day2File {
    return { name, fileName: path.basename(local), sha256: sha256File(local), origin: "continuum", localPath: local };
}

/** The change the first control node snapshots before (and the snapshot copy runs again after). */
export function etcdSnapshotReason(d: EtcdDay2Distribution, version: string, controls: string[]): string {
    return `${d.versionOf} ${version}; ${d.controlNodes} ${controls.join(",")}`;
}

/** What the day-2 plan of one control node (a K3s server, a kubeadm control plane) needs. */
export interface ControlNodeDay2Input {
    cluster: ClusterSpec;
    node: ClusterNodeSpec;
    /** The node holds the init role (the first control node in spec order). */
    first: boolean;
    /** Every control node's name, in spec order. */
    controls: string[];
    /** The version being installed (a new one is an upgrade: a snapshot first). */
    version: string;
    /** Seconds a step waits for the distribution's components. */
    waitSeconds: string;
}

/**
 * The backup step of a control node (the cluster has `backup:`): the snapshot timer, and on the
 * first a snapshot whenever the version or the control-node set changes (the first install
 * included, so the copy has one to take). `files` are pushed with it (the export script first).
 */
export function etcdBackupStep(d: EtcdDay2Distribution, input: ControlNodeDay2Input, files: Day2File[]): Day2Step {
    const backup = input.cluster.backup;
    if (backup === undefined) throw new Error(`cluster '${input.cluster.name}' has no backup: no backup step`);
    const scripts = etcdDay2Scripts(d);
    return {
        script: scripts.backup,
        uninstallScript: scripts.backupUninstall,
        params: {
            NODE_NAME: input.node.name,
            BACKUP_SCHEDULE: backup.schedule,
            BACKUP_KEEP: String(backup.keep),
            // The first snapshots once installed and, with beforeChanges, again whenever the
            // version or the control-node set changes (the copy reads its latest).
            SNAPSHOT_REASON: !input.first
                ? ""
                : backup.beforeChanges
                  ? etcdSnapshotReason(d, input.version, input.controls)
                  : "installed",
        },
        files,
    };
}
