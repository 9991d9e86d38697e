/**
 * K3sCluster with every day-2 field (unit tier, Pulumi mocks): what the servers' converges and
 * the snapshot copy declare — the plan `preview` shows.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { installMocks } from "../helpers/pulumi-mocks";
import { NODE_KUBECONFIG, SECRETS, sshSpec } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: "mock-token-result" };
    if (r.type !== "command:local:Command") return {};
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { isSecretInput, plain } from "../hosts-unit/recorded";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { parseParams } from "../../components/hosts/params";
import { K3sCluster } from "../../components/clusters/k3s/k3s-cluster";

const IMAGE = `ghcr.io/kube-vip/kube-vip:v1.0.1@sha256:${"d".repeat(64)}`;
const airgap = standInAirgap();
const backups = mkdtempSync(path.join(tmpdir(), "day2-backups-"));
const snapshot = path.join(backups, "edge-a", "edge-a-s1", "continuum-pre-change-edge-a-s1-1764900000000");
const OLD_TOKEN = "K10old::server:0123456789abcdef";

beforeAll(async () => {
    mkdirSync(path.dirname(snapshot), { recursive: true });
    writeFileSync(snapshot, "etcd snapshot bytes");
    writeFileSync(path.join(path.dirname(snapshot), "token"), `${OLD_TOKEN}\n`);
    const spec = sshSpec("k3s", (raw) => {
        raw.airgap = { artifactDir: airgap.artifactDir };
        const c = raw.clusters[0];
        c.nodes[1].arch = "amd64";
        c.backup = { schedule: "hourly", keep: 2, target: backups };
        c.restoreFrom = snapshot;
        c.certificates = { rotate: 1 };
        c.apiEndpoint = { vip: "10.0.0.100", vipImage: IMAGE };
    });
    const k3s = new K3sCluster("edge-a", { spec, cluster: "edge-a" });
    await k3s.nodesDeclared;
    for (let i = 0; i < 8; i++) await mocks.settle();
});
afterAll(() => airgap.cleanup());

const named = (name: string) => {
    const r = mocks.ofType("command:local:Command").find((c) => c.name === name);
    if (!r)
        throw new Error(
            `no resource ${name}; have ${mocks
                .ofType("command:local:Command")
                .map((c) => c.name)
                .join(", ")}`,
        );
    return r;
};
const inputOf = (node: string) =>
    parseConvergeInput(parseFleetSshStdin(plain<string>(named(`edge-a-${node}-converge`).inputs.stdin)).convergeInput);
const envOf = (name: string) => plain<Record<string, string>>(named(name).inputs.environment);

describe("K3sCluster day 2", () => {
    test(
        "the first server: quorum guard, rotation and kube-vip before the " +
            "install; restore, then the snapshot timer, after it",
        () => {
            expect(inputOf("edge-a-s1").global.STEPS).toBe(
                "preflight-gate.sh k3s-etcd-quorum-guard.sh k3s-cert-rotate.sh " +
                    "k3s-kube-vip.sh k3s-install.sh k3s-etcd-restore.sh k3s-etcd-backup.sh",
            );
            expect(inputOf("edge-a-s2").global.STEPS).toBe(
                "preflight-gate.sh k3s-cert-rotate.sh k3s-kube-vip.sh k3s-install.sh k3s-etcd-backup.sh",
            );
            expect(inputOf("edge-a-a1").global.STEPS).toBe("preflight-gate.sh k3s-install.sh k3s-upgrade.sh");
            expect(inputOf("edge-a-s1").steps["k3s-etcd-quorum-guard.sh"]).toMatchObject({
                CONTROL_PLANES: "edge-a-s1,edge-a-s2,edge-a-s3",
            });
        },
    );

    test("the restore gets the snapshot as a pinned file; the cluster token is the snapshot's (secret)", () => {
        const restore = inputOf("edge-a-s1").steps["k3s-etcd-restore.sh"];
        expect(restore).toMatchObject({
            ARTIFACT_SNAPSHOT: path.basename(snapshot),
            ARTIFACT_SNAPSHOT_SHA256: createHash("sha256").update("etcd snapshot bytes").digest("hex"),
        });
        expect(inputOf("edge-a-s2").steps["k3s-install.sh"].K3S_TOKEN).toBe(OLD_TOKEN);
        expect(isSecretInput(named("edge-a-edge-a-s1-converge").inputs.stdin)).toBe(true);
        expect(mocks.recorded.some((r) => r.type === "random:index/randomPassword:RandomPassword")).toBe(false);
    });

    test("the VIP is the API endpoint and a SAN; agents join through it", () => {
        const config = parse(inputOf("edge-a-s1").steps["k3s-install.sh"].K3S_CONFIG) as Record<string, string[]>;
        expect(config["tls-san"]).toEqual(expect.arrayContaining(["10.0.0.100", "10.0.0.11"]));
        expect(inputOf("edge-a-a1").steps["k3s-install.sh"].K3S_CONFIG).toContain("server: https://10.0.0.100:6443");
        expect(inputOf("edge-a-s2").steps["k3s-kube-vip.sh"].KUBE_VIP_MANIFEST).toContain(IMAGE);
    });

    test("one snapshot copy, of the first server, after its converge, into <target>/<cluster>/<node>", () => {
        const copies = mocks.ofType("command:local:Command").filter((c) => c.name.endsWith("-etcd-snapshot-copy"));
        expect(copies.map((c) => c.name)).toEqual(["edge-a-edge-a-s1-etcd-snapshot-copy"]);
        const env = envOf("edge-a-edge-a-s1-etcd-snapshot-copy");
        expect(named("edge-a-edge-a-s1-etcd-snapshot-copy").inputs.create).toBe(
            "bash components/day2/scripts/etcd-snapshot-fetch.sh converge",
        );
        expect(named("edge-a-edge-a-s1-etcd-snapshot-copy").inputs.delete).toBeUndefined();
        expect(env.CONTINUUM_BACKUP_DIR).toBe(path.join(backups, "edge-a", "edge-a-s1"));
        expect(env.CONTINUUM_BACKUP_KEEP).toBe("2");
        expect(env.CONTINUUM_REMOTE_CONVERGE).toMatch(
            /bash \.continuum-bundle-[0-9a-f]{16}\/k3s-etcd-snapshot-export\.sh$/,
        );
        expect(env.CONTINUUM_BUNDLE).toBe(envOf("edge-a-edge-a-s1-converge").CONTINUUM_BUNDLE);
        const stdin = named("edge-a-edge-a-s1-etcd-snapshot-copy").inputs.stdin;
        expect(isSecretInput(stdin)).toBe(true);
        expect(parseParams(parseFleetSshStdin(plain<string>(stdin)).convergeInput)).toEqual({ NODE_NAME: "edge-a-s1" });
        expect(JSON.stringify(env)).not.toContain(SECRETS.privateKey);
    });

    test("servers with the same files share a bundle; the first differs (guard, restore)", () => {
        expect(envOf("edge-a-edge-a-s2-converge").CONTINUUM_BUNDLE).toBe(
            envOf("edge-a-edge-a-s3-converge").CONTINUUM_BUNDLE,
        );
        expect(envOf("edge-a-edge-a-s1-converge").CONTINUUM_BUNDLE).not.toBe(
            envOf("edge-a-edge-a-s3-converge").CONTINUUM_BUNDLE,
        );
    });
});
