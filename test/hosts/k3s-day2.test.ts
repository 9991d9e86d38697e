/**
 * Issue 23 on the hosts tier: the day-2 steps of a three-server K3s cluster, run by the real
 * `K3sCluster` through the real Pulumi engine on disposable Debian hosts — the etcd snapshot timer
 * and the on-demand snapshot, the copy of the latest snapshot to this machine with its sha256,
 * the quorum guard refusing to remove two of three servers, certificate rotation one server at a
 * time, kube-vip's manifests for an API VIP, and a restore from the copied snapshot into a new
 * cluster with `restoreFrom` (the snapshot pushed and checked, `--cluster-reset-restore-path` on
 * the first server, the old cluster's token).
 *
 * The K3s binary is the stand-in (test/hosts/fixtures/standins/k3s-standin.sh), pinned through the
 * stack's `artifacts.k3s` pin: it emulates `etcd-snapshot save|prune`, `server --cluster-reset
 * --cluster-reset-restore-path` (refusing another token, as K3s's encrypted bootstrap data does),
 * `certificate rotate` and the etcd member list, with a file standing in for etcd's data. What it
 * proves is the plumbing (units, flags, order, checksums, tokens, the guard, files on both sides),
 * not etcd itself: that is the real tier's (docs/day2.md).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { diffSnapshots, logLines, snapshot, standInCalls } from "./harness/host-state";
import { k3sSpec, prepareArtifacts, STANDIN_LOG } from "./harness/k3s-fixture";
import { errorDiagnostics, FixtureStack, stepOps } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { run } from "./harness/shell";
import { TestHostRun } from "./harness/test-hosts";
import { eventsWithoutSecretValues, secretLeaks, secretValues } from "./harness/secret-scan";

const FIXTURE = path.join(__dirname, "fixtures", "k3s-fleet");
const SERVERS = ["srv1", "srv2", "srv3"];
const VIP = "192.0.2.250";
const IMAGE = `ghcr.io/kube-vip/kube-vip:v1.0.1@sha256:${"e".repeat(64)}`;
const SNAPSHOTS = "/var/lib/rancher/k3s/server/db/snapshots";
const DATASTORE = "/var/lib/rancher/k3s/server/db/standin-datastore";

type Spec = { clusters: Record<string, unknown>[] } & Record<string, unknown>;

describe("K3s day 2 over SSH on test hosts (stand-in k3s binary)", () => {
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let firstUp: PulumiRun;
    let backups: string;
    let airgap: { fileName: string; sha256: string; airgapDir: string };
    let token: string;
    const pristine: Record<string, string[]> = {};
    const bundleDirBefore = process.env.CONTINUUM_BUNDLE_DIR;

    const specFor = (mutate: (cluster: Record<string, unknown>) => void = () => undefined): Spec => {
        const spec = k3sSpec(
            hosts,
            { nodes: SERVERS.map((name) => ({ name, role: "server" as const })) },
            airgap.airgapDir,
        ) as Spec;
        spec.artifacts = { k3s: { amd64: { fileName: airgap.fileName, sha256: airgap.sha256 } } };
        const c = spec.clusters[0];
        c.backup = { schedule: "hourly", keep: 2, target: backups };
        c.apiEndpoint = { vip: VIP, vipImage: IMAGE };
        mutate(c);
        return spec;
    };
    // The spec's secure ssh.privateKey (set by path) stays as it is.
    const setSpec = (s: FixtureStack, spec: Spec) =>
        s.updateConfig((config) => {
            const ssh = (config["continuum:spec"] as { ssh: Record<string, unknown> }).ssh;
            config["continuum:spec"] = {
                ...spec,
                ssh: { ...(spec.ssh as Record<string, unknown>), privateKey: ssh.privateKey },
            };
        });
    const copied = () => path.join(backups, "edge", "srv1");
    const copiedSnapshots = () => readdirSync(copied()).filter((f) => f.startsWith("continuum"));

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add(SERVERS.map((name) => ({ name })));
        for (const n of SERVERS) pristine[n] = await snapshot(hosts, n);
        const dir = path.join(hosts.dir, "stacks", "day2");
        process.env.CONTINUUM_BUNDLE_DIR = path.join(dir, "bundles");
        backups = path.join(dir, "backups");
        airgap = prepareArtifacts(dir);
        token = randomBytes(24).toString("hex");
        stack = new FixtureStack(FIXTURE, "day2", dir);
        await stack.init(
            { "continuum:spec": specFor(), "fixture:cluster": "edge" },
            {
                "continuum:spec.ssh.privateKey": hosts.privateKey,
                "fixture:k3sToken": token,
            },
        );
        firstUp = await stack.up();
    }, 600_000);

    afterAll(() => {
        if (bundleDirBefore === undefined) delete process.env.CONTINUUM_BUNDLE_DIR;
        else process.env.CONTINUUM_BUNDLE_DIR = bundleDirBefore;
        hosts?.destroy();
    });

    it("pulumi up succeeds", () => {
        expect(errorDiagnostics(firstUp.events)).toEqual([]);
        expect(firstUp.status).toBe(0);
    });

    it("every server has the snapshot timer on the spec's schedule, pruning to the spec's count", async () => {
        for (const n of SERVERS) {
            expect((await hosts.execOk(n, ["systemctl", "is-enabled", "continuum-etcd-snapshot.timer"])).trim()).toBe(
                "enabled",
            );
            expect((await hosts.execOk(n, ["systemctl", "is-active", "continuum-etcd-snapshot.timer"])).trim()).toBe(
                "active",
            );
            expect(await hosts.execOk(n, ["cat", "/etc/systemd/system/continuum-etcd-snapshot.timer"])).toContain(
                "OnCalendar=hourly",
            );
            const service = await hosts.execOk(n, ["cat", "/etc/systemd/system/continuum-etcd-snapshot.service"]);
            expect(service).toContain("ExecStart=/usr/local/bin/k3s etcd-snapshot save --name continuum\n");
            expect(service).toContain(
                "ExecStartPost=/usr/local/bin/k3s etcd-snapshot prune --name continuum --snapshot-retention 2",
            );
        }
    });

    it("the first server snapshots once installed (stand-in k3s); the others wait for their timer", async () => {
        expect(standInCalls(await logLines(hosts, "srv1", STANDIN_LOG))).toContain(
            "k3s etcd-snapshot save --name continuum-pre-change",
        );
        for (const n of ["srv2", "srv3"]) {
            expect(
                standInCalls(await logLines(hosts, n, STANDIN_LOG)).filter((c) => c.includes("etcd-snapshot")),
            ).toEqual([]);
        }
    });

    it(
        "copies the first server's latest snapshot here with its sha256 and " + "the server token, private, checked",
        async () => {
            const files = copiedSnapshots();
            expect(files).toHaveLength(1);
            expect(files[0]).toMatch(/^continuum-pre-change-srv1-\d+$/);
            const remote = (await hosts.execOk("srv1", ["sha256sum", `${SNAPSHOTS}/${files[0]}`])).split(/\s+/)[0];
            const sums = readFileSync(path.join(copied(), "SHA256SUMS"), "utf8");
            expect(sums).toBe(`${remote}  ${files[0]}\n`);
            const check = await run(["sha256sum", "-c", "SHA256SUMS"], { cwd: copied() });
            expect(check.status).toBe(0);
            expect(readFileSync(path.join(copied(), "token"), "utf8").trim()).toBe(
                (await hosts.execOk("srv1", ["cat", "/var/lib/rancher/k3s/server/token"])).trim(),
            );
            expect(statSync(copied()).mode & 0o777).toBe(0o700);
            for (const f of [files[0], "token"]) expect(statSync(path.join(copied(), f)).mode & 0o777).toBe(0o600);
        },
    );

    it(
        "kube-vip's manifests are in K3s's manifests directory on every server; " + "the VIP is the endpoint and a SAN",
        async () => {
            for (const n of SERVERS) {
                const manifest = await hosts.execOk(n, [
                    "cat",
                    "/var/lib/rancher/k3s/server/manifests/continuum-kube-vip.yaml",
                ]);
                expect(manifest).toContain(`image: ${IMAGE}`);
                expect(manifest).toContain(`value: ${VIP}`);
                const cfg = parse(await hosts.execOk(n, ["cat", "/etc/rancher/k3s/config.yaml"])) as Record<
                    string,
                    unknown
                >;
                expect(cfg["tls-san"]).toContain(VIP);
            }
            expect((await stack.outputs()).apiEndpoint).toBe(`https://${VIP}:6443`);
        },
    );

    it(
        "no secret of the stack appears in the state or the up's log; the " +
            "snapshot copy's output names only the file",
        async () => {
            const secrets = secretValues(await stack.exportState(true));
            expect(secrets).toContain(token);
            expect(
                secretLeaks(secrets, {
                    "stored state": await stack.exportState(),
                    "first up's events": eventsWithoutSecretValues(firstUp.events),
                }),
            ).toEqual([]);
            expect(await stack.exportState()).not.toContain(readFileSync(path.join(copied(), "token"), "utf8").trim());
        },
    );

    it("a second pulumi up changes nothing", async () => {
        const again = await stack.up(["--expect-no-changes"]);
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
    });

    it("the timer's service takes a snapshot and prunes to the spec's count (stand-in k3s)", async () => {
        for (let i = 0; i < 3; i++)
            await hosts.execOk("srv2", ["systemctl", "start", "continuum-etcd-snapshot.service"]);
        const left = (await hosts.execOk("srv2", ["ls", SNAPSHOTS])).split("\n").filter(Boolean);
        expect(left).toHaveLength(2);
        for (const f of left) expect(f).toMatch(/^continuum-srv2-\d+$/);
    });

    it("refuses removing two of three servers at once, before anything changes, naming the steps", async () => {
        // What a real cluster reports as its etcd members (the stand-in reads it).
        await hosts.execOk("srv1", ["sh", "-c", "printf 'srv1\\nsrv2\\nsrv3\\n' > /etc/k3s-standin-etcd-members"]);
        const keep = stack.config()["continuum:spec"];
        setSpec(
            stack,
            specFor((c) => {
                c.nodes = (c.nodes as { name: string }[]).filter((n) => n.name === "srv1");
                delete c.apiEndpoint;
            }),
        );
        const refused = await stack.up();
        expect(refused.status).not.toBe(0);
        expect(errorDiagnostics(refused.events).join("\n")).toContain(
            "cluster edge: removing 2 of 3 control planes at once (srv2, " +
                "srv3) leaves 1 of 3 etcd members, fewer than the 2 etcd needs for quorum " +
                "while the change runs; nothing was changed — do it in steps",
        );
        for (const n of ["srv2", "srv3"])
            expect((await hosts.execOk(n, ["systemctl", "is-active", "k3s"])).trim()).toBe("active");
        expect(
            await hosts.execOk("srv1", ["cat", "/var/lib/rancher/k3s/server/manifests/continuum-kube-vip.yaml"]),
        ).toContain(VIP);
        stack.updateConfig((config) => {
            config["continuum:spec"] = keep;
        });
        const back = await stack.up();
        expect(errorDiagnostics(back.events)).toEqual([]);
        expect(back.status).toBe(0);
    });

    it("certificates.rotate: 1 rotates each server's certificates once, with K3s stopped (stand-in k3s)", async () => {
        setSpec(
            stack,
            specFor((c) => {
                c.certificates = { rotate: 1 };
            }),
        );
        const up = await stack.up();
        expect(errorDiagnostics(up.events)).toEqual([]);
        expect(up.status).toBe(0);
        for (const n of SERVERS) {
            expect(
                standInCalls(await logLines(hosts, n, STANDIN_LOG)).filter((c) => c === "k3s certificate rotate"),
            ).toHaveLength(1);
            expect((await hosts.execOk(n, ["cat", "/var/lib/rancher/k3s/server/tls/standin-rotations"])).trim()).toBe(
                "1",
            );
            expect((await hosts.execOk(n, ["systemctl", "is-active", "k3s"])).trim()).toBe("active");
        }
        const again = await stack.up(["--expect-no-changes"]);
        expect(again.status).toBe(0);
        for (const n of SERVERS) {
            expect(
                standInCalls(await logLines(hosts, n, STANDIN_LOG)).filter((c) => c === "k3s certificate rotate"),
            ).toHaveLength(1);
        }
    });

    describe("restore into a new cluster from the copied snapshot", () => {
        let restored: FixtureStack;
        let restoredUp: PulumiRun;
        let file: string;
        let oldToken: string;

        beforeAll(async () => {
            // The data to get back (the stand-in's etcd), a scheduled snapshot of it, copied here again.
            await hosts.execOk("srv1", [
                "sh",
                "-c",
                `printf 'configmap default/demo value=before-the-loss\\n' > ${DATASTORE}`,
            ]);
            await hosts.execOk("srv1", ["systemctl", "start", "continuum-etcd-snapshot.service"]);
            const state = JSON.parse(await stack.exportState()) as { deployment: { resources: { urn: string }[] } };
            const copy = state.deployment.resources.find((r) => r.urn.endsWith("::edge-srv1-etcd-snapshot-copy"));
            if (!copy) throw new Error("no snapshot copy in the state");
            const recopy = await stack.up(["--replace", copy.urn]);
            if (recopy.status !== 0) throw new Error(`the copy failed: ${errorDiagnostics(recopy.events).join("\n")}`);
            file = copiedSnapshots()
                .filter((f) => /^continuum-srv1-/.test(f))
                .sort()
                .pop() as string;
            oldToken = readFileSync(path.join(copied(), "token"), "utf8").trim();
            // The cluster is lost: destroyed, every host as before.
            const destroyed = await stack.destroy();
            if (destroyed.status !== 0) throw new Error(`destroy failed:\n${destroyed.stderr.slice(-2000)}`);
            const dir = path.join(hosts.dir, "stacks", "restored");
            restored = new FixtureStack(FIXTURE, "restored", dir);
            // No fixture token: the cluster takes the snapshot's (the `token` file beside it).
            await restored.init(
                {
                    "continuum:spec": specFor((c) => {
                        c.restoreFrom = path.join(copied(), file);
                    }),
                    "fixture:cluster": "edge",
                },
                { "continuum:spec.ssh.privateKey": hosts.privateKey },
            );
            restoredUp = await restored.up();
        }, 600_000);

        it("destroying the cluster kept the copies here (the copy has no delete)", () => {
            expect(file).toMatch(/^continuum-srv1-\d+$/);
            expect(existsSync(path.join(copied(), file))).toBe(true);
            expect(existsSync(path.join(copied(), "token"))).toBe(true);
        });

        it(
            "brings the first server up from the snapshot, checked by sha256 " + "on the host, then the others join",
            async () => {
                expect(errorDiagnostics(restoredUp.events)).toEqual([]);
                expect(restoredUp.status).toBe(0);
                const calls = standInCalls(await logLines(hosts, "srv1", STANDIN_LOG));
                const reset = calls.filter((c) => c.startsWith("k3s server --cluster-reset"));
                expect(reset).toHaveLength(1);
                expect(reset[0]).toMatch(
                    new RegExp(
                        `^k3s server --cluster-reset ` +
                            `--cluster-reset-restore-path=/home/continuum/\\.continuum-bundle-[0-9a-f]{16}/${file}$`,
                    ),
                );
                expect((await hosts.execOk("srv1", ["cat", DATASTORE])).trim()).toBe(
                    "configmap default/demo value=before-the-loss",
                );
                const sha = readFileSync(path.join(copied(), "SHA256SUMS"), "utf8")
                    .split("\n")
                    .find((l) => l.endsWith(`  ${file}`))
                    ?.split(/\s+/)[0];
                expect((await hosts.execOk("srv1", ["cat", "/var/lib/continuum/etcd-restored"])).trim()).toBe(sha);
                for (const n of SERVERS)
                    expect((await hosts.execOk(n, ["systemctl", "is-active", "k3s"])).trim()).toBe("active");
            },
        );

        it("the new cluster's token is the old one's (K3s restores only with it)", async () => {
            expect(oldToken).toMatch(/^K10[0-9a-f]+::server:[0-9a-f]+$/);
            for (const n of SERVERS)
                expect((await hosts.execOk(n, ["cat", "/etc/rancher/k3s/continuum-token"])).trim()).toBe(oldToken);
            // The restored cluster's server token is the old one (the copy beside the snapshot is unchanged by the new
            // cluster's copy).
            expect((await hosts.execOk("srv1", ["cat", "/var/lib/rancher/k3s/server/token"])).trim()).toBe(oldToken);
            expect(readFileSync(path.join(copied(), "token"), "utf8").trim()).toBe(oldToken);
        });

        it("a second up restores nothing again and changes nothing", async () => {
            const again = await restored.up(["--expect-no-changes"]);
            expect(again.status).toBe(0);
            const calls = standInCalls(await logLines(hosts, "srv1", STANDIN_LOG));
            expect(calls.filter((c) => c.startsWith("k3s server --cluster-reset"))).toHaveLength(1);
        });

        it("destroy leaves every host as it was", async () => {
            const down = await restored.destroy();
            expect(down.status).toBe(0);
            for (const n of SERVERS) {
                await hosts.execOk(n, ["rm", "-f", "/etc/k3s-standin-etcd-members", STANDIN_LOG]);
                expect(diffSnapshots(pristine[n], await snapshot(hosts, n))).toEqual({ added: [], removed: [] });
            }
        });
    });
});
