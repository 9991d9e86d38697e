/**
 * The real tier's KubeEdge edge node (issue 22): CloudCore from the pinned chart in a real kubeadm
 * cluster (one control plane), and a real edge node joined to it with keadm — edgecore on
 * containerd 2.2.1 — every binary and image built here (`npm run toolchain -- --real`: the real
 * set and the KubeEdge set) and installed through the product's own airgap path (the stack's
 * `artifacts:` pins, `airgap.images`, `airgap.charts.cloudcore`). What these hosts need from the
 * toolkit is spec options: the cluster's `hostSystem` and `kubeedge.hostSystem.systemContainer`.
 * Asserts through the real API: the edge node Ready, CloudCore Running on the control plane, a
 * pod scheduled onto the edge node Running there (its process on the edge host); then a second
 * `up` changes nothing and `destroy` leaves the edge host as it was.
 */
import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { diffSnapshots, snapshot } from "../hosts/harness/host-state";
import { errorDiagnostics, stepOps, type FixtureStack, type PulumiRun } from "../hosts/harness/pulumi-stack";
import { run } from "../hosts/harness/shell";
import { TestHostRun } from "../hosts/harness/test-hosts";
import { installOwnCni } from "./harness/own-cni";
import { isReady, type Kubectl, type KNode, type KPod } from "./harness/kubectl";
import { findKubeEdgeSet, withKubeEdge, type KubeEdgeSet } from "./harness/kubeedge-set";
import { findRealSet, type RealSet } from "./harness/real-set";
import { firstUp as firstUpOf, printFigures } from "./harness/first-up";
import { prerequisites, realStack, type RealNode } from "./harness/real-stack";

const NODES: RealNode[] = [{ name: "cp", role: "control-plane" }];
const EDGE = "edge";
const BUSYBOX = "docker.io/library/busybox:1.35.0";
const figures: Record<string, number> = {};

const realSet = findRealSet();
const keSet = findKubeEdgeSet();
const missing = [realSet, keSet].filter((s): s is string => typeof s === "string");
const describeReal = missing.length > 0 ? describe.skip : describe;
if (missing.length > 0) {
    test("the real set and the KubeEdge set are built", () => {
        throw new Error(missing.join("\n"));
    });
}

describeReal("a real KubeEdge edge node joined to a real kubeadm cluster", () => {
    const set = realSet as RealSet;
    const ke = keSet as KubeEdgeSet;
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let kubectl: Kubectl;
    let firstUp: PulumiRun;
    let t0 = 0;
    let pristineEdge: string[] = [];

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add([
            { name: "cp", real: true },
            { name: EDGE, real: true },
        ]);
        await prerequisites(hosts, NODES);
        pristineEdge = await snapshot(hosts, EDGE);
        const dir = path.join(hosts.dir, "stacks", "kubeedge");
        mkdirSync(dir, { recursive: true });
        const built = await realStack(hosts, set, dir, NODES);
        withKubeEdge(hosts, ke, { spec: built.spec, cloudCluster: "real", edgeNodes: [EDGE] });
        t0 = Date.now();
        const up = await firstUpOf(hosts, set, "kubeedge", dir, built.spec);
        stack = up.stack;
        firstUp = up.run;
        figures.firstUp = firstUp.seconds;
        if (up.kubectl) kubectl = up.kubectl;
    }, 1_800_000);

    afterAll(() => {
        printFigures("real tier KubeEdge figures", figures);
        hosts?.destroy();
    });

    it("pulumi up of the product's program (kubeadm control plane, CloudCore, the edge node) succeeds", () => {
        expect(errorDiagnostics(firstUp.events)).toEqual([]);
        expect(firstUp.status).toBe(0);
    });

    it(
        "CloudCore runs from the pinned chart and the local image on the " + "control plane (the advertised address)",
        async () => {
            const pods = await kubectl.until("CloudCore Running", 300, async () => {
                const items = (
                    await kubectl.json<{ items: (KPod & { spec: { containers: { image: string }[] } })[] }>([
                        "-n",
                        "kubeedge",
                        "get",
                        "pods",
                        "-l",
                        "kubeedge=cloudcore",
                    ])
                ).items;
                return items.length === 1 && items[0].status.phase === "Running" ? items : undefined;
            });
            expect(pods[0].spec.nodeName).toBe("cp");
            expect(pods[0].spec.containers[0].image).toBe(`kubeedge/cloudcore:${ke.kubeedgeVersion}`);
            const ds = await kubectl.json<{ status: { numberReady: number; desiredNumberScheduled: number } }>([
                "-n",
                "kubeedge",
                "get",
                "daemonset",
                "cloud-iptables-manager",
            ]);
            expect(ds.status.numberReady).toBe(ds.status.desiredNumberScheduled);
        },
    );

    it(
        "the edge node joined with edgecore on containerd and is Ready (the " +
            "control plane too, with the user's CNI)",
        async () => {
            const podCidr = await kubectl.until("the control plane's podCIDR", 120, async () => {
                const n = await kubectl.json<KNode>(["get", "node", "cp"]);
                return n.spec.podCIDR;
            });
            await installOwnCni(hosts, { cp: podCidr });
            const edge = await kubectl.until("the edge node Ready", 300, async () => {
                const nodes = (await kubectl.json<{ items: KNode[] }>(["get", "nodes"])).items;
                const e = nodes.find((n) => n.metadata.name === EDGE);
                return nodes.length === 2 && nodes.every(isReady) && e ? e : undefined;
            });
            figures.nothingToAllReady = (Date.now() - t0) / 1000;
            expect(edge.metadata.labels?.["node-role.kubernetes.io/edge"]).toBe("");
            expect(edge.metadata.labels?.["continuum.dev/tier"]).toBe("edge");
            const info = await kubectl.json<{
                status: { nodeInfo: { containerRuntimeVersion: string; kubeletVersion: string } };
            }>(["get", "node", EDGE]);
            expect(info.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/v?2\.2\.1/);
            expect(info.status.nodeInfo.kubeletVersion).toContain(`kubeedge-${ke.kubeedgeVersion}`);
            expect((await hosts.execOk(EDGE, ["systemctl", "is-active", "edgecore"])).trim()).toBe("active");
            // The token reached edgecore through the bootstrap file only, which keadm removed after the join.
            expect((await hosts.exec(EDGE, ["test", "-e", "/etc/kubeedge/bootstrap-edgecore.conf"])).status).not.toBe(
                0,
            );
        },
    );

    it(
        "a pod scheduled onto the edge node runs there (its process on the " + "edge host, under containerd's shim)",
        async () => {
            // The workload's image is the user's to bring (the toolkit's airgap images are what it runs
            // itself): imported on the edge host as a user would, then run with imagePullPolicy Never.
            const bb = set.images.find((i) => i.ref === BUSYBOX);
            if (!bb) throw new Error(`the real set has no ${BUSYBOX} image`);
            const leader = readFileSync(path.join(hosts.host(EDGE).dir, "leader.pid"), "utf8").trim();
            const imported = await run([
                "sh",
                "-c",
                'nsenter -t "$1" -a -- /usr/local/bin/ctr -n k8s.io images import - <"$2"',
                "sh",
                leader,
                path.join(set.dir, bb.path),
            ]);
            expect(
                imported.stderr.split("\n").filter((l) => l && !/DEPRECATION: The support for cgroup v1/.test(l)),
            ).toEqual([]);
            expect(imported.status).toBe(0);
            await kubectl.ok(
                ["apply", "-f", "-"],
                JSON.stringify({
                    apiVersion: "v1",
                    kind: "Pod",
                    metadata: { name: "bb-edge", namespace: "default" },
                    spec: {
                        nodeSelector: { "node-role.kubernetes.io/edge": "" },
                        containers: [
                            {
                                name: "bb",
                                image: BUSYBOX,
                                imagePullPolicy: "Never",
                                command: ["sh", "-c", "echo hello from the edge; exec sleep 3600"],
                            },
                        ],
                    },
                }),
            );
            const pod = await kubectl.until("the edge pod Running", 240, async () => {
                const p = await kubectl.json<KPod>(["get", "pod", "bb-edge"]);
                return p.status.phase === "Running" && (p.status.containerStatuses ?? []).every((c) => c.ready)
                    ? p
                    : undefined;
            });
            expect(pod.spec.nodeName).toBe(EDGE);
            const id = (pod.status.containerStatuses?.[0]?.containerID ?? "").replace(/^containerd:\/\//, "");
            expect(id).toMatch(/^[0-9a-f]{64}$/);
            const tasks = await hosts.execOk(EDGE, ["/usr/local/bin/ctr", "-n", "k8s.io", "tasks", "ls"]);
            const pid = new RegExp(`^${id}\\s+(\\d+)\\s+RUNNING`, "m").exec(tasks)?.[1];
            expect(pid).toBeDefined();
            const ps = await hosts.execOk(EDGE, ["ps", "-o", "args=", "-p", String(pid)]);
            expect(ps.trim()).toBe("sleep 3600");
            await kubectl.ok(["delete", "pod", "bb-edge", "--wait=true", "--timeout=120s"], undefined, 150_000);
        },
    );

    it("a second pulumi up changes nothing", async () => {
        const second = await stack.up(["--expect-no-changes"]);
        figures.secondUp = second.seconds;
        expect(errorDiagnostics(second.events)).toEqual([]);
        expect(second.status).toBe(0);
        // CloudCore's token secret is a `get`: read again on every up, which changes nothing.
        const ops = stepOps(second.events);
        expect(Object.keys(ops).filter((op) => op !== "same" && op !== "read")).toEqual([]);
    });

    it("destroy leaves the edge host as it was before (keadm reset, the runtime removed)", async () => {
        const started = Date.now();
        const destroyed = await stack.destroy();
        figures.destroy = (Date.now() - started) / 1000;
        expect(errorDiagnostics(destroyed.events)).toEqual([]);
        expect(destroyed.status).toBe(0);
        expect(diffSnapshots(pristineEdge, await snapshot(hosts, EDGE))).toEqual({ added: [], removed: [] });
    });
});
