/**
 * The real tier (issue 22): a kubeadm cluster — one control plane, two workers — on test hosts
 * running real kubelets, containerd 2.2.1, runc and crun, every binary and image built here
 * (`npm run toolchain -- --real`) and installed by the toolkit's own airgap path (the stack's
 * `artifacts:` pins and `airgap.images`). The product's own program (index.ts) runs unchanged;
 * what these hosts need from it is the spec's `hostSystem` (cgroup v1, system containers), and
 * the CNI is the user's own (`network.cni: none`: bridge + host-local, host-gw routes; see
 * harness/own-cni.ts). A fourth host is booted for the KubeEdge edge node (docs/real-tier.md).
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { diffSnapshots, snapshot } from "../hosts/harness/host-state";
import { errorDiagnostics, stepOps, type FixtureStack, type PulumiRun } from "../hosts/harness/pulumi-stack";
import { TestHostRun } from "../hosts/harness/test-hosts";
import { ownCniUntilReady, setPodRoutes } from "./harness/own-cni";
import type { Kubectl, KNode, KPod } from "./harness/kubectl";
import { findRealSet, type RealSet } from "./harness/real-set";
import { firstUp as firstUpOf, printFigures } from "./harness/first-up";
import { importWorkloadImage, prerequisites, realStack, type RealNode } from "./harness/real-stack";
import { picture, podReady } from "./harness/pod-ready";

const NODES: RealNode[] = [
    { name: "cp", role: "control-plane" },
    { name: "w1", role: "worker" },
    { name: "w2", role: "worker", runtimes: ["crun"] },
];
const WORKERS = ["w1", "w2"];
const BUSYBOX = "docker.io/library/busybox:1.35.0";
/** Figures (seconds) printed at the end. */
const figures: Record<string, number> = {};

const realSet = findRealSet();
const describeReal = typeof realSet === "string" ? describe.skip : describe;
if (typeof realSet === "string") {
    // Not silently green: the tier says what it needs (npm run test:real fails in .ci/run before this).
    test("the real set is built", () => {
        throw new Error(realSet);
    });
}

describeReal(
    "a real kubeadm cluster on test hosts (1 control plane, 2 workers; runc " +
        "and crun; a 4th host booted for the KubeEdge edge node, docs/real-tier.md)",
    () => {
        const set = realSet as RealSet;
        let hosts: TestHostRun;
        let stack: FixtureStack;
        let kubectl: Kubectl;
        let firstUp: PulumiRun;
        let t0 = 0;
        const pristine: Record<string, string[]> = {};
        let crunSha256 = "";

        beforeAll(async () => {
            hosts = await TestHostRun.create();
            await hosts.add([...NODES.map((n) => ({ name: n.name, real: true })), { name: "edge", real: true }]);
            await prerequisites(hosts, NODES);
            for (const n of NODES) pristine[n.name] = await snapshot(hosts, n.name);
            const dir = path.join(hosts.dir, "stacks", "real");
            mkdirSync(dir, { recursive: true });
            const built = await realStack(hosts, set, dir, NODES);
            crunSha256 = built.crunSha256;
            t0 = Date.now();
            const up = await firstUpOf(hosts, set, "real", dir, built.spec);
            stack = up.stack;
            firstUp = up.run;
            figures.firstUp = firstUp.seconds;
            if (up.kubectl) kubectl = up.kubectl;
        }, 1_800_000);

        afterAll(() => {
            printFigures("real tier figures", figures);
            hosts?.destroy();
        });

        it("pulumi up of the product's program succeeds", () => {
            expect(errorDiagnostics(firstUp.events)).toEqual([]);
            expect(firstUp.status).toBe(0);
        });

        it("with the user's own CNI (bridge + host-local, host-gw routes), every node becomes Ready", async () => {
            await ownCniUntilReady(hosts, kubectl, NODES.length, { podCidr: 120, ready: 300 });
            figures.nothingToAllReady = (Date.now() - t0) / 1000;
        });

        it(
            "every kube-system pod is Running (etcd, API server, controller " +
                "manager, scheduler, kube-proxy, CoreDNS)",
            async () => {
                const pods = await kubectl.until("kube-system pods Running and ready", 300, async () => {
                    const items = (await kubectl.json<{ items: KPod[] }>(["-n", "kube-system", "get", "pods"])).items;
                    const ok =
                        items.length > 0 &&
                        items.every(
                            (p) =>
                                p.status.phase === "Running" &&
                                (p.status.containerStatuses ?? []).every((c) => c.ready),
                        );
                    return ok ? items : undefined;
                });
                const names = pods.map((p) => p.metadata.name);
                for (const prefix of [
                    "etcd-cp",
                    "kube-apiserver-cp",
                    "kube-controller-manager-cp",
                    "kube-scheduler-cp",
                    "kube-proxy-",
                    "coredns-",
                ]) {
                    expect(names.some((n) => n.startsWith(prefix))).toBe(true);
                }
                expect(names.filter((n) => n.startsWith("kube-proxy-"))).toHaveLength(NODES.length);
            },
        );

        it("a busybox pod on each worker runs (runc): kubectl logs shows its output, kubectl exec works", async () => {
            const busybox = set.images.find((i) => i.ref === BUSYBOX);
            if (!busybox)
                throw new Error(`the real set has no ${BUSYBOX} image — rebuild it (npm run toolchain -- --real)`);
            for (const w of WORKERS) importWorkloadImage(hosts, w, path.join(set.dir, busybox.path));
            for (const w of WORKERS) {
                await kubectl.ok(
                    ["apply", "-f", "-"],
                    JSON.stringify({
                        apiVersion: "v1",
                        kind: "Pod",
                        metadata: { name: `bb-${w}`, namespace: "default", labels: { app: `bb-${w}` } },
                        spec: {
                            nodeName: w,
                            containers: [
                                {
                                    name: "bb",
                                    image: BUSYBOX,
                                    imagePullPolicy: "Never",
                                    command: [
                                        "sh",
                                        "-c",
                                        `echo hello from ${w}; mkdir -p ` +
                                            `/www; echo served by ${w} > ` +
                                            `/www/index.html; exec httpd -f -p 8080 -h /www`,
                                    ],
                                },
                            ],
                        },
                    }),
                );
            }
            for (const w of WORKERS) {
                await podReady(kubectl, hosts, `bb-${w}`, w, 180);
                expect(await kubectl.ok(["logs", `bb-${w}`])).toContain(`hello from ${w}`);
                expect((await kubectl.ok(["exec", `bb-${w}`, "--", "cat", "/www/index.html"])).trim()).toBe(
                    `served by ${w}`,
                );
            }
        });

        it("a runtimeClassName: crun pod runs on the crun worker, and crun started it", async () => {
            const rc = await kubectl.json<{ handler: string; scheduling?: { nodeSelector?: Record<string, string> } }>([
                "get",
                "runtimeclass",
                "crun",
            ]);
            expect(rc.handler).toBe("crun");
            await kubectl.ok(
                ["apply", "-f", "-"],
                JSON.stringify({
                    apiVersion: "v1",
                    kind: "Pod",
                    metadata: { name: "bb-crun", namespace: "default" },
                    spec: {
                        runtimeClassName: "crun",
                        containers: [
                            {
                                name: "bb",
                                image: BUSYBOX,
                                imagePullPolicy: "Never",
                                command: ["sh", "-c", "echo hello from crun; exec sleep 3600"],
                            },
                        ],
                    },
                }),
            );
            await podReady(kubectl, hosts, "bb-crun", "w2", 180);
            const pod = await kubectl.json<KPod>(["get", "pod", "bb-crun"]);
            expect(pod.spec.nodeName).toBe("w2");
            expect(await kubectl.ok(["logs", "bb-crun"])).toContain("hello from crun");
            // The binary containerd runs for the handler is the pinned one; crun's own state lists the
            // container, and the host's process table has its process (sleep) as a child of the shim.
            const id = (pod.status.containerStatuses?.[0]?.containerID ?? "").replace(/^containerd:\/\//, "");
            expect(id).toMatch(/^[0-9a-f]{64}$/);
            const crunList = await hosts.execOk("w2", [
                "sh",
                "-c",
                "for b in /usr/local/bin/crun /usr/bin/crun; do [ -x $b " +
                    "] && exec $b --root /run/containerd/runc/k8s.io list; done",
            ]);
            expect(crunList).toContain(id);
            const state = JSON.parse(
                await hosts.execOk("w2", [
                    "sh",
                    "-c",
                    `for b in /usr/local/bin/crun /usr/bin/crun; do [ -x ` +
                        `$b ] && exec $b --root /run/containerd/runc/k8s.io state ${id}; done`,
                ]),
            ) as { pid: number; status: string };
            expect(state.status).toBe("running");
            const ps = await hosts.execOk("w2", ["ps", "-o", "pid=,ppid=,args=", "-p", String(state.pid)]);
            expect(ps).toMatch(/sleep 3600/);
            const shim = await hosts.execOk("w2", ["ps", "-o", "args=", "-p", ps.trim().split(/\s+/)[1]]);
            expect(shim).toMatch(/containerd-shim-runc-v2/);
            const pinned = (await hosts.execOk("w2", ["sh", "-c", "sha256sum $(command -v crun)"])).split(/\s+/)[0];
            expect(pinned).toBe(crunSha256);
        });

        it("a Service is reachable from a pod on another node (kube-proxy, pod-to-pod across hosts)", async () => {
            const target = await kubectl.json<KPod>(["get", "pod", "bb-w1"]);
            await kubectl.ok(["expose", "pod", "bb-w1", "--name", "web-w1", "--port", "80", "--target-port", "8080"]);
            const ip = (await kubectl.ok(["get", "service", "web-w1", "-o", "jsonpath={.spec.clusterIP}"])).trim();
            // busybox's nc speaks the HTTP request (its wget segfaults in this image: Debian's busybox-static 1.35).
            const fetch = (host: string, port: number) =>
                kubectl
                    .until(`http://${host}:${port}/ from bb-w2`, 120, async () => {
                        const r = await kubectl.run([
                            "exec",
                            "bb-w2",
                            "--",
                            "sh",
                            "-c",
                            `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${host} ${port}`,
                        ]);
                        const body = r.stdout.trim().split("\n").pop()?.trim();
                        return r.status === 0 && body ? body : undefined;
                    })
                    .catch(async (e: Error) => {
                        // What the datapath looked like, for the failure message.
                        const w2 = await hosts.exec("w2", [
                            "sh",
                            "-c",
                            "ip route; iptables-save -t nat | grep -c KUBE-SVC; iptables -S FORWARD | head -5",
                        ]);
                        const proxy = await kubectl.run([
                            "-n",
                            "kube-system",
                            "logs",
                            "-l",
                            "k8s-app=kube-proxy",
                            "--tail",
                            "8",
                        ]);
                        const endpoints = await kubectl.run(["get", "endpointslices", "-o", "wide"]);
                        const seen = await picture(kubectl, hosts, "bb-w2", "w2");
                        throw new Error(
                            `${e.message}\n--- w2:\n${w2.stdout}${w2.stderr}\n--- ` +
                                `kube-proxy:\n${proxy.stdout}${proxy.stderr}\n--- endpoint slices:\n` +
                                `${endpoints.stdout}${endpoints.stderr}\n${seen}`,
                        );
                    });
            // Pod to pod across hosts (the host-gw routes), then through the Service (kube-proxy).
            expect(await fetch(target.status.podIP as string, 8080)).toBe("served by w1");
            expect(await fetch(ip, 80)).toBe("served by w1");
        });

        it("a second up changes nothing", async () => {
            const again = await stack.up(["--expect-no-changes"]);
            figures.secondUp = again.seconds;
            expect(errorDiagnostics(again.events)).toEqual([]);
            expect(again.status).toBe(0);
            expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
        });

        it(
            "removing a worker from the spec drains it, deletes it from the " +
                "API and uninstalls it (the host as before)",
            async () => {
                stack.updateConfig((c) => {
                    const spec = c["continuum:spec"] as { clusters: { nodes: { name: string }[] }[] };
                    spec.clusters[0].nodes = spec.clusters[0].nodes.filter((n) => n.name !== "w1");
                });
                const removal = await stack.up();
                figures.workerRemoval = removal.seconds;
                expect(errorDiagnostics(removal.events)).toEqual([]);
                expect(removal.status).toBe(0);
                const r = await kubectl.run(["get", "node", "w1"]);
                expect(r.stderr).toMatch(/NotFound/);
                expect((await kubectl.run(["get", "pod", "bb-w1"])).stderr).toMatch(/NotFound/);
                expect(diffSnapshots(pristine.w1, await snapshot(hosts, "w1"))).toEqual({ added: [], removed: [] });
                // The other nodes keep their pod routes without w1's range.
                const left = Object.fromEntries(
                    (await kubectl.json<{ items: KNode[] }>(["get", "nodes"])).items.map((n) => [
                        n.metadata.name,
                        n.spec.podCIDR as string,
                    ]),
                );
                await setPodRoutes(hosts, left);
            },
        );

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
    },
);
