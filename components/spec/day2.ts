/**
 * Day-2 fields of a cluster (issue 23): etcd snapshots, restore from a snapshot, certificate
 * rotation, and the kube-vip image of an API VIP. The planning that follows from them is in
 * components/day2/; the cross-field rules in spec/rules/day2.ts.
 *
 * ```yaml
 * clusters:
 *   - name: cloud
 *     backup: { schedule: "*-*-* 02:00:00", keep: 7, target: backups }
 *     restoreFrom: backups/cloud/etcd-snapshot-cloud-cp1-20261204T020000Z.db   # only to rebuild
 *     certificates: { rotate: 1, warnDays: 30 }
 *     apiEndpoint: { vip: 10.0.0.100, interface: eth0 }   # vipImage: the table's kube-vip unless set
 * ```
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { localPath } from "./address";
import { shown } from "./shown";

/**
 * A systemd calendar expression (`OnCalendar=`, systemd.time(7)): `daily`, `hourly`,
 * `*-*-* 02:00:00`, `Mon..Fri 03:30`. Checked for its character set here (it reaches a unit file);
 * `systemd-analyze calendar` on the node is the full check, done by the backup step.
 */
export const calendarField = z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9*:,/. ~+-]+$/, {
        error:
            "is not a systemd calendar expression — write one like daily, " +
            "hourly or '*-*-* 02:00:00' (systemd.time(7))",
    });

/** Scheduled etcd snapshots of a cluster's control planes. */
export const backupSchema = z.strictObject({
    /** When the control planes snapshot etcd (a systemd timer, `OnCalendar=`). @default "daily" */
    schedule: calendarField.default("daily"),
    /** Snapshots kept on each control plane (older ones are deleted). @default 7 */
    keep: z.number().int().min(1, { error: "must keep at least 1 snapshot" }).max(1000).default(7),
    /**
     * Directory on the machine running Pulumi where `up` copies the latest snapshot of each
     * control plane, with its sha256 (`<target>/<cluster>/`).
     * @default "backups"
     */
    target: localPath.default("backups"),
    /** Take a snapshot on demand before an upgrade or a control-plane removal. @default true */
    beforeChanges: z.boolean().default(true),
});
export type BackupSpec = z.infer<typeof backupSchema>;

/** Certificate expiry and rotation of a cluster. */
export const certificatesSchema = z.strictObject({
    /**
     * Rotation epoch: raise it to rotate the cluster's certificates once (kubeadm `certs renew`,
     * K3s `certificate rotate`), one control plane at a time. @default 0
     */
    rotate: z.number().int().min(0).default(0),
    /** The policy warns when a certificate expires in fewer days than this. @default 30 */
    warnDays: z.number().int().min(1).max(3650).default(30),
});
export type CertificatesSpec = z.infer<typeof certificatesSchema>;

/** A container image pinned by digest: `registry/name[:tag]@sha256:<64 hex>`. */
export const digestImageField = z.string().regex(/^[a-z0-9][a-z0-9._/:-]*(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$/, {
    error:
        "must be an image pinned by digest, like ghcr.io/kube-vip/kube-vip:v1.0.1@sha256:<64 " +
        "hex> — read the digest from the registry (crane digest ghcr.io/kube-vip/kube-vip:v1.0.1)",
});

/** A network interface name (Linux: at most 15 characters, no '/' or spaces). */
export const interfaceField = z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, {
    error:
        "is not a network interface name — " +
        "use the name `ip link` shows on the control planes, like eth0 or enp1s0",
});

/** Cluster-level day-2 fields (spread into the cluster schema). */
export const clusterDay2Fields = {
    /** Scheduled etcd snapshots (ssh clusters). */
    backup: backupSchema.optional(),
    /**
     * Bring the first control plane up from this etcd snapshot (a file on the machine running
     * Pulumi), then join the others: for rebuilding a lost cluster. Restored once per snapshot
     * (its sha256); remove it after the cluster is back.
     */
    restoreFrom: localPath.optional(),
    /** Certificate expiry warning and rotation. @default { rotate: 0, warnDays: 30 } */
    certificates: certificatesSchema.default({ rotate: 0, warnDays: 30 }),
};

/** API endpoint fields for a provisioned VIP (spread into the apiEndpoint schema). */
export const apiVipFields = {
    /** A virtual IP kube-vip holds on one control plane (ARP); becomes the API endpoint and a certificate SAN. */
    vip: z
        .string()
        .superRefine((text, ctx) => {
            if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !(text.includes(":") && ipaddr.IPv6.isValid(text))) {
                ctx.addIssue({
                    code: "custom",
                    message:
                        `'${shown(text)}' is not an IP address — a ` +
                        `VIP is an unused IPv4 or IPv6 address in the control planes' subnet`,
                });
            }
        })
        .optional(),
    /** Interface kube-vip announces the VIP on. @default the interface of the default route */
    interface: interfaceField.optional(),
    /**
     * The kube-vip image, pinned by digest.
     * @default the version table's (nodeImages.kubeVip: kube-vip v1.0.0 as `npm run toolchain -- --real` builds it)
     */
    vipImage: digestImageField.optional(),
};

/** Two-phase rotation of the ClusterMesh CA (trust both, switch, drop the old). */
export const meshCaRotationSchema = z.strictObject({
    /** The CA generation: raise it by one to start a rotation. */
    epoch: z.number().int().min(1),
    /**
     * `trust`: every cluster trusts the old and the new CA, the old one still signs;
     * `switch`: the new CA signs, both are trusted; `done`: only the new CA is left.
     */
    phase: z.enum(["trust", "switch", "done"]),
});
export type MeshCaRotationSpec = z.infer<typeof meshCaRotationSchema>;
