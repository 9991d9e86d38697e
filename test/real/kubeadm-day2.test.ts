/**
 * The real tier for kubeadm's day 2 (issue 23, docs/day2.md): one control plane with real etcd,
 * kubelet and containerd, brought up by the product's program with `backup:`. A ConfigMap is
 * written, a snapshot taken and copied here (sha256 checked, 0600, with the cluster's CAs in
 * `pki.tar`); `certificates.rotate` renews the certificates (the API server's notAfter moves,
 * read on the host with openssl; the stack's expiry output moves with the admin kubeconfig read
 * again); no secret in the state or the logs; the cluster is destroyed; a new stack with
 * `restoreFrom:` brings it back from the copy — the ConfigMap is there, the Node Ready.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { diffSnapshots, snapshot } from "../hosts/harness/host-state";
import { errorDiagnostics, stepOps, type FixtureStack, type PulumiRun } from "../hosts/harness/pulumi-stack";
import { eventsWithoutSecretValues, secretLeaks, secretValues } from "../hosts/harness/secret-scan";
import { TestHostRun } from "../hosts/harness/test-hosts";
import { ownCniUntilReady } from "./harness/own-cni";
import type { Kubectl } from "./harness/kubectl";
import { findRealSet, realFile, type RealSet } from "./harness/real-set";
import { firstUp, printFigures } from "./harness/first-up";
import { prerequisites, realStack, type RealNode } from "./harness/real-stack";

const NODES: RealNode[] = [{ name: "cp", role: "control-plane" }];
const figures: Record<string, number> = {};
type Spec = { clusters: Record<string, unknown>[]; artifacts: Record<string, unknown> } & Record<string, unknown>;

const realSet = findRealSet();
const describeReal = typeof realSet === "string" ? describe.skip : describe;
if (typeof realSet === "string") {
    test("the real set is built", () => {
        throw new Error(realSet);
    });
}

/** The stack's spec for the real hosts, with etcd's archive from the real set pinned (artifacts.etcd). */
async function daySpec(hosts: TestHostRun, set: RealSet, dir: string): Promise<Spec> {
    const spec = (await realStack(hosts, set, dir, NODES)).spec as Spec;
    const etcd = realFile(set, "archives", "etcd");
    const fileName = path.basename(etcd.path);
    const artifactDir = (spec.airgap as { artifactDir: string }).artifactDir;
    if (!existsSync(path.join(artifactDir, fileName))) copyFileSync(etcd.abs, path.join(artifactDir, fileName));
    spec.artifacts.etcd = { amd64: { fileName, sha256: etcd.sha256 } };
    return spec;
}

/** Every node Ready with the user's own CNI (the pod network kubeadm leaves to the user). */
async function allReady(hosts: TestHostRun, kubectl: Kubectl): Promise<void> {
    await ownCniUntilReady(hosts, kubectl, NODES.length, { podCidr: 180, ready: 300 });
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describeReal("kubeadm day 2 on real hosts: snapshot, copy, certificate renewal, destroy, restore", () => {
    const set = realSet as RealSet;
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let kubectl: Kubectl;
    let up: PulumiRun;
    let backups = "";
    let spec: Spec;
    let pristine: string[] = [];
    const t0 = Date.now();
    const copyDir = () => path.join(backups, "real", "cp");
    const snapshots = () =>
        readdirSync(copyDir())
            .filter((f) => f.startsWith("continuum"))
            .sort((a, b) => statSync(path.join(copyDir(), a)).mtimeMs - statSync(path.join(copyDir(), b)).mtimeMs);
    const notAfter = async () =>
        (
            await hosts.execOk("cp", [
                "openssl",
                "x509",
                "-enddate",
                "-noout",
                "-in",
                "/etc/kubernetes/pki/apiserver.crt",
            ])
        )
            .trim()
            .replace(/^notAfter=/, "");
    const expiry = async (s: FixtureStack) =>
        ((await s.outputs()).clusters as Record<string, { certificates: { expires: string } }>).real.certificates
            .expires;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add(NODES.map((n) => ({ name: n.name, real: true })));
        await prerequisites(hosts, NODES);
        pristine = await snapshot(hosts, "cp");
        backups = path.join(hosts.dir, "backups");
        const dir = path.join(hosts.dir, "stacks", "day2");
        mkdirSync(dir, { recursive: true });
        spec = await daySpec(hosts, set, dir);
        spec.clusters[0].backup = { schedule: "hourly", keep: 3, target: backups };
        const first = await firstUp(hosts, set, "day2", dir, spec);
        stack = first.stack;
        up = first.run;
        figures.firstUp = up.seconds;
        if (first.kubectl) kubectl = first.kubectl;
    }, 1_800_000);

    afterAll(() => {
        figures.wall = (Date.now() - t0) / 1000;
        printFigures("kubeadm day-2 real tier figures", figures);
        hosts?.destroy();
    });

    it("up with backup: succeeds, the node becomes Ready, the snapshot timer runs on the control plane", async () => {
        expect(errorDiagnostics(up.events)).toEqual([]);
        expect(up.status).toBe(0);
        await allReady(hosts, kubectl);
        expect((await hosts.execOk("cp", ["systemctl", "is-active", "continuum-etcd-snapshot.timer"])).trim()).toBe(
            "active",
        );
        expect(await hosts.execOk("cp", ["/usr/local/bin/etcdctl", "version"])).toContain("etcdctl version: 3.6.8");
        // The snapshot taken when installed was copied here at once.
        expect(snapshots().length).toBeGreaterThanOrEqual(1);
    });

    it("a ConfigMap, a snapshot on the node, the copy here: sha256 checked, pki.tar beside it, 0600/0700", async () => {
        await kubectl.ok(["create", "configmap", "day2-proof", "--from-literal=written=before-the-snapshot"]);
        await hosts.execOk("cp", ["systemctl", "start", "continuum-etcd-snapshot.service"]);
        const before = snapshots();
        const state = JSON.parse(await stack.exportState()) as { deployment: { resources: { urn: string }[] } };
        const copy = state.deployment.resources.find((r) => r.urn.endsWith("-etcd-snapshot-copy"));
        expect(copy).toBeDefined();
        const again = await stack.up(["--replace", (copy as { urn: string }).urn]);
        figures.snapshotCopy = again.seconds;
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        const after = snapshots();
        expect(after.length).toBeGreaterThan(0);
        const latest = after[after.length - 1];
        expect(before).not.toContain(latest);
        expect(statSync(copyDir()).mode & 0o777).toBe(0o700);
        for (const f of [latest, "pki.tar"]) expect(statSync(path.join(copyDir(), f)).mode & 0o777).toBe(0o600);
        execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: copyDir() });
        const onNode = (await hosts.execOk("cp", ["sha256sum", `/var/lib/continuum/etcd-snapshots/${latest}`])).split(
            /\s+/,
        )[0];
        expect(sha256(path.join(copyDir(), latest))).toBe(onNode);
        const pki = execFileSync("tar", ["-tf", path.join(copyDir(), "pki.tar")], { encoding: "utf8" }).split("\n");
        expect(pki).toEqual(
            expect.arrayContaining(["ca.key", "sa.key", "sa.pub", "front-proxy-ca.key", "etcd/ca.key"]),
        );
    });

    it("certificates.rotate renews them: the API server's notAfter moves, so does the expiry output", async () => {
        const [certBefore, outputBefore] = [await notAfter(), await expiry(stack)];
        await new Promise((r) => setTimeout(r, 2000));
        stack.updateConfig((c) => {
            const s = c["continuum:spec"] as Spec;
            s.clusters[0].certificates = { rotate: 1 };
        });
        const rotate = await stack.up();
        figures.rotate = rotate.seconds;
        expect(errorDiagnostics(rotate.events)).toEqual([]);
        expect(rotate.status).toBe(0);
        const certAfter = await notAfter();
        expect(Date.parse(certAfter)).toBeGreaterThan(Date.parse(certBefore));
        expect(Date.parse(await expiry(stack))).toBeGreaterThan(Date.parse(outputBefore));
        expect(await kubectl.ok(["get", "configmap", "day2-proof", "-o", "jsonpath={.data.written}"])).toBe(
            "before-the-snapshot",
        );
    });

    it("no secret of the stack, and none of the copied CA keys, is in the state or the ups' logs", async () => {
        const secrets = secretValues(await stack.exportState(true));
        const plainState = await stack.exportState();
        expect(
            secretLeaks(secrets, { "stored state": plainState, "first up": eventsWithoutSecretValues(up.events) }),
        ).toEqual([]);
        const caKey = execFileSync("tar", ["-xOf", path.join(copyDir(), "pki.tar"), "ca.key"], { encoding: "utf8" });
        const keyBody = caKey.split("\n")[1];
        expect(keyBody.length).toBeGreaterThan(40);
        expect(plainState).not.toContain(keyBody);
        expect(JSON.stringify(up.events)).not.toContain(keyBody);
    });

    it("destroy, then a new stack with restoreFrom: the ConfigMap is back and the Node Ready", async () => {
        const d = await stack.destroy();
        figures.destroy = d.seconds;
        expect(errorDiagnostics(d.events)).toEqual([]);
        expect(d.status).toBe(0);
        const latest = snapshots()[snapshots().length - 1];
        const dir = path.join(hosts.dir, "stacks", "restored");
        mkdirSync(dir, { recursive: true });
        const restoredSpec = await daySpec(hosts, set, dir);
        restoredSpec.clusters[0].restoreFrom = path.join(copyDir(), latest);
        const t = Date.now();
        const restored = await firstUp(hosts, set, "restored", dir, restoredSpec);
        figures.restoreUp = restored.run.seconds;
        expect(errorDiagnostics(restored.run.events)).toEqual([]);
        expect(restored.run.status).toBe(0);
        stack = restored.stack;
        kubectl = restored.kubectl as Kubectl;
        expect(await kubectl.ok(["get", "configmap", "day2-proof", "-o", "jsonpath={.data.written}"])).toBe(
            "before-the-snapshot",
        );
        await allReady(hosts, kubectl);
        figures.restoreToReady = (Date.now() - t) / 1000;
        expect((await hosts.execOk("cp", ["cat", "/var/lib/continuum/etcd-restored"])).trim()).toBe(
            sha256(path.join(copyDir(), latest)),
        );
        // One etcd member: this node, under its own name.
        const members = await hosts.execOk("cp", [
            "/usr/local/bin/etcdctl",
            "--endpoints=https://127.0.0.1:2379",
            "--cacert=/etc/kubernetes/pki/etcd/ca.crt",
            "--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt",
            "--key=/etc/kubernetes/pki/etcd/healthcheck-client.key",
            "member",
            "list",
        ]);
        expect(members.trim().split("\n")).toHaveLength(1);
        expect(members).toContain(", cp, https://");
    });

    it("second up with restoreFrom: no change; destroy leaves the host as it was but for its snapshots", async () => {
        const again = await stack.up(["--expect-no-changes"]);
        figures.secondUp = again.seconds;
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
        const d = await stack.destroy();
        expect(d.status).toBe(0);
        // The node's own snapshots stay (they are what a restore needs); nothing else is left.
        const kept = /^file \/var\/lib\/continuum(\/etcd-snapshots(\/continuum[^ ]*)?)? /;
        const diff = diffSnapshots(pristine, await snapshot(hosts, "cp"));
        expect(diff.removed).toEqual([]);
        expect(diff.added.filter((l) => !kept.test(l))).toEqual([]);
        expect(
            diff.added.filter((l) => l.startsWith("file /var/lib/continuum/etcd-snapshots/")).length,
        ).toBeGreaterThan(0);
    });
});
