import { edgeWorkloadLimits, privilegedPodsSystemNamespaces } from "../../policies/edge";
import { k8sProvider, runResourcePolicy } from "./harness";

const limits = { limits: { cpu: "200m", memory: "128Mi" } };

function deployment(podSpec: Record<string, unknown>, namespace = "apps") {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name: "sensor-reader",
        props: { metadata: { name: "sensor-reader", namespace }, spec: { template: { spec: podSpec } } },
    };
}

const onEdge = { nodeSelector: { "node-role.kubernetes.io/edge": "" } };

describe("edge-workload-limits", () => {
    it("accepts an edge workload whose containers set CPU and memory limits", async () => {
        const spec = {
            ...onEdge,
            initContainers: [{ name: "init", image: "a:1", resources: limits }],
            containers: [{ name: "app", image: "a:1", resources: limits }],
        };
        expect(await runResourcePolicy(edgeWorkloadLimits, deployment(spec))).toEqual([]);
    });

    it("flags an edge workload without limits, per container and per missing limit", async () => {
        const spec = {
            ...onEdge,
            containers: [
                { name: "app", image: "a:1" },
                { name: "side", image: "b:1", resources: { limits: { cpu: "1" } } },
            ],
        };
        expect(await runResourcePolicy(edgeWorkloadLimits, deployment(spec))).toEqual([
            "Deployment 'sensor-reader' runs on edge nodes (it selects nodes " +
                "with node-role.kubernetes.io/edge) but containers[0] (app) sets no cpu or " +
                "memory limit: set resources.limits.",
            "Deployment 'sensor-reader' runs on edge nodes (it selects nodes " +
                "with node-role.kubernetes.io/edge) but containers[1] (side) sets no memory " +
                "limit: set resources.limits.",
        ]);
    });

    it("recognises edge placement by required node affinity and by the tier label", async () => {
        const affinity = {
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [
                            { matchExpressions: [{ key: "node-role.kubernetes.io/edge", operator: "Exists" }] },
                        ],
                    },
                },
            },
        };
        expect(
            await runResourcePolicy(edgeWorkloadLimits, deployment({ ...affinity, containers: [{ name: "a" }] })),
        ).toHaveLength(1);
        expect(
            await runResourcePolicy(
                edgeWorkloadLimits,
                deployment({ nodeSelector: { "continuum.dev/tier": "edge" }, containers: [{ name: "a" }] }),
            ),
        ).toHaveLength(1);
        expect(
            await runResourcePolicy(
                edgeWorkloadLimits,
                deployment({ nodeSelector: { "continuum.dev/tier": "cloud" }, containers: [{ name: "a" }] }),
            ),
        ).toEqual([]);
    });

    it("does not count a workload that only keeps off edge nodes, or may land anywhere", async () => {
        const offEdge = {
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [
                            { matchExpressions: [{ key: "node-role.kubernetes.io/edge", operator: "DoesNotExist" }] },
                        ],
                    },
                },
            },
        };
        expect(
            await runResourcePolicy(edgeWorkloadLimits, deployment({ ...offEdge, containers: [{ name: "a" }] })),
        ).toEqual([]);
        expect(await runResourcePolicy(edgeWorkloadLimits, deployment({ containers: [{ name: "a" }] }))).toEqual([]);
    });

    it("treats every workload of a cluster the config names as edge", async () => {
        const r = { ...deployment({ containers: [{ name: "a" }] }), provider: k8sProvider("edge-a-sim") };
        expect(await runResourcePolicy(edgeWorkloadLimits, r)).toEqual([]);
        expect(await runResourcePolicy(edgeWorkloadLimits, r, { edgeProviderPatterns: ["^edge-"] })).toEqual([
            expect.stringContaining("its cluster's provider 'edge-a-sim' is an edge cluster"),
        ]);
    });
});

describe("privileged-only-system-namespaces", () => {
    const privileged = { containers: [{ name: "agent", image: "a:1", securityContext: { privileged: true } }] };

    it("accepts privileged system add-ons and unprivileged apps", async () => {
        for (const ns of ["kube-system", "kubeedge", "akri", "cilium-secrets"]) {
            expect(await runResourcePolicy(privilegedPodsSystemNamespaces, deployment(privileged, ns))).toEqual([]);
        }
        expect(
            await runResourcePolicy(
                privilegedPodsSystemNamespaces,
                deployment({ containers: [{ name: "a", securityContext: { privileged: false } }] }),
            ),
        ).toEqual([]);
    });

    it("flags a privileged container elsewhere, the default namespace included", async () => {
        expect(await runResourcePolicy(privilegedPodsSystemNamespaces, deployment(privileged))).toEqual([
            "Deployment 'sensor-reader' runs containers[0] (agent) privileged " +
                "in namespace 'apps': only system namespaces (kube-system, kubeedge, akri, " +
                "cilium, cilium-secrets, kata-deploy, edgemesh) may.",
        ]);
        const pod = {
            type: "kubernetes:core/v1:Pod",
            name: "debug",
            props: { spec: { initContainers: [{ name: "i", securityContext: { privileged: true } }] } },
        };
        expect(await runResourcePolicy(privilegedPodsSystemNamespaces, pod)).toEqual([
            expect.stringContaining("initContainers[0] (i) privileged in namespace 'default'"),
        ]);
    });

    it("takes the system namespaces from the config", async () => {
        expect(
            await runResourcePolicy(privilegedPodsSystemNamespaces, deployment(privileged), {
                systemNamespaces: ["apps"],
            }),
        ).toEqual([]);
    });
});
