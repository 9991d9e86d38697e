/**
 * kubeadm's day 2 (issue 23), unit tier: the plan of a control plane's steps (kubeadm-day2.ts),
 * what KubeadmCluster declares with every day-2 field (Pulumi mocks: the converges' steps and
 * files, the restored init's preflight, the snapshot copy, the kubeconfig read after a rotation),
 * and the rule that a cluster with snapshots or a restore pins etcd's archive.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { installMocks } from "../helpers/pulumi-mocks";
import { NODE_KUBECONFIG, rawSshSpec, SECRETS, sshSpec } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: "0123456789abcdef" };
    if (r.type === "random:index/randomString:RandomString") return { result: "abcdef" };
    if (r.type !== "command:local:Command") return {};
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { isSecretInput, plain } from "../hosts-unit/recorded";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { parseParams } from "../../components/hosts/params";
import { formatIssue, parseSpec, type ClusterSpec } from "../../components/spec";
import { VERSION_TABLE } from "../../components/version-table";
import { day2Plan } from "../../components/day2/plan-summary";
import { KubeadmCluster } from "../../components/clusters/kubeadm/kubeadm-cluster";
import {
    kubeadmControlPlaneDay2,
    kubeadmSnapshotReason,
    restorePkiFile,
    restorePreflightIgnores,
} from "../../components/day2/kubeadm-day2";

const sha = (t: string) => createHash("sha256").update(t).digest("hex");
const airgap = standInAirgap();
const backups = mkdtempSync(path.join(tmpdir(), "kubeadm-day2-"));
const snapshot = path.join(backups, "cloud", "cloud-s1", "continuum-cloud-s1-20261205T000000.000000000Z.db");
mkdirSync(path.dirname(snapshot), { recursive: true });
writeFileSync(snapshot, "etcd snapshot bytes");
writeFileSync(path.join(path.dirname(snapshot), "pki.tar"), "pki bytes");
const etcdFile = (arch: string) => VERSION_TABLE.hostArtifacts.etcd.files[arch as "amd64"]?.fileName as string;
const etcdPin = {
    amd64: { sha256: sha(`stand-in for ${etcdFile("amd64")}\n`) },
    arm64: { sha256: sha(`stand-in for ${etcdFile("arm64")}\n`) },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const day2Fields = (raw: Record<string, any>) => {
    raw.airgap = { artifactDir: airgap.artifactDir };
    raw.artifacts = { etcd: etcdPin };
    const c = raw.clusters[0];
    c.backup = { schedule: "hourly", keep: 2, target: backups };
    c.restoreFrom = snapshot;
    c.certificates = { rotate: 3 };
};

beforeAll(async () => {
    const spec = sshSpec("kubeadm", day2Fields);
    new KubeadmCluster("cloud", { spec, cluster: "cloud" });
    for (let i = 0; i < 8; i++) await mocks.settle();
});
afterAll(() => airgap.cleanup());

const named = (name: string) => {
    const r = mocks.ofType("command:local:Command").find((c) => c.name === name);
    if (!r) throw new Error(`no resource ${name}`);
    return r;
};
const inputOf = (node: string) =>
    parseConvergeInput(parseFleetSshStdin(plain<string>(named(`cloud-${node}-converge`).inputs.stdin)).convergeInput);
const envOf = (name: string) => plain<Record<string, string>>(named(name).inputs.environment);
const MINE = /^kubeadm-(install|cert-rotate|etcd-restore|etcd-backup)\.sh$/;
const mine = (node: string) => (inputOf(node).global.STEPS as string).split(" ").filter((s) => MINE.test(s));

describe("kubeadm day-2 plan", () => {
    const cluster = (): ClusterSpec => sshSpec("kubeadm", day2Fields).clusters[0];
    const plan = (c: ClusterSpec, node: string) =>
        kubeadmControlPlaneDay2({
            cluster: c,
            node: c.nodes.find((n) => n.name === node) as ClusterSpec["nodes"][number],
            first: node === "cloud-s1",
            controls: ["cloud-s1", "cloud-s2", "cloud-s3"],
            version: "v1.36.3",
            apiPort: 6443,
            waitSeconds: "300",
        });
    const names = (steps: { script: string }[]) => steps.map((s) => path.basename(s.script));

    it("first control plane: rotation and the staged restore before the install, snapshots after", () => {
        const p = plan(cluster(), "cloud-s1");
        expect(names(p.before)).toEqual(["kubeadm-cert-rotate.sh", "kubeadm-etcd-restore.sh"]);
        expect(names(p.after)).toEqual(["kubeadm-etcd-backup.sh"]);
        expect(p.before[0].params).toEqual({
            NODE_NAME: "cloud-s1",
            ROTATE_EPOCH: "3",
            API_PORT: "6443",
            WAIT_SECONDS: "300",
        });
        const restore = p.before[1];
        expect(restore.params).toEqual({
            NODE_NAME: "cloud-s1",
            ETCD_PEER_HOST: "10.0.0.11",
            CLUSTER_TOKEN: `cloud-restored-${sha("etcd snapshot bytes").slice(0, 12)}`,
        });
        expect(restore.etcdClient).toBe(true);
        expect((restore.files ?? []).map((f) => [f.name, f.fileName, f.sha256])).toEqual([
            ["snapshot", path.basename(snapshot), sha("etcd snapshot bytes")],
            ["pki", "pki.tar", sha("pki bytes")],
            ["etcd_tools", "kubeadm-etcd-tools.sh", expect.stringMatching(/^[0-9a-f]{64}$/)],
        ]);
        expect(p.after[0].params).toEqual({
            NODE_NAME: "cloud-s1",
            BACKUP_SCHEDULE: "hourly",
            BACKUP_KEEP: "2",
            SNAPSHOT_REASON: kubeadmSnapshotReason("v1.36.3", ["cloud-s1", "cloud-s2", "cloud-s3"]),
        });
        expect(SNAPSHOT_REASON_OF(p)).toBe("Kubernetes v1.36.3; control planes cloud-s1,cloud-s2,cloud-s3");
    });

    it("other control planes: rotation and the timer, no restore, no pre-change snapshot; workers none", () => {
        const p = plan(cluster(), "cloud-s2");
        expect(names(p.before)).toEqual(["kubeadm-cert-rotate.sh"]);
        expect(names(p.after)).toEqual(["kubeadm-etcd-backup.sh"]);
        expect(SNAPSHOT_REASON_OF(p)).toBe("");
        expect(plan(cluster(), "cloud-a1")).toEqual({ before: [], after: [] });
    });

    it("no day-2 fields, no steps; beforeChanges: false snapshots once, when installed", () => {
        const c = sshSpec("kubeadm").clusters[0];
        expect(plan(c, "cloud-s1")).toEqual({ before: [], after: [] });
        const once = sshSpec("kubeadm", (raw) => {
            day2Fields(raw);
            raw.clusters[0].backup.beforeChanges = false;
        }).clusters[0];
        expect(SNAPSHOT_REASON_OF(plan(once, "cloud-s1"))).toBe("installed");
    });

    it("the restored init skips only the etcd data-directory check, on the first control plane", () => {
        expect(restorePreflightIgnores(cluster(), true)).toEqual(["DirAvailable--var-lib-etcd"]);
        expect(restorePreflightIgnores(cluster(), false)).toEqual([]);
        expect(restorePreflightIgnores(sshSpec("kubeadm").clusters[0], true)).toEqual([]);
    });

    it("the plan preview shows: the copy carries the cluster's CAs", () => {
        expect(day2Plan(cluster())[0]).toBe(
            `etcd snapshots hourly on every control plane, keeping 2; cloud-s1's latest copied to ` +
                `${backups}/cloud/cloud-s1/ with its sha256 and the cluster's CAs (pki.tar); ` +
                `a snapshot before every version or control-plane change`,
        );
    });

    it("a snapshot without its pki.tar is refused, naming the field and what to put there", () => {
        const lonely = path.join(mkdtempSync(path.join(tmpdir(), "kubeadm-lonely-")), "continuum-x.db");
        writeFileSync(lonely, "bytes");
        const c = sshSpec("kubeadm", (raw) => {
            day2Fields(raw);
            raw.clusters[0].restoreFrom = lonely;
        }).clusters[0];
        expect(() => restorePkiFile(c)).toThrow(
            `clusters 'cloud' restoreFrom: no 'pki.tar' beside the snapshot ` +
                `(${path.join(path.dirname(lonely), "pki.tar")})`,
        );
    });
});

function SNAPSHOT_REASON_OF(p: ReturnType<typeof kubeadmControlPlaneDay2>): string | undefined {
    return p.after.find((s) => path.basename(s.script) === "kubeadm-etcd-backup.sh")?.params.SNAPSHOT_REASON;
}

describe("KubeadmCluster day 2", () => {
    it("the steps around kubeadm-install.sh on each node", () => {
        expect(mine("cloud-s1")).toEqual([
            "kubeadm-cert-rotate.sh",
            "kubeadm-etcd-restore.sh",
            "kubeadm-install.sh",
            "kubeadm-etcd-backup.sh",
        ]);
        expect(mine("cloud-s2")).toEqual(["kubeadm-cert-rotate.sh", "kubeadm-install.sh", "kubeadm-etcd-backup.sh"]);
        expect(mine("cloud-a1")).toEqual(["kubeadm-install.sh"]);
    });

    it("etcd's pinned archive of the node's arch goes with the restore and backup steps (control planes only)", () => {
        expect(inputOf("cloud-s1").steps["kubeadm-etcd-restore.sh"]).toMatchObject({
            ARTIFACT_SNAPSHOT: path.basename(snapshot),
            ARTIFACT_SNAPSHOT_SHA256: sha("etcd snapshot bytes"),
            ARTIFACT_PKI: "pki.tar",
            ARTIFACT_ETCD: etcdFile("amd64"),
            ARTIFACT_ETCD_SHA256: etcdPin.amd64.sha256,
        });
        expect(inputOf("cloud-s2").steps["kubeadm-etcd-backup.sh"]).toMatchObject({
            ARTIFACT_ETCD: etcdFile("arm64"),
            ARTIFACT_SNAPSHOT_SCRIPT: "kubeadm-etcd-snapshot.sh",
        });
        expect(JSON.stringify(inputOf("cloud-a1").steps)).not.toContain("ARTIFACT_ETCD");
    });

    it("the first init ignores DirAvailable--var-lib-etcd (the restored data); joins do not", () => {
        const init = parseAllDocuments(inputOf("cloud-s1").steps["kubeadm-install.sh"].KUBEADM_CONFIG)[0].toJSON();
        expect(init.nodeRegistration.ignorePreflightErrors).toEqual(["DirAvailable--var-lib-etcd"]);
        const join = parseAllDocuments(inputOf("cloud-s2").steps["kubeadm-install.sh"].KUBEADM_CONFIG)[0].toJSON();
        expect(join.nodeRegistration.ignorePreflightErrors).toBeUndefined();
    });

    it("one snapshot copy, of the first control plane, running its export from the converge's bundle", () => {
        const copies = mocks.ofType("command:local:Command").filter((c) => c.name.endsWith("-etcd-snapshot-copy"));
        expect(copies.map((c) => c.name)).toEqual(["cloud-cloud-s1-etcd-snapshot-copy"]);
        const env = envOf("cloud-cloud-s1-etcd-snapshot-copy");
        expect(env.CONTINUUM_BACKUP_DIR).toBe(path.join(backups, "cloud", "cloud-s1"));
        expect(env.CONTINUUM_BACKUP_KEEP).toBe("2");
        expect(env.CONTINUUM_BACKUP_REASON).toBe(
            kubeadmSnapshotReason("v1.36.3", ["cloud-s1", "cloud-s2", "cloud-s3"]),
        );
        expect(env.CONTINUUM_REMOTE_CONVERGE).toMatch(
            /bash \.continuum-bundle-[0-9a-f]{16}\/kubeadm-etcd-snapshot-export\.sh$/,
        );
        expect(env.CONTINUUM_BUNDLE).toBe(envOf("cloud-cloud-s1-converge").CONTINUUM_BUNDLE);
        const stdin = named("cloud-cloud-s1-etcd-snapshot-copy").inputs.stdin;
        expect(isSecretInput(stdin)).toBe(true);
        expect(parseParams(parseFleetSshStdin(plain<string>(stdin)).convergeInput)).toEqual({ NODE_NAME: "cloud-s1" });
        expect(JSON.stringify(env)).not.toContain(SECRETS.privateKey);
    });

    it("the admin kubeconfig is read again for a new rotation epoch", () => {
        const stdin = plain<string>(named("cloud-kubeconfig-run").inputs.stdin);
        expect(parseParams(parseFleetSshStdin(stdin).convergeInput)).toMatchObject({ CERT_EPOCH: "3" });
    });
});

describe("etcd's archive is a pinned artifact of kubeadm control planes with snapshots or a restore", () => {
    const issues = (mutate: (raw: Record<string, unknown>) => void) => {
        const raw = rawSshSpec("kubeadm");
        mutate(raw);
        const r = parseSpec(raw);
        return r.ok ? [] : r.issues.map(formatIssue);
    };
    it("backup without a pin: validate names artifacts.etcd; with the pin, nothing", () => {
        const out = issues((raw) => {
            (raw.clusters as Record<string, unknown>[])[0].backup = { keep: 2 };
        });
        expect(out).toEqual([
            expect.stringMatching(
                /^clusters\[0\]\.nodes\[0\]\.arch: etcd 3\.6\.8 has no published digest .* for amd64 /,
            ),
            expect.stringMatching(
                /^clusters\[0\]\.nodes\[1\]\.arch: etcd 3\.6\.8 .* set artifacts\.etcd\.arm64\.sha256/,
            ),
        ]);
        expect(
            issues((raw) => {
                (raw.clusters as Record<string, unknown>[])[0].backup = { keep: 2 };
                raw.artifacts = { etcd: etcdPin };
            }),
        ).toEqual([]);
        expect(issues(() => undefined)).toEqual([]);
    });
});
