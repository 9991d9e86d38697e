/**
 * The day-2 steps of a kubeadm control plane's converge (issue 23), planned from the spec: plain
 * step descriptions (script, uninstall, parameters, pushed files) that KubeadmCluster adds to the
 * control plane's fleet converge — no Pulumi resources here. Workers get none.
 *
 * Before kubeadm-install.sh:
 *   kubeadm-cert-rotate.sh     every control plane, with `certificates.rotate` > 0: `kubeadm certs
 *                              renew all`, the static pods restarted one by one (a new host: recorded)
 *   kubeadm-etcd-restore.sh    the first control plane, with `restoreFrom:`: the snapshot and its
 *                              `pki.tar` pushed, `etcdutl snapshot restore` staged for `kubeadm init`
 * After it (kubeadm runs; upgrades and removals come later, from the lifecycle and pool steps):
 *   kubeadm-etcd-backup.sh     every control plane, with `backup:`: etcdctl, the snapshot timer, and
 *                              on the first a snapshot whenever the version or the control-plane set
 *                              changes (the first install included, so the copy has one to take)
 * The steps marked `etcdClient` also carry etcd's release archive (the version table's `etcd`).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as ipaddr from "ipaddr.js";
import type { ClusterSpec } from "../spec/cluster";
import { restoreSnapshotFile } from "./k3s-day2";
import {
    day2Script,
    etcdBackupStep,
    etcdDay2Scripts,
    etcdSnapshotReason,
    scriptFile,
    sha256File,
    type ControlNodeDay2Input,
    type Day2File,
    type Day2Step,
} from "./control-plane-day2";
import { KUBEADM_ETCD_DAY2 } from "../distributions/etcd-day2";

/** The day-2 scripts of a kubeadm control plane. */
export const KUBEADM_DAY2_SCRIPTS = {
    ...etcdDay2Scripts(KUBEADM_ETCD_DAY2),
    snapshot: day2Script(KUBEADM_ETCD_DAY2, "etcd-snapshot"),
    etcdTools: day2Script(KUBEADM_ETCD_DAY2, "etcd-tools"),
} as const;

/** The kubeadm preflight check a restore skips: init keeps the etcd data the restore put in place. */
export const RESTORE_PREFLIGHT_IGNORE = "DirAvailable--var-lib-etcd";

/** A planned step; `etcdClient`: it also needs etcd's release archive (etcdctl, etcdutl). */
export interface KubeadmDay2Step extends Day2Step {
    /** The step installs etcdctl/etcdutl from the pinned etcd archive. @default false */
    etcdClient?: boolean;
}

/** Day-2 steps of one control plane, around kubeadm-install.sh. */
export interface KubeadmControlPlaneDay2 {
    /** Steps before the install. */
    before: KubeadmDay2Step[];
    /** Steps after it. */
    after: KubeadmDay2Step[];
}

/** What the plan of one control plane needs. */
export interface KubeadmDay2Input extends ControlNodeDay2Input {
    /** The API server's port on the control planes. */
    apiPort: number;
}

/**
 * The cluster's CAs the snapshot `restoreFrom` names needs: the `pki.tar` backup copied beside it.
 * Undefined without `restoreFrom`.
 */
export function restorePkiFile(cluster: ClusterSpec): Day2File | undefined {
    if (cluster.restoreFrom === undefined) return undefined;
    const file = path.join(path.dirname(path.resolve(cluster.restoreFrom)), "pki.tar");
    if (!existsSync(file)) {
        throw new Error(
            `clusters '${cluster.name}' restoreFrom: no 'pki.tar' beside the snapshot (${file}) — a kubeadm ` +
                `snapshot restores only with the certificate authorities and service-account keys of the ` +
                `cluster it came from: backup copies them with every snapshot; put that copy there`,
        );
    }
    return {
        name: "pki",
        fileName: "pki.tar",
        sha256: sha256File(file),
        origin: `spec: clusters '${cluster.name}' restoreFrom (pki.tar beside it)`,
        localPath: file,
    };
}

/** The change the first control plane snapshots before (and the snapshot copy runs again after). */
export function kubeadmSnapshotReason(version: string, controls: string[]): string {
    return etcdSnapshotReason(KUBEADM_ETCD_DAY2, version, controls);
}

/** The day-2 steps of one kubeadm control plane (a worker: none). */
export function kubeadmControlPlaneDay2(input: KubeadmDay2Input): KubeadmControlPlaneDay2 {
    const { cluster, node } = input;
    const before: KubeadmDay2Step[] = [];
    const after: KubeadmDay2Step[] = [];
    if (!input.controls.includes(node.name)) return { before, after };
    if (cluster.certificates.rotate > 0) {
        before.push({
            script: KUBEADM_DAY2_SCRIPTS.certRotate,
            uninstallScript: KUBEADM_DAY2_SCRIPTS.certRotateUninstall,
            params: {
                NODE_NAME: node.name,
                ROTATE_EPOCH: String(cluster.certificates.rotate),
                API_PORT: String(input.apiPort),
                WAIT_SECONDS: input.waitSeconds,
            },
        });
    }
    const snapshot = input.first ? restoreSnapshotFile(cluster) : undefined;
    if (snapshot) {
        const host = node.host ?? "";
        before.push({
            script: KUBEADM_DAY2_SCRIPTS.restore,
            uninstallScript: KUBEADM_DAY2_SCRIPTS.restoreUninstall,
            params: {
                NODE_NAME: node.name,
                // kubeadm's etcd advertises the node's address: the host when it is an IP.
                ETCD_PEER_HOST: ipaddr.isValid(host) ? host : "",
                // A new etcd cluster (etcdutl's default token is the old cluster's "etcd-cluster").
                CLUSTER_TOKEN: `${cluster.name}-restored-${snapshot.sha256.slice(0, 12)}`,
            },
            files: [
                snapshot,
                restorePkiFile(cluster) as Day2File,
                scriptFile("etcd_tools", KUBEADM_DAY2_SCRIPTS.etcdTools),
            ],
            etcdClient: true,
        });
    }
    if (cluster.backup) {
        after.push({
            ...etcdBackupStep(KUBEADM_ETCD_DAY2, input, [
                scriptFile("snapshot_script", KUBEADM_DAY2_SCRIPTS.snapshot),
                scriptFile("snapshot_export", KUBEADM_DAY2_SCRIPTS.snapshotExport),
                scriptFile("etcd_tools", KUBEADM_DAY2_SCRIPTS.etcdTools),
            ]),
            etcdClient: true,
        });
    }
    return { before, after };
}

/** kubeadm preflight errors the first control plane's init ignores for a restore (none without). */
export function restorePreflightIgnores(cluster: ClusterSpec, first: boolean): string[] {
    return first && cluster.restoreFrom !== undefined ? [RESTORE_PREFLIGHT_IGNORE] : [];
}
