/**
 * The day-2 steps of a K3s server's converge (issue 23), planned from the spec: plain step
 * descriptions (script, uninstall, parameters, pinned files) that K3sCluster adds to the
 * server's fleet converge — no Pulumi resources here.
 *
 * Before k3s-install.sh (so they act on the K3s that runs now, before its config changes):
 *   k3s-etcd-quorum-guard.sh   first server of an HA cluster (or one with backups): refuses a
 *                              control-plane change that could lose etcd quorum
 *   k3s-cert-rotate.sh         every server, with `certificates.rotate` > 0 (a new host: recorded only)
 *   k3s-kube-vip.sh            every server, with `apiEndpoint.vip`: kube-vip's manifests
 * After it (K3s runs; upgrades and removals come later, from the lifecycle and pool steps):
 *   k3s-etcd-restore.sh        first server, with `restoreFrom:` (the snapshot pushed, checked)
 *   k3s-etcd-backup.sh         every server, with `backup:`: the snapshot timer, and on the first
 *                              a snapshot whenever the version or the server set changes (the
 *                              first install included, so the copy has one to take)
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { ClusterSpec } from "../spec/cluster";
import { K3S_KUBE_VIP_FILE, kubeVipImage, renderK3sKubeVip } from "./kube-vip";
import { VERSION_TABLE } from "../version-table";
import {
    day2Script,
    etcdBackupStep,
    etcdDay2Scripts,
    scriptFile,
    sha256File,
    type ControlNodeDay2Input,
    type Day2File,
    type Day2Step,
} from "./control-plane-day2";
import { K3S_ETCD_DAY2 } from "../distributions/etcd-day2";

export type { Day2File, Day2Step } from "./control-plane-day2";

/** The day-2 scripts of a K3s server. */
export const K3S_DAY2_SCRIPTS = {
    ...etcdDay2Scripts(K3S_ETCD_DAY2),
    quorumGuard: day2Script(K3S_ETCD_DAY2, "etcd-quorum-guard"),
    kubeVip: day2Script(K3S_ETCD_DAY2, "kube-vip"),
    kubeVipUninstall: day2Script(K3S_ETCD_DAY2, "kube-vip-uninstall"),
} as const;

/** Day-2 steps of one server, around k3s-install.sh. */
export interface K3sServerDay2 {
    /** Steps before the install. */
    before: Day2Step[];
    /** Steps after it. */
    after: Day2Step[];
}

/** What the plan of one server needs (`controls`: every server's name, in spec order). */
export type K3sServerDay2Input = ControlNodeDay2Input;

/** A local file the spec names, checked to exist (the error names the field and the fix). */
function specFile(file: string, field: string): string {
    const abs = path.resolve(file);
    if (!existsSync(abs) || !statSync(abs).isFile()) {
        throw new Error(
            `${field}: ${file} is not a file on this machine (looked at ${abs}) ` +
                `— give the path of a snapshot copied by backup (<backup.target>/<cluster>/<node>/), ` +
                `relative to the project directory`,
        );
    }
    return abs;
}

/** The snapshot `restoreFrom` names, as a pinned file of the restore step. */
export function restoreSnapshotFile(cluster: ClusterSpec): Day2File | undefined {
    if (cluster.restoreFrom === undefined) return undefined;
    const local = specFile(cluster.restoreFrom, `clusters '${cluster.name}' restoreFrom`);
    const fileName = path.basename(local);
    if (!/^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/.test(fileName)) {
        throw new Error(
            `clusters '${cluster.name}' restoreFrom: the file name '${fileName}' ` +
                `has characters a host file cannot have — rename the snapshot (letters, digits, . _ + -)`,
        );
    }
    return {
        name: "snapshot",
        fileName,
        sha256: sha256File(local),
        origin: `spec: clusters '${cluster.name}' restoreFrom`,
        localPath: local,
    };
}

/**
 * The server token the snapshot needs (K3s encrypts a snapshot's bootstrap data with it): the
 * `token` file the backup copied beside the snapshot. Undefined without `restoreFrom`.
 */
export function restoreToken(cluster: ClusterSpec): string | undefined {
    if (cluster.restoreFrom === undefined) return undefined;
    const file = path.join(path.dirname(path.resolve(cluster.restoreFrom)), "token");
    if (!existsSync(file)) {
        throw new Error(
            `clusters '${cluster.name}' restoreFrom: no 'token' file beside ` +
                `the snapshot (${file}) — K3s restores a snapshot only with the token of ` +
                `the cluster it came from: put that server's /var/lib/rancher/k3s/server/token ` +
                `there (backup copies it with every snapshot)`,
        );
    }
    const token = readFileSync(file, "utf8").trim();
    if (token === "")
        throw new Error(
            `clusters '${cluster.name}' restoreFrom: ${file} is empty — put the old cluster's server token in it`,
        );
    return token;
}

/** Where the latest snapshot of one server is copied on the machine running Pulumi. */
export function backupDir(cluster: ClusterSpec, node: string): string | undefined {
    return cluster.backup === undefined ? undefined : path.join(cluster.backup.target, cluster.name, node);
}

/** The day-2 steps of one K3s server. */
export function k3sServerDay2(input: K3sServerDay2Input): K3sServerDay2 {
    const { cluster, node } = input;
    const before: Day2Step[] = [];
    const after: Day2Step[] = [];
    if (input.first && (input.controls.length > 1 || cluster.backup !== undefined)) {
        before.push({
            script: K3S_DAY2_SCRIPTS.quorumGuard,
            params: { NODE_NAME: node.name, CLUSTER: cluster.name, CONTROL_PLANES: input.controls.join(",") },
        });
    }
    if (cluster.certificates.rotate > 0) {
        before.push({
            script: K3S_DAY2_SCRIPTS.certRotate,
            uninstallScript: K3S_DAY2_SCRIPTS.certRotateUninstall,
            params: {
                NODE_NAME: node.name,
                ROTATE_EPOCH: String(cluster.certificates.rotate),
                WAIT_SECONDS: input.waitSeconds,
            },
        });
    }
    const vip = cluster.apiEndpoint.vip;
    if (vip !== undefined) {
        before.push({
            script: K3S_DAY2_SCRIPTS.kubeVip,
            uninstallScript: K3S_DAY2_SCRIPTS.kubeVipUninstall,
            params: {
                NODE_NAME: node.name,
                KUBE_VIP_FILE: K3S_KUBE_VIP_FILE,
                KUBE_VIP_MANIFEST: renderK3sKubeVip({
                    vip,
                    interface: cluster.apiEndpoint.interface,
                    port: cluster.apiEndpoint.port,
                    image: kubeVipImage(cluster, VERSION_TABLE),
                }),
            },
        });
    }
    const snapshot = input.first ? restoreSnapshotFile(cluster) : undefined;
    if (snapshot) {
        after.push({
            script: K3S_DAY2_SCRIPTS.restore,
            uninstallScript: K3S_DAY2_SCRIPTS.restoreUninstall,
            params: { NODE_NAME: node.name, WAIT_SECONDS: input.waitSeconds },
            files: [snapshot],
        });
    }
    if (cluster.backup) {
        after.push(
            etcdBackupStep(K3S_ETCD_DAY2, input, [scriptFile("snapshot_export", K3S_DAY2_SCRIPTS.snapshotExport)]),
        );
    }
    return { before, after };
}
