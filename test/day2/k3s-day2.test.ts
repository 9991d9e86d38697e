import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { parseAllDocuments } from "yaml";
import { formatIssue, parseSpec, type ClusterSpec } from "../../components/spec";
import { backupDir, k3sServerDay2, restoreToken } from "../../components/day2/k3s-day2";
import { day2Plan, meshCaPlanLine } from "../../components/day2/plan-summary";
import { summarize } from "../../components/spec/summary";
import { fullTable, sshSpec } from "../spec/fixtures";

const IMAGE = `ghcr.io/kube-vip/kube-vip:v1.0.1@sha256:${"c".repeat(64)}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function edge(mutate: (c: Record<string, any>) => void = () => undefined): ClusterSpec {
    const s = sshSpec();
    const c = s.clusters[1];
    const key = c.nodes[0].hostKey;
    c.nodes = ["s-1", "s-2", "s-3"].map((n, i) => ({
        name: n,
        roles: ["server"],
        host: `192.0.2.${41 + i}`,
        hostKey: key,
    }));
    mutate(c);
    const r = parseSpec(s, { versions: fullTable() });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    return r.spec.clusters[1];
}

const plan = (cluster: ClusterSpec, node: string) =>
    k3sServerDay2({
        cluster,
        node: cluster.nodes.find((n) => n.name === node) as ClusterSpec["nodes"][number],
        first: node === cluster.nodes[0].name,
        controls: cluster.nodes.map((n) => n.name),
        version: "v1.36.3+k3s1",
        waitSeconds: "300",
    });
const names = (steps: { script: string }[]) => steps.map((s) => path.basename(s.script));

describe("K3s day-2 steps", () => {
    it("an HA cluster without day-2 fields: only the quorum guard, on the first server", () => {
        const c = edge();
        expect(plan(c, "s-1")).toEqual({
            before: [
                expect.objectContaining({
                    params: { NODE_NAME: "s-1", CLUSTER: "edge-a", CONTROL_PLANES: "s-1,s-2,s-3" },
                }),
            ],
            after: [],
        });
        expect(names(plan(c, "s-1").before)).toEqual(["k3s-etcd-quorum-guard.sh"]);
        expect(plan(c, "s-2")).toEqual({ before: [], after: [] });
    });

    it("a single server without day-2 fields gets no step (its converge is as before)", () => {
        const c = edge((x) => {
            x.nodes = x.nodes.slice(0, 1);
        });
        expect(plan(c, "s-1")).toEqual({ before: [], after: [] });
    });

    it(
        "backup: the timer on every server after the install, a snapshot " +
            "on the first when installed and before a change, the export script pinned by sha256",
        () => {
            const c = edge((x) => {
                x.backup = { schedule: "*-*-* 02:00:00", keep: 3 };
            });
            const first = plan(c, "s-1");
            expect(names(first.before)).toEqual(["k3s-etcd-quorum-guard.sh"]);
            expect(names(first.after)).toEqual(["k3s-etcd-backup.sh"]);
            expect(first.after[0].params).toEqual({
                NODE_NAME: "s-1",
                BACKUP_SCHEDULE: "*-*-* 02:00:00",
                BACKUP_KEEP: "3",
                SNAPSHOT_REASON: "K3s v1.36.3+k3s1; servers s-1,s-2,s-3",
            });
            expect(path.basename(first.after[0].uninstallScript as string)).toBe("k3s-etcd-backup-uninstall.sh");
            const file = (first.after[0].files ?? [])[0];
            expect(file).toMatchObject({ name: "snapshot_export", fileName: "k3s-etcd-snapshot-export.sh" });
            expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
            expect(plan(c, "s-2").after[0].params.SNAPSHOT_REASON).toBe("");
            const noBefore = edge((x) => {
                x.backup = { beforeChanges: false };
            });
            expect(plan(noBefore, "s-1").after[0].params.SNAPSHOT_REASON).toBe("installed");
            expect(backupDir(c, "s-2")).toBe(path.join("backups", "edge-a", "s-2"));
        },
    );

    it("certificate rotation on every server when the epoch is above 0", () => {
        const c = edge((x) => {
            x.certificates = { rotate: 2 };
        });
        expect(names(plan(c, "s-2").before)).toEqual(["k3s-cert-rotate.sh"]);
        expect(plan(c, "s-2").before[0].params).toEqual({ NODE_NAME: "s-2", ROTATE_EPOCH: "2", WAIT_SECONDS: "300" });
    });

    it("a VIP: kube-vip's manifests for K3s's manifests directory on every server", () => {
        const c = edge((x) => {
            x.apiEndpoint = { vip: "192.0.2.100", vipImage: IMAGE, interface: "eth0" };
        });
        const step = plan(c, "s-3").before[0];
        expect(path.basename(step.script)).toBe("k3s-kube-vip.sh");
        expect(step.params.KUBE_VIP_FILE).toBe("/var/lib/rancher/k3s/server/manifests/continuum-kube-vip.yaml");
        const ds = parseAllDocuments(step.params.KUBE_VIP_MANIFEST)
            .map((d) => d.toJS())
            .find((d) => d.kind === "DaemonSet");
        expect(ds.spec.template.spec.containers[0].image).toBe(IMAGE);
    });

    it(
        "restoreFrom: the snapshot pinned by its sha256 on the first server, " +
            "after the install; the token beside it",
        () => {
            const dir = mkdtempSync(path.join(tmpdir(), "restore-"));
            const snap = path.join(dir, "continuum-s-1-1764900000");
            writeFileSync(snap, "etcd snapshot bytes");
            writeFileSync(path.join(dir, "token"), "K10abc::server:def\n");
            const c = edge((x) => {
                x.restoreFrom = snap;
            });
            const first = plan(c, "s-1");
            expect(names(first.after)).toEqual(["k3s-etcd-restore.sh"]);
            const withBackup = edge((x) => {
                x.restoreFrom = snap;
                x.backup = {};
            });
            expect(names(plan(withBackup, "s-1").after)).toEqual(["k3s-etcd-restore.sh", "k3s-etcd-backup.sh"]);
            expect(first.after[0].files).toEqual([
                {
                    name: "snapshot",
                    fileName: "continuum-s-1-1764900000",
                    localPath: snap,
                    origin: "spec: clusters 'edge-a' restoreFrom",
                    sha256: createHash("sha256").update("etcd snapshot bytes").digest("hex"),
                },
            ]);
            expect(plan(c, "s-2").after).toEqual([]);
            expect(restoreToken(c)).toBe("K10abc::server:def");
        },
    );

    it("restoreFrom names a missing snapshot or token with the fix", () => {
        const c = edge((x) => {
            x.restoreFrom = "backups/edge-a/s-1/nothing-here";
        });
        expect(() => plan(c, "s-1")).toThrow(
            /^clusters 'edge-a' restoreFrom: backups\/edge-a\/s-1\/nothing-here is not a file on this machine/,
        );
        const dir = mkdtempSync(path.join(tmpdir(), "restore-"));
        writeFileSync(path.join(dir, "snap"), "x");
        const d = edge((x) => {
            x.restoreFrom = path.join(dir, "snap");
        });
        expect(() => restoreToken(d)).toThrow(
            "K3s restores a snapshot only with the token of the cluster it came from",
        );
    });
});

describe("the day-2 plan in words (stack output clusters.<name>.day2, validate's summary)", () => {
    it("lists what each field plans", () => {
        const c = edge((x) => {
            x.backup = { keep: 3 };
            x.certificates = { rotate: 2, warnDays: 20 };
            x.apiEndpoint = { vip: "192.0.2.100", vipImage: IMAGE, interface: "eth0" };
        });
        expect(day2Plan(c)).toEqual([
            "etcd snapshots daily on every control plane, keeping 3; s-1's " +
                "latest copied to backups/edge-a/s-1/ with its sha256; a snapshot before " +
                "every version or control-plane change",
            "certificates at rotation epoch 2, rotated one control plane at a time",
            "certificate expiry warning below 20 days",
            "API VIP 192.0.2.100 on eth0 held by kube-vip on the control planes",
            "init role on s-1; control-plane changes keep etcd quorum (3 members tolerate 1 at once)",
        ]);
        expect(meshCaPlanLine(undefined)).toBe("mesh CA epoch 0 signs; trusted: 0");
        expect(meshCaPlanLine({ epoch: 3, phase: "switch" })).toBe(
            "mesh CA epoch 3 signs; trusted: 2 and 3 (rotation to 3, phase switch)",
        );
    });

    it("validate's summary has a day-2 line for a cluster that asks for one", () => {
        const s = sshSpec();
        s.clusters[1].backup = { schedule: "hourly" };
        const r = parseSpec(s, { versions: fullTable() });
        if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
        const lines = summarize(r.spec)
            .split("\n")
            .filter((l) => l.startsWith("day 2:"));
        expect(lines).toEqual([
            `day 2:     edge-a: etcd snapshots hourly on every control plane, ` +
                `keeping 7; s-1's latest copied to backups/edge-a/s-1/ with its sha256; a ` +
                `snapshot before every version or control-plane change`,
        ]);
    });
});
