// Sim tier: the default lab on real kube-apiservers with kwok-simulated nodes, through the real
// Pulumi CLI. `up`, check the live objects, `up` again (no changes), `destroy` (nothing left).
import * as fs from "node:fs";
import * as path from "node:path";
import ipaddr from "ipaddr.js";
import { CHART_DIR_ENV } from "../../components/network/chart-source";
import { parseSpecOrThrow } from "../../components/spec/parse";
import { readStackSpec } from "../../components/spec/stack-file";
import type { ContinuumSpec } from "../../components/spec/continuum-spec";
import { labDown, labUp, type LabUp } from "../../scripts/lab";
import { formatSummary } from "../../scripts/lab-summary";
import { daysLeft } from "../../components/day2/certificates";
import { LAB_BINARIES, labEnv, labPaths, previewChanges, pulumiOp, run } from "../../scripts/lab-stack";
import { requireToolchain } from "../../scripts/toolchain-env";

const ROOT = path.resolve(__dirname, "../..");
const STACK_FILE = path.join(ROOT, "stacks", "Pulumi.lab.yaml");
// Its own stack (and so its own state directory and ports): a lab someone has up is left alone.
const paths = labPaths(ROOT, "sim-test", STACK_FILE);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec: ContinuumSpec = parseSpecOrThrow(readStackSpec(STACK_FILE));
let env: NodeJS.ProcessEnv;
let up: LabUp;

function kubectl(context: string, ...args: string[]): Obj {
    const r = run(
        "kubectl",
        ["--kubeconfig", paths.kubeconfig, "--context", context, ...args, "-o", "json"],
        env,
        ROOT,
    );
    if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} (${context}): ${r.stderr}`);
    return JSON.parse(r.stdout) as Obj;
}
const items = (o: Obj): Obj[] => o.items as Obj[];

beforeAll(async () => {
    requireToolchain(ROOT, LAB_BINARIES);
    if (!process.env[CHART_DIR_ENV]) {
        throw new Error(
            `${CHART_DIR_ENV} is not set — point it at the directory holding ` +
                `the pinned Akri and EdgeMesh chart archives (CI: ../shared/vendor/charts), ` +
                `or the lab skips them`,
        );
    }
    env = labEnv(paths);
    await labDown(paths); // a run that was interrupted before
    up = await labUp(paths, { skipToolchain: true, skipPreview: true, quiet: true });
});

afterAll(async () => {
    if (env) await labDown(paths);
});

describe("the default lab on the sim substrate", () => {
    it("exports every cluster of the spec with an HTTPS endpoint on 127.0.0.1", () => {
        expect(Object.keys(up.outputs.clusters)).toEqual(spec.clusters.map((c) => c.name));
        for (const c of Object.values(up.outputs.clusters))
            expect(c.apiEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    });

    it("registers each spec node, Ready, with the labels, taints and capacity of its cluster", () => {
        for (const c of spec.clusters) {
            const nodes = new Map(items(kubectl(c.name, "get", "nodes")).map((n) => [n.metadata.name as string, n]));
            const expected = [
                ...c.nodes.map((n) => n.name),
                ...(spec.kubeedge?.cloudCluster === c.name ? spec.kubeedge.nodes.map((n) => n.name) : []),
            ];
            expect([...nodes.keys()].sort()).toEqual([...expected].sort());
            for (const n of c.nodes) {
                const live = nodes.get(n.name)!;
                const labels = live.metadata.labels as Record<string, string>;
                expect(labels["continuum.dev/cluster"]).toBe(c.name);
                expect(labels["continuum.dev/tier"]).toBe(c.tier);
                expect(labels["kubernetes.io/arch"]).toBe(n.arch);
                for (const r of n.runtimes) expect(labels[`runtime.continuum.dev/${r}`]).toBe("true");
                for (const [k, v] of Object.entries(n.labels)) expect(labels[k]).toBe(v);
                const control = n.roles.includes("server") || n.roles.includes("control-plane");
                if (c.distribution === "k3s")
                    expect(labels["node-role.kubernetes.io/master"]).toBe(control ? "true" : undefined);
                if (c.distribution === "kubeadm")
                    expect(labels["node-role.kubernetes.io/control-plane"]).toBe(control ? "" : undefined);
                expect(live.status.capacity.cpu).toBe(n.capacity.cpu);
                expect(live.status.capacity.memory).toBe(n.capacity.memory);
                expect(live.status.capacity.pods).toBe(String(n.capacity.pods));
                expect(live.status.nodeInfo.architecture).toBe(n.arch);
                const ready = (live.status.conditions as Obj[]).find((x) => x.type === "Ready");
                expect(ready?.status).toBe("True");
                const taints = ((live.spec.taints ?? []) as Obj[]).map((t) => `${t.key}:${t.effect}`);
                expect(taints.includes("node-role.kubernetes.io/control-plane:NoSchedule")).toBe(
                    c.distribution === "kubeadm" && control,
                );
            }
        }
    });

    it("puts the KubeEdge edge nodes into the cloud cluster with the edge role and no taints", () => {
        const ke = spec.kubeedge!;
        const nodes = items(kubectl(ke.cloudCluster, "get", "nodes", "-l", "node-role.kubernetes.io/edge"));
        expect(nodes.map((n) => n.metadata.name).sort()).toEqual(ke.nodes.map((n) => n.name).sort());
        for (const n of nodes) {
            expect(n.metadata.labels["node-role.kubernetes.io/agent"]).toBe("");
            expect(n.metadata.labels["continuum.dev/tier"]).toBe("edge");
            expect(n.spec.taints ?? []).toEqual([]);
        }
    });

    it("has a RuntimeClass selecting the nodes of every runtime a cluster's nodes carry", () => {
        for (const c of spec.clusters) {
            const rcs = items(kubectl(c.name, "get", "runtimeclasses"));
            const nodes = items(kubectl(c.name, "get", "nodes"));
            for (const runtime of new Set(c.nodes.flatMap((n) => n.runtimes))) {
                const rc = rcs.find((r) => r.scheduling?.nodeSelector?.[`runtime.continuum.dev/${runtime}`] === "true");
                expect(
                    rc
                        ? `${c.name}: ${runtime}`
                        : `${c.name}: no RuntimeClass selects runtime.continuum.dev/${runtime}=true`,
                ).toBe(`${c.name}: ${runtime}`);
                const selected = nodes.filter((n) =>
                    Object.entries(rc!.scheduling.nodeSelector as Record<string, string>).every(
                        ([k, v]) => n.metadata.labels[k] === v,
                    ),
                );
                expect(selected.map((n) => n.metadata.name).sort()).toEqual(
                    c.nodes
                        .filter((n) => n.runtimes.includes(runtime))
                        .map((n) => n.name)
                        .sort(),
                );
            }
        }
    });

    it("binds the Wasm sample pods only to nodes labelled for wasmedge", () => {
        let checked = 0;
        for (const c of spec.clusters) {
            const wasm = new Set(
                items(kubectl(c.name, "get", "runtimeclasses"))
                    .filter((r) => r.scheduling?.nodeSelector?.["runtime.continuum.dev/wasmedge"] === "true")
                    .map((r) => r.metadata.name as string),
            );
            if (wasm.size === 0) continue;
            const labels = new Map(
                items(kubectl(c.name, "get", "nodes")).map((n) => [
                    n.metadata.name as string,
                    n.metadata.labels as Record<string, string>,
                ]),
            );
            for (const pod of items(kubectl(c.name, "get", "pods", "-A")).filter((p) =>
                wasm.has(p.spec.runtimeClassName),
            )) {
                expect(pod.spec.nodeName).toBeDefined();
                expect(labels.get(pod.spec.nodeName)?.["runtime.continuum.dev/wasmedge"]).toBe("true");
                checked++;
            }
        }
        expect(checked).toBeGreaterThan(0);
    });

    it("binds each KubeEdge Device to its edge node", () => {
        const ke = spec.kubeedge!;
        const devices = items(kubectl(ke.cloudCluster, "get", "devices.devices.kubeedge.io", "-A"));
        for (const d of ke.devices) {
            const live = devices.find((x) => x.metadata.name === d.name);
            expect(live?.spec?.nodeName).toBe(d.node);
        }
    });

    it("exports each cluster's certificate expiry and the mesh CA's, and the summary lists them", () => {
        const certs = up.outputs.certificates!;
        const date = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
        expect(Object.keys(certs.clusters)).toEqual(spec.clusters.map((c) => c.name));
        for (const c of Object.values(certs.clusters))
            expect(c).toEqual({ expires: expect.stringMatching(date), warnDays: 30 });
        // The mesh CA: ten years (tls.SelfSignedCert, 87600 h = 3650 days) from this run's up.
        expect(daysLeft(certs.meshCa!.expires)).toBeGreaterThanOrEqual(3648);
        expect(daysLeft(certs.meshCa!.expires)).toBeLessThanOrEqual(3650);
        const section = formatSummary(up.outputs, up.live, paths.kubeconfig)
            .split("Certificates\n")[1]!
            .split("\n\n")[0]!;
        expect(section.split("\n").map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
            ...spec.clusters.map((c) => `cluster ${c.name}`),
            "mesh CA",
            // Simulated pods never run CloudCore, so no CA of its own: no line.
        ]);
    });

    it("installs every add-on of the stack file (nothing skipped)", () => {
        expect(up.outputs.skippedAddons ?? []).toEqual([]);
    });

    it(
        "installs Akri with one Configuration per discovery handler (udev, " +
            "ONVIF, OPC UA) and their discovery DaemonSets",
        () => {
            const c = spec.clusters.find((x) => x.akri)!;
            const configs = items(kubectl(c.name, "get", "configurations.akri.sh", "-A"));
            expect(
                configs.map((x) => `${x.metadata.name}:${x.spec.discoveryHandler.name}:${x.spec.capacity}`).sort(),
            ).toEqual(c.akri!.configurations.map((x) => `${x.name}:${x.handler}:${x.capacity}`).sort());
            expect(configs).toHaveLength(3);
            expect(new Set(configs.map((x) => x.spec.discoveryHandler.name))).toEqual(
                new Set(["udev", "onvif", "opcua"]),
            );
            const daemonSets = items(kubectl(c.name, "get", "daemonsets", "-n", "akri")).map(
                (d) => d.metadata.name as string,
            );
            for (const h of ["udev", "onvif", "opcua"]) expect(daemonSets).toContain(`akri-${h}-discovery-daemonset`);
            expect(daemonSets).toContain("akri-agent-daemonset");
            // Simulated nodes have no devices: no Instance, and the summary says so.
            expect(items(kubectl(c.name, "get", "instances.akri.sh", "-A"))).toEqual([]);
            expect(up.outputs.devices?.[c.name]?.akriConfigurations.sort()).toEqual(
                c.akri!.configurations.map((x) => x.name).sort(),
            );
        },
    );

    it(
        "installs EdgeMesh on the cloud cluster with a generated PSK (never " +
            "the chart's sample) and an agent on each edge node",
        () => {
            const ke = spec.kubeedge!;
            const ds = kubectl(ke.cloudCluster, "get", "daemonset", "edgemesh-agent", "-n", "kubeedge");
            expect(ds.spec.template.spec.containers[0].image).toBe("kubeedge/edgemesh-agent:v1.17.0");
            const psk = kubectl(ke.cloudCluster, "get", "configmap", "edgemesh-agent-psk", "-n", "kubeedge").data
                .psk as string;
            expect(Buffer.from(psk, "base64")).toHaveLength(32);
            expect(psk).not.toBe("JugH9HP1XBouyO5pWGeZa8LtipDURrf17EJvUHcJGuQ=");
            const agents = items(
                kubectl(ke.cloudCluster, "get", "pods", "-n", "kubeedge", "-l", "kubeedge=edgemesh-agent"),
            );
            const onNodes = new Set(agents.map((p) => p.spec.nodeName as string));
            for (const n of ke.nodes) expect(`${n.name}: ${onNodes.has(n.name)}`).toBe(`${n.name}: true`);
        },
    );

    it("keeps the simulated clusters' CA and admin keys readable by their owner only", () => {
        const dir = path.join(paths.stateDir, "clusters");
        for (const c of spec.clusters) {
            const files = [
                path.join(dir, c.name, "kubeconfig.yaml"),
                ...fs.readdirSync(path.join(dir, c.name, "pki")).map((f) => path.join(dir, c.name, "pki", f)),
            ];
            for (const f of files.filter((x) => fs.statSync(x).isFile())) {
                expect(`${path.relative(ROOT, f)} ${(fs.statSync(f).mode & 0o077).toString(8)}`).toBe(
                    `${path.relative(ROOT, f)} 0`,
                );
            }
        }
    });

    it("uses the spec's service CIDR for Services and its pod CIDR for pod IPs", () => {
        for (const c of spec.clusters) {
            const svc = kubectl(c.name, "get", "service", "kubernetes", "-n", "default");
            expect(ipaddr.parse(svc.spec.clusterIP as string).match(ipaddr.parseCIDR(c.network.serviceCidr))).toBe(
                true,
            );
            const ips = items(kubectl(c.name, "get", "pods", "-A"))
                .filter((p) => !p.spec.hostNetwork)
                .map((p) => p.status?.podIP as string | undefined)
                .filter((ip): ip is string => !!ip);
            expect(ips.length).toBeGreaterThan(0);
            for (const ip of ips)
                expect(
                    `${ip} in ${c.network.podCidr}: ${ipaddr.parse(ip).match(ipaddr.parseCIDR(c.network.podCidr))}`,
                ).toBe(`${ip} in ${c.network.podCidr}: true`);
        }
    });

    it("changes nothing on a second up", () => {
        expect(pulumiOp(paths, env, "up", ["--skip-preview", "--expect-no-changes"])).toBe(0);
        expect(previewChanges(paths, env)).toEqual({});
    });

    it("leaves no process, port or file behind after destroy", async () => {
        const left = await labDown(paths);
        expect(left).toEqual({ processes: [], openPorts: [], files: [] });
    });
});
