import { kubeEdgeCloudDaemonSetsExcludeEdge } from "../../policies/kubeedge";
import { ciliumValues } from "../../components/network/cilium-values";
import { k8sProvider, runStackPolicy, type StackResourceSpec } from "./harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const cloud = k8sProvider("cloud");
const edgeCluster = k8sProvider("edge-a");

const offEdge = (extra: Record<string, unknown>[] = []) => ({
    nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
                { matchExpressions: [{ key: "node-role.kubernetes.io/edge", operator: "DoesNotExist" }, ...extra] },
            ],
        },
    },
});

const cloudCore: StackResourceSpec = {
    type: RELEASE,
    name: "cloudcore",
    provider: cloud,
    props: { chart: "cloudcore", version: "1.22.1", values: {} },
};

function realCilium(provider = cloud): StackResourceSpec {
    const values = ciliumValues({
        clusterName: provider.name,
        clusterId: 1,
        podCidr: "10.10.0.0/16",
        distribution: "kubeadm",
        apiHost: "10.0.0.1",
        apiPort: 6443,
        kubeProxyReplacement: false,
        routingMode: "tunnel",
        hasKataNodes: false,
    });
    return {
        type: RELEASE,
        name: `cilium-${provider.name}`,
        provider,
        props: { chart: "cilium", version: "1.18.4", values },
    };
}

function kubeProxyPatch(affinity: Record<string, unknown> | undefined, provider = cloud): StackResourceSpec {
    return {
        type: "kubernetes:apps/v1:DaemonSetPatch",
        name: `${provider.name}-kube-proxy`,
        provider,
        props: {
            metadata: { name: "kube-proxy", namespace: "kube-system" },
            spec: { template: { spec: affinity ? { affinity } : {} } },
        },
    };
}

describe("kubeedge-cloud-daemonsets-exclude-edge", () => {
    it(
        "accepts the Cilium values the network component renders and a kube-proxy " + "patch that keeps off edge nodes",
        async () => {
            expect(
                await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, [
                    cloudCore,
                    realCilium(),
                    kubeProxyPatch(offEdge()),
                ]),
            ).toEqual([]);
        },
    );

    it("refuses kube-proxy without the DoesNotExist affinity on a CloudCore cluster", async () => {
        const v = await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, [cloudCore, kubeProxyPatch(undefined)]);
        expect(v).toEqual([
            {
                message:
                    "DaemonSetPatch 'cloud-kube-proxy' (kube-proxy) runs " +
                    "on a KubeEdge cloud cluster but does not keep off edge " +
                    "nodes: require node-role.kubernetes.io/edge " +
                    "DoesNotExist in every node-affinity term.",
                urn: expect.stringContaining("cloud-kube-proxy"),
            },
        ]);
    });

    it("refuses an affinity with a second term that lets pods onto edge nodes", async () => {
        const twoTerms = {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [
                        { matchExpressions: [{ key: "node-role.kubernetes.io/edge", operator: "DoesNotExist" }] },
                        { matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }] },
                    ],
                },
            },
        };
        expect(
            await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, [cloudCore, kubeProxyPatch(twoTerms)]),
        ).toHaveLength(1);
    });

    it("refuses a Cilium release whose agent or envoy may land on edge nodes", async () => {
        const cilium: StackResourceSpec = {
            type: RELEASE,
            name: "cilium",
            provider: cloud,
            props: { chart: "cilium", version: "1.18.4", values: { affinity: offEdge() } },
        };
        const v = await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, [cloudCore, cilium]);
        expect(v.map((x) => x.message)).toEqual([
            "CNI release 'cilium' runs on a KubeEdge cloud cluster but its " +
                "cilium-envoy DaemonSet does not keep off edge nodes: set values envoy.affinity.nodeAffinity " +
                "to require node-role.kubernetes.io/edge DoesNotExist.",
        ]);
        const noEnvoy = {
            ...cilium,
            props: { chart: "cilium", version: "1.18.4", values: { envoy: { enabled: false } } },
        };
        expect(
            (await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, [cloudCore, noEnvoy])).map((x) => x.message),
        ).toEqual([expect.stringContaining("its cilium DaemonSet")]);
    });

    it("catches it at the first preview, when the cluster's outputs are not known yet", async () => {
        const stack = [cloudCore, realCilium(), kubeProxyPatch(undefined)];
        const v = await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, stack, {}, { outputsUnknown: true });
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("DaemonSetPatch 'cloud-kube-proxy' (kube-proxy)"),
        ]);
    });

    it("leaves clusters without CloudCore alone", async () => {
        const stack = [
            cloudCore,
            kubeProxyPatch(undefined, edgeCluster),
            { ...realCilium(edgeCluster), props: { chart: "cilium", version: "1.18.4", values: {} } },
        ];
        expect(await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, stack)).toEqual([]);
    });

    it("checks full DaemonSets by the configured names", async () => {
        const ds: StackResourceSpec = {
            type: "kubernetes:apps/v1:DaemonSet",
            name: "fluent",
            provider: cloud,
            props: { metadata: { name: "fluent-bit" }, spec: { template: { spec: {} } } },
        };
        expect(await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, [cloudCore, ds])).toEqual([]);
        expect(
            await runStackPolicy(kubeEdgeCloudDaemonSetsExcludeEdge, [cloudCore, ds], {
                cloudDaemonSets: ["fluent-bit"],
            }),
        ).toHaveLength(1);
    });
});
