/**
 * Add-ons need the control plane (the API answering), not every node: the whole continuum of
 * stacks/Pulumi.baremetal.yaml (kubeadm cloud cluster, K3s edge cluster, Cilium, ClusterMesh,
 * runtimes) plus Akri on both clusters and KubeEdge on the cloud cluster, built under mocks with
 * the dependencies each registration carries. No add-on resource waits — directly or through what
 * it waits for — on a worker's or an agent's steps (join, converge, lifecycle, the K3s pool step),
 * so one dead node under `pulumi up --continue-on-error` blocks nothing but itself. A node's
 * runtimes come with its own converge (and its runtime label with the pool step): no add-on acts
 * on a worker's host.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { installMocks } from "../helpers/pulumi-mocks";
import { NODE_KUBECONFIG } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";
import { writeStandInAirgap } from "../helpers/airgap-stand-ins";

const mocks = installMocks((r) => {
    // kubeadm's bootstrap token is a RandomString id and a 16-character RandomPassword secret.
    if (r.type === "random:index/randomPassword:RandomPassword")
        return { result: r.name.endsWith("token-secret") ? "0123456789abcdef" : "mock-token-result" };
    if (r.type === "random:index/randomString:RandomString") return { result: "abc123" };
    if (r.type !== "command:local:Command") return {};
    if (r.name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    return { stdout: "ok" };
});

import { recordDependencies, transitiveDeps } from "../hosts-unit/dependencies";
import { Continuum } from "../../components/continuum";
import { parseSpecOrThrow } from "../../components/spec/parse";
import { readStackSpec } from "../../components/spec/stack-file";

const deps = recordDependencies();
const airgap = standInAirgap();

/** A well-formed ed25519 host key, one per seed (the stack's own are placeholders to replace). */
function hostKey(seed: string): string {
    const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(createHash("sha256").update(seed).digest())]);
    return `ssh-ed25519 ${blob.toString("base64")}`;
}

/** `secure:` values as the engine hands them to the program (decrypted; a placeholder here); host keys well-formed. */
function decrypted(v: unknown, at = "spec"): unknown {
    if (Array.isArray(v)) return v.map((x, i) => decrypted(x, `${at}[${i}]`));
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (Object.keys(o).length === 1 && typeof o.secure === "string")
            return "-----BEGIN OPENSSH PRIVATE KEY-----\nDECRYPTED\n-----END OPENSSH PRIVATE KEY-----";
        return Object.fromEntries(
            Object.entries(o).map(([k, x]) => [k, k === "hostKey" ? hostKey(at) : decrypted(x, `${at}.${k}`)]),
        );
    }
    return v;
}

type RawCluster = { name: string; akri?: unknown };
const raw = decrypted(readStackSpec(path.join(__dirname, "..", "..", "stacks", "Pulumi.baremetal.yaml"))) as {
    clusters: RawCluster[];
} & Record<string, unknown>;
raw.airgap = { artifactDir: airgap.artifactDir };
writeStandInAirgap(raw, airgap.artifactDir); // the checksum files of the stack's artifacts: pins
for (const c of raw.clusters)
    c.akri = {
        udev: { rules: ['KERNEL=="video[0-9]*"'] },
        configurations: [{ name: "cameras-usb", handler: "udev", capacity: 1 }],
    };
// CloudCore only: edge nodes over SSH need keadm, which the table does not pin yet.
raw.kubeedge = { cloudCluster: "cloud", nodes: [] };

/** The steps of one worker or agent: its join preparation and converge, its lifecycle, the pool steps over every node.
 * */
const WORKER_STEP = /^(cloud-cloud-worker-\d|edge-a-edge-a-agent-\d)-|^(cloud|edge-a)-nodes-/;
const workerOf = (resource: string) => /(cloud-worker-\d|edge-a-agent-\d)/.exec(resource)?.[1];

beforeAll(async () => {
    new Continuum("continuum", { spec: parseSpecOrThrow(raw) });
    for (let i = 0; i < 12; i++) await mocks.settle();
});
afterAll(() => airgap.cleanup());

const addOns = () =>
    mocks.recorded.filter(
        (r) =>
            r.type.startsWith("kubernetes:") ||
            r.type === "pulumi:providers:kubernetes" ||
            (r.type.startsWith("command:") && r.name.includes("-runtimes")),
    );
const workerSteps = (name: string) => [...transitiveDeps(deps, name)].filter((d) => WORKER_STEP.test(d));

describe("add-ons wait for the control plane, not for every node", () => {
    test("the fixture has what the finding is about: workers, agents, and the add-ons on both clusters", () => {
        const names = mocks.recorded.map((r) => r.name);
        for (const n of [
            "cloud-cloud-worker-1-converge",
            "cloud-cloud-worker-2-lifecycle-reconcile-run",
            "edge-a-edge-a-agent-2-converge",
            "edge-a-nodes-run",
            "cloud-nodes-run",
        ])
            expect(names).toContain(n);
        const releases = mocks.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.name);
        expect(releases).toEqual(
            expect.arrayContaining([
                "mesh-cloud",
                "mesh-edge-a",
                "cloud-akri-chart",
                "edge-a-akri-chart",
                "kubeedge-cloudcore",
            ]),
        );
        expect(
            mocks.recorded.filter((r) => r.type.startsWith("kubernetes:node.k8s.io/v1:RuntimeClass")).length,
        ).toBeGreaterThan(0);
    });

    test(
        "providers, Cilium, ClusterMesh, Akri, KubeEdge and RuntimeClasses " + "wait on no worker's or agent's step",
        () => {
            const general = addOns().filter(
                (r) => workerOf(r.name) === undefined && !r.name.includes("kata-deploy") && !r.name.includes("samples"),
            );
            expect(general.length).toBeGreaterThan(10);
            const offending = general
                .map((r) => [r.name, workerSteps(r.name)] as const)
                .filter(([, w]) => w.length > 0);
            expect(offending).toEqual([]);
        },
    );

    test(
        "the providers still wait for the control plane: init or the server's " +
            "converge, the kubeconfig fetch, its lifecycle",
        () => {
            expect([...transitiveDeps(deps, "cloud-k8s")]).toEqual(
                expect.arrayContaining([
                    "cloud-cloud-cp-1-converge",
                    "cloud-kubeconfig-run",
                    "cloud-cloud-cp-1-lifecycle-reconcile-run",
                ]),
            );
            expect([...transitiveDeps(deps, "edge-a-k8s")]).toEqual(
                expect.arrayContaining([
                    "edge-a-edge-a-server-1-converge",
                    "edge-a-kubeconfig-run",
                    "edge-a-edge-a-server-1-lifecycle-reconcile-run",
                ]),
            );
        },
    );

    test("a worker's runtimes come with its own converge: no add-on acts on a worker's host", () => {
        const runtimeWorkers = mocks
            .ofType("command:local:Command")
            .filter(
                (r) =>
                    WORKER_STEP.test(r.name) &&
                    r.name.endsWith("-converge") &&
                    JSON.stringify(r.inputs.stdin).includes("runtimes-install.sh"),
            );
        expect(runtimeWorkers.length).toBeGreaterThan(0);
        expect(
            addOns()
                .filter((r) => workerOf(r.name) !== undefined)
                .map((r) => r.name),
        ).toEqual([]);
    });
});
