/**
 * The real tier's HA proof (issue 23): a kubeadm cluster of three control planes (no workers) with
 * an API VIP on the run's LAN (`apiEndpoint.vip`: kube-vip's static pod, ARP, leader election; the
 * image the real set builds, pinned by digest in the version table), every binary and image from the
 * real set through the stack's `artifacts:` pins and `airgap.images`. The VIP is the endpoint of the
 * stack's kubeconfig, so every kubectl here goes through it. Then: the VIP holder is killed and the
 * API answers through the VIP again (failover seconds printed); the quorum guard refuses removing
 * two of three control planes at once (nothing changed); the FIRST control plane is removed in a new
 * `up` (the init role moves to the next one, its etcd member goes first, the others stay Ready);
 * destroy leaves every host as it was.
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { diffSnapshots, snapshot } from "../hosts/harness/host-state";
import { errorDiagnostics, type FixtureStack, type PulumiRun } from "../hosts/harness/pulumi-stack";
import { TestHostRun } from "../hosts/harness/test-hosts";
import { run } from "../hosts/harness/shell";
import { installOwnCni, nodePodCidrs, setPodRoutes } from "./harness/own-cni";
import { isReady, type Kubectl, type KNode } from "./harness/kubectl";
import { findRealSet, type RealSet } from "./harness/real-set";
import { firstUp as firstUpOf, printFigures } from "./harness/first-up";
import { prerequisites, realStack, type RealNode } from "./harness/real-stack";
import { VERSION_TABLE } from "../../components/version-table";

const NODES: RealNode[] = [
    { name: "cp1", role: "control-plane" },
    { name: "cp2", role: "control-plane" },
    { name: "cp3", role: "control-plane" },
];
const KUBE_VIP = VERSION_TABLE.nodeImages.kubeVip.images[0];
/** Seconds the API may take to answer through the VIP again after its holder was killed. */
const FAILOVER_LIMIT = 60;
const figures: Record<string, number> = {};

const realSet = findRealSet();
const describeReal = typeof realSet === "string" ? describe.skip : describe;
if (typeof realSet === "string") {
    test("the real set is built", () => {
        throw new Error(realSet);
    });
}

type Spec = { clusters: { nodes: { name: string }[]; apiEndpoint?: Record<string, unknown> }[] };

describeReal("kubeadm HA on real hosts: 3 control planes behind a kube-vip VIP, failover, replacing the first", () => {
    const set = realSet as RealSet;
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let kubectl: Kubectl;
    let first: PulumiRun;
    let vip = "";
    let t0 = 0;
    const pristine: Record<string, string[]> = {};
    let allNodes: Spec["clusters"][0]["nodes"] = [];

    const nodes = async (): Promise<KNode[]> => (await kubectl.json<{ items: KNode[] }>(["get", "nodes"])).items;
    const allReady = (names: string[], seconds: number) =>
        kubectl.until(`${names.join(", ")} Ready (and no other node)`, seconds, async () => {
            const items = await nodes();
            const ok =
                items.length === names.length && items.every((n) => names.includes(n.metadata.name) && isReady(n));
            return ok ? true : undefined;
        });
    /** The hosts that carry the VIP on eth0 (kube-vip adds it as a /32). */
    const holders = async (names: string[]): Promise<string[]> => {
        const out: string[] = [];
        for (const n of names) {
            if (!hosts.isRunning(n)) continue;
            const r = await hosts.exec(n, ["ip", "-o", "-4", "addr", "show", "dev", "eth0"]);
            if (r.stdout.includes(` ${vip}/`)) out.push(n);
        }
        return out;
    };
    /** The API through the VIP, with a short client timeout. */
    const apiAnswers = async (): Promise<boolean> =>
        (await kubectl.run(["--request-timeout=3s", "get", "--raw", "/readyz"], undefined, 10_000)).status === 0;
    /** etcd's member names, from one control plane's member list (its v3 JSON gateway). */
    const etcdMembers = async (on: string): Promise<string[]> => {
        const pki = "/etc/kubernetes/pki/etcd";
        const body = await hosts.execOk(on, [
            "curl",
            "-sS",
            "--fail",
            "--cacert",
            `${pki}/ca.crt`,
            "--cert",
            `${pki}/healthcheck-client.crt`,
            "--key",
            `${pki}/healthcheck-client.key`,
            "-X",
            "POST",
            "-d",
            "{}",
            "https://127.0.0.1:2379/v3/cluster/member/list",
        ]);
        const members = (JSON.parse(body) as { members: { name?: string }[] }).members;
        return members.map((m) => m.name ?? "").sort();
    };
    /** The member list once it equals `expected` (a restarted host's etcd takes a while to listen). */
    const membersBecome = (on: string, expected: string[]) =>
        kubectl.until(`etcd members ${expected.join(", ")} (listed on ${on})`, 180, async () => {
            const m = await etcdMembers(on);
            return JSON.stringify(m) === JSON.stringify(expected) ? m : undefined;
        });
    const setControlPlanes = (names: string[], withVip = true) =>
        stack.updateConfig((c) => {
            const spec = c["continuum:spec"] as Spec;
            spec.clusters[0].nodes = allNodes.filter((n) => names.includes(n.name));
            spec.clusters[0].apiEndpoint = withVip ? { vip, interface: "eth0" } : {};
        });

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add(NODES.map((n) => ({ name: n.name, real: true })));
        await prerequisites(hosts, NODES);
        for (const n of NODES) pristine[n.name] = await snapshot(hosts, n.name);
        // An unused address of the run's LAN (172.31.<octet>.0/24: the runner .1, hosts .10 + index).
        vip = `172.31.${hosts.octet}.250`;
        const dir = path.join(hosts.dir, "stacks", "ha");
        mkdirSync(dir, { recursive: true });
        const built = await realStack(hosts, set, dir, NODES);
        const spec = built.spec as Spec;
        // No vipImage: the version table's kube-vip, whose archive the real set carries.
        spec.clusters[0].apiEndpoint = { vip, interface: "eth0" };
        allNodes = spec.clusters[0].nodes;
        t0 = Date.now();
        const up = await firstUpOf(hosts, set, "real", dir, spec);
        stack = up.stack;
        first = up.run;
        figures.firstUp = first.seconds;
        if (up.kubectl) kubectl = up.kubectl;
    }, 2_400_000);

    afterAll(() => {
        printFigures("real tier HA figures", figures);
        hosts?.destroy();
    });

    it("pulumi up succeeds; the kubeconfig's endpoint is the VIP; the real set's kube-vip is the table's", () => {
        expect(errorDiagnostics(first.events)).toEqual([]);
        expect(first.status).toBe(0);
        expect(set.images.some((i) => i.ref === KUBE_VIP)).toBe(true);
        const digest = set.images.find((i) => i.ref === KUBE_VIP)?.digest;
        expect(digest).toBe(VERSION_TABLE.nodeImages.kubeVip.digests?.[KUBE_VIP]);
        expect(kubectl).toBeDefined();
    });

    it("every control plane becomes Ready, and the API answers through the VIP", async () => {
        await installOwnCni(hosts, await nodePodCidrs(kubectl, NODES.length, 300));
        await allReady(
            NODES.map((n) => n.name),
            600,
        );
        figures.nothingToAllReady = (Date.now() - t0) / 1000;
        const server = (await kubectl.ok(["config", "view", "-o", "jsonpath={.clusters[0].cluster.server}"])).trim();
        expect(server).toBe(`https://${vip}:6443`);
        expect(await apiAnswers()).toBe(true);
        // kube-vip runs on every control plane, from the pinned image.
        const pods = await kubectl.json<{ items: { spec: { nodeName: string; containers: { image: string }[] } }[] }>([
            "-n",
            "kube-system",
            "get",
            "pods",
            "-l",
            "app.kubernetes.io/name=kube-vip",
        ]);
        expect(pods.items.map((p) => p.spec.nodeName).sort()).toEqual(["cp1", "cp2", "cp3"]);
        for (const p of pods.items)
            expect(p.spec.containers[0].image).toMatch(/^ghcr\.io\/kube-vip\/kube-vip:v1\.0\.0@sha256:/);
        await membersBecome("cp1", ["cp1", "cp2", "cp3"]);
    });

    it("killing the VIP's holder: the API answers through the VIP again, from another control plane", async () => {
        const names = NODES.map((n) => n.name);
        const before = await kubectl.until("one VIP holder", 60, async () => {
            const h = await holders(names);
            return h.length === 1 ? h : undefined;
        });
        const lease = await kubectl.ok([
            "-n",
            "kube-system",
            "get",
            "lease",
            "plndr-cp-lock",
            "-o",
            "jsonpath={.spec.holderIdentity}",
        ]);
        expect(lease.trim()).toBe(before[0]);
        const victim = before[0];
        const killed = Date.now();
        await hosts.stop(victim, "kill");
        // The harness keeps a host's network namespace when its container dies, with the addresses
        // on eth0: the dead host's kernel would go on answering ARP (and refusing TCP) for the VIP,
        // which a powered-off machine does not. Take the VIP off it, as the power cut would.
        const netns = hosts.host(victim).link.netns;
        const left = await run(["ip", "-n", netns, "-o", "-4", "addr", "show", "dev", "eth0"]);
        if (left.stdout.includes(` ${vip}/`)) {
            console.log(`${victim}'s network namespace kept the VIP after the kill: removed`);
            await run(["ip", "-n", netns, "addr", "del", `${vip}/32`, "dev", "eth0"]);
        }
        let answered = false;
        while (!answered && Date.now() - killed < FAILOVER_LIMIT * 1000) {
            answered = await apiAnswers();
            if (!answered) await new Promise((r) => setTimeout(r, 500));
        }
        figures.failover = (Date.now() - killed) / 1000;
        console.log(`the API answered through the VIP ${figures.failover.toFixed(1)} s after ${victim} was killed`);
        expect(answered).toBe(true);
        const after = await holders(names.filter((n) => n !== victim));
        expect(after).toHaveLength(1);
        expect(after[0]).not.toBe(victim);
        // The killed host comes back (its disk kept): Ready again, with its pod routes.
        await hosts.start(victim);
        await allReady(names, 600);
        const podCidrs = Object.fromEntries((await nodes()).map((n) => [n.metadata.name, n.spec.podCIDR as string]));
        await setPodRoutes(hosts, podCidrs);
    });

    it("the quorum guard refuses removing two of three control planes at once, and nothing changes", async () => {
        // One control plane cannot keep a VIP (a spec rule), so this spec drops it too: the guard, the
        // first step of cp1's converge, stops the up before anything of either change runs.
        setControlPlanes(["cp1"], false);
        const refused = await stack.up();
        expect(refused.status).not.toBe(0);
        const text = errorDiagnostics(refused.events).join("\n");
        expect(text).toContain("removing 2 of 3 control planes at once (cp2, cp3)");
        expect(text).toContain("do it in steps");
        await allReady(
            NODES.map((n) => n.name),
            120,
        );
        await membersBecome("cp1", ["cp1", "cp2", "cp3"]);
        expect(await apiAnswers()).toBe(true);
        expect(await holders(NODES.map((n) => n.name))).toHaveLength(1);
    });

    it("removing the FIRST control plane: its etcd member goes, the init role moves, the rest stay Ready", async () => {
        setControlPlanes(["cp2", "cp3"]);
        const replace = await stack.up();
        figures.removeFirst = replace.seconds;
        expect(errorDiagnostics(replace.events)).toEqual([]);
        expect(replace.status).toBe(0);
        await allReady(["cp2", "cp3"], 300);
        await membersBecome("cp2", ["cp2", "cp3"]);
        expect(await apiAnswers()).toBe(true);
        // cp1 is wiped (kubeadm reset and every file continuum put there).
        expect(diffSnapshots(pristine.cp1, await snapshot(hosts, "cp1"))).toEqual({ added: [], removed: [] });
        const h = await holders(["cp2", "cp3"]);
        expect(h).toHaveLength(1);
    });

    it("destroy leaves every host as it was before", async () => {
        const d = await stack.destroy();
        figures.destroy = d.seconds;
        expect(errorDiagnostics(d.events)).toEqual([]);
        expect(d.status).toBe(0);
        for (const n of NODES) {
            expect({ host: n.name, ...diffSnapshots(pristine[n.name], await snapshot(hosts, n.name)) }).toEqual({
                host: n.name,
                added: [],
                removed: [],
            });
        }
    });
});
