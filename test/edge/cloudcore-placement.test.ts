import { parseToml } from "../runtimes/toml";
import { cloudCoreHostNode, cloudCoreValues } from "../../components/edge/cloudcore-values";
import { containerdConfig, runtimeParams } from "../../components/edge/edge-node-config";
import { kubeEdgeSchema } from "../../components/spec/kubeedge";

const PORTS = { cloudHub: 10000, certs: 10002, stream: 10003, tunnel: 10004 };
const get = (v: unknown, p: string): unknown =>
    p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v);
const NODES = [
    { name: "cp1", host: "172.31.5.11", kubeEdge: false },
    { name: "w1", host: "172.31.5.12", kubeEdge: false },
    { name: "edge1", host: "172.31.5.14", kubeEdge: true },
];

describe("where CloudCore runs", () => {
    it("HostNetwork: on the cloud node that has the advertised address (the API host by default)", () => {
        expect(cloudCoreHostNode("HostNetwork", ["172.31.5.11"], NODES)).toBe("cp1");
        expect(cloudCoreHostNode("HostNetwork", ["172.31.5.12", "172.31.5.11"], NODES)).toBe("w1");
    });

    it("places nothing for other exposures, for an address no cloud node has, or an edge node's", () => {
        expect(cloudCoreHostNode("NodePort", ["172.31.5.11"], NODES)).toBeUndefined();
        expect(cloudCoreHostNode("LoadBalancer", ["172.31.5.11"], NODES)).toBeUndefined();
        expect(cloudCoreHostNode("HostNetwork", ["203.0.113.7"], NODES)).toBeUndefined();
        expect(cloudCoreHostNode("HostNetwork", ["172.31.5.14"], NODES)).toBeUndefined();
        expect(cloudCoreHostNode("HostNetwork", [], NODES)).toBeUndefined();
    });

    it(
        "a pinned CloudCore names its node, stays off edge nodes, tolerates " +
            "the control-plane taint and a node without its CNI yet",
        () => {
            const base = {
                advertiseAddress: ["172.31.5.11"],
                serviceType: "HostNetwork",
                ports: PORTS,
                dynamicController: false,
                version: "1.23.0",
            };
            const v = cloudCoreValues({ ...base, hostNode: "cp1" });
            const terms = get(
                v,
                "cloudCore.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
            ) as unknown[];
            expect(terms).toEqual([
                {
                    matchExpressions: [{ key: "node-role.kubernetes.io/edge", operator: "DoesNotExist" }],
                    matchFields: [{ key: "metadata.name", operator: "In", values: ["cp1"] }],
                },
            ]);
            expect(get(v, "cloudCore.tolerations")).toEqual([
                { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
                { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
                { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" },
            ]);
            // Unpinned: the chart's own affinity and tolerations stay.
            const free = cloudCoreValues(base);
            expect(get(free, "cloudCore.affinity")).toBeUndefined();
            expect(get(free, "cloudCore.tolerations")).toBeUndefined();
        },
    );

    it("does not deploy the chart's MQTT broker on edge nodes (an image the toolkit does not pin)", () => {
        const v = cloudCoreValues({
            advertiseAddress: ["172.31.5.11"],
            serviceType: "HostNetwork",
            ports: PORTS,
            dynamicController: false,
            version: "1.23.0",
        });
        expect(get(v, "mosquitto.enable")).toBe(false);
    });
});

describe("edge hosts that are system containers", () => {
    type Cri = {
        restrict_oom_score_adj?: boolean;
        containerd: { runtimes: { runc: { options: { SystemdCgroup: boolean } } } };
    };
    const cri = (toml: string) => (parseToml(toml).plugins as Record<string, Cri>)["io.containerd.cri.v1.runtime"];

    it("containerd keeps oom_score_adj within its own (restrict_oom_score_adj) only when asked", () => {
        expect(cri(containerdConfig("systemd", { restrictOomScoreAdj: true })).restrict_oom_score_adj).toBe(true);
        expect(
            cri(containerdConfig("systemd", { restrictOomScoreAdj: true })).containerd.runtimes.runc.options
                .SystemdCgroup,
        ).toBe(true);
        expect(cri(containerdConfig("systemd")).restrict_oom_score_adj).toBeUndefined();
        expect(
            cri(runtimeParams("cgroupfs", "10.88.0.0/16", { restrictOomScoreAdj: true }).CONTAINERD_CONFIG)
                .restrict_oom_score_adj,
        ).toBe(true);
    });

    it("kubeedge.hostSystem.evictionHard: known signals, thresholds with a unit; others refused", () => {
        const hs = { systemContainer: true, evictionHard: { "imagefs.available": "1Gi" } };
        expect(kubeEdgeSchema.parse({ cloudCluster: "cloud", hostSystem: hs }).hostSystem).toEqual(hs);
        for (const evictionHard of [{ "imagefs.available": "1000" }, { "disk.available": "1Gi" }]) {
            const bad = kubeEdgeSchema.safeParse({ cloudCluster: "cloud", hostSystem: { evictionHard } });
            expect(bad.success).toBe(false);
        }
    });

    it("kubeedge.hostSystem.systemContainer defaults to false; unknown keys are refused", () => {
        expect(kubeEdgeSchema.parse({ cloudCluster: "cloud" }).hostSystem).toEqual({ systemContainer: false });
        expect(
            kubeEdgeSchema.parse({ cloudCluster: "cloud", hostSystem: { systemContainer: true } }).hostSystem,
        ).toEqual({ systemContainer: true });
        const bad = kubeEdgeSchema.safeParse({ cloudCluster: "cloud", hostSystem: { allowCgroupV1: true } });
        expect(bad.success).toBe(false);
        expect(JSON.stringify(bad.error?.issues)).toMatch(/allowCgroupV1/);
    });
});
