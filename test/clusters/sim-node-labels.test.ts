import {
    roleLabels,
    simNodeLabels,
    simNodeTaints,
    type SimNodeIdentity,
} from "../../components/clusters/sim/node-labels";
import { simNodeObject } from "../../components/clusters/sim/node-manifest";

const node = (over: Partial<SimNodeIdentity> = {}): SimNodeIdentity => ({
    name: "n-1",
    arch: "amd64",
    roles: ["worker"],
    labels: {},
    runtimes: [],
    kubeEdge: false,
    taints: [],
    ...over,
});
const kubeadm = { name: "cloud", tier: "cloud", distribution: "kubeadm" } as const;
const k3s = { name: "edge-a", tier: "edge", distribution: "k3s" } as const;

describe("role labels per distribution", () => {
    it('kubeadm control planes carry control-plane="" and no master label', () => {
        expect(roleLabels("kubeadm", { roles: ["control-plane"], kubeEdge: false })).toEqual({
            "node-role.kubernetes.io/control-plane": "",
        });
    });
    it("K3s servers carry control-plane=true and master=true", () => {
        expect(roleLabels("k3s", { roles: ["server"], kubeEdge: false })).toEqual({
            "node-role.kubernetes.io/control-plane": "true",
            "node-role.kubernetes.io/master": "true",
        });
    });
    it("workers and agents carry no role label", () => {
        expect(roleLabels("kubeadm", { roles: ["worker"], kubeEdge: false })).toEqual({});
        expect(roleLabels("k3s", { roles: ["agent"], kubeEdge: false })).toEqual({});
    });
    it('KubeEdge edge nodes carry edge="" and agent="" whatever the cluster\'s distribution', () => {
        expect(roleLabels("kubeadm", { roles: [], kubeEdge: true })).toEqual({
            "node-role.kubernetes.io/edge": "",
            "node-role.kubernetes.io/agent": "",
        });
    });
});

describe("simNodeLabels", () => {
    it("labels arch, os, hostname, tier, cluster and every runtime", () => {
        const labels = simNodeLabels(
            k3s,
            node({
                name: "edge-a-agent-1",
                arch: "arm64",
                roles: ["agent"],
                runtimes: ["wasmedge", "crun"],
                labels: { site: "factory-a" },
            }),
        );
        expect(labels).toEqual({
            "continuum.dev/cluster": "edge-a",
            "continuum.dev/tier": "edge",
            "kubernetes.io/arch": "arm64",
            "kubernetes.io/hostname": "edge-a-agent-1",
            "kubernetes.io/os": "linux",
            "runtime.continuum.dev/crun": "true",
            "runtime.continuum.dev/wasmedge": "true",
            site: "factory-a",
        });
    });
    it("puts KubeEdge nodes of a cloud cluster in the edge tier of that cluster", () => {
        const labels = simNodeLabels(kubeadm, node({ name: "ke-1", roles: [], kubeEdge: true }));
        expect(labels["continuum.dev/tier"]).toBe("edge");
        expect(labels["continuum.dev/cluster"]).toBe("cloud");
        expect(labels["node-role.kubernetes.io/edge"]).toBe("");
    });
    it("does not let spec labels lie about what the toolkit owns", () => {
        const labels = simNodeLabels(
            kubeadm,
            node({
                arch: "arm64",
                labels: {
                    "kubernetes.io/arch": "amd64",
                    "continuum.dev/tier": "edge",
                    "runtime.continuum.dev/kata": "false",
                    zone: "a",
                },
            }),
        );
        expect(labels["kubernetes.io/arch"]).toBe("arm64");
        expect(labels["continuum.dev/tier"]).toBe("cloud");
        expect(labels.zone).toBe("a");
        // A runtime the node does not have keeps the spec's value: nothing claims it is installed.
        expect(labels["runtime.continuum.dev/kata"]).toBe("false");
    });
});

describe("simNodeTaints", () => {
    const cp = node({ roles: ["control-plane"] });
    it("taints kubeadm control planes when workers exist", () => {
        expect(simNodeTaints(kubeadm, cp, true)).toEqual([
            { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
        ]);
    });
    it("leaves a kubeadm control plane without workers schedulable", () => {
        expect(simNodeTaints(kubeadm, cp, false)).toEqual([]);
    });
    it("never taints K3s servers or KubeEdge nodes on its own", () => {
        expect(simNodeTaints(k3s, node({ roles: ["server"] }), true)).toEqual([]);
        expect(simNodeTaints(kubeadm, node({ roles: [], kubeEdge: true }), true)).toEqual([]);
    });
    it("adds the spec's taints once", () => {
        const taints = [
            { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
            { key: "dedicated", value: "gpu", effect: "NoExecute" },
        ] as const;
        expect(simNodeTaints(kubeadm, { ...cp, taints: [...taints] }, true)).toEqual(taints);
    });
});

describe("simNodeObject", () => {
    it("registers capacity and allocatable in status, marked for kwok", () => {
        const obj = simNodeObject({
            name: "w",
            arch: "arm64",
            labels: { a: "b" },
            taints: [],
            capacity: { cpu: "16", memory: "64Gi", pods: 110 },
            controlPlaneId: "cp-1",
            pool: "c-nodes-1",
        });
        expect(obj.metadata.annotations).toEqual({
            "kwok.x-k8s.io/node": "fake",
            "continuum.dev/sim-control-plane": "cp-1",
            "continuum.dev/sim-registration": expect.stringMatching(/^[0-9a-f]{16}$/) as unknown as string,
        });
        expect(obj.metadata.labels).toEqual({ a: "b", "continuum.dev/sim-pool": "c-nodes-1" });
        expect(obj.status.capacity).toEqual({ cpu: "16", memory: "64Gi", pods: "110" });
        expect(obj.status.allocatable).toEqual(obj.status.capacity);
        expect(obj.status.nodeInfo.architecture).toBe("arm64");
        expect(obj.spec).toEqual({});
    });
    it("writes taints without an empty value", () => {
        const obj = simNodeObject({
            name: "w",
            arch: "amd64",
            labels: {},
            taints: [
                { key: "k", effect: "NoSchedule" },
                { key: "x", value: "y", effect: "NoExecute" },
            ],
            capacity: { cpu: "1", memory: "1Gi", pods: 1 },
            controlPlaneId: "c",
            pool: "c-nodes-1",
        });
        expect(obj.spec.taints).toEqual([
            { key: "k", effect: "NoSchedule" },
            { key: "x", value: "y", effect: "NoExecute" },
        ]);
    });
    it("changes the registration digest with the status or the control plane only", () => {
        const base = {
            name: "w",
            arch: "amd64",
            labels: {},
            taints: [],
            capacity: { cpu: "1", memory: "1Gi", pods: 1 },
            controlPlaneId: "c",
            pool: "p-1",
        };
        const digest = (o: Partial<typeof base>) =>
            simNodeObject({ ...base, ...o }).metadata.annotations["continuum.dev/sim-registration"];
        expect(digest({ labels: { site: "x" }, pool: "p-2" })).toBe(digest({}));
        expect(digest({ capacity: { cpu: "2", memory: "1Gi", pods: 1 } })).not.toBe(digest({}));
        expect(digest({ arch: "arm64" })).not.toBe(digest({}));
        expect(digest({ controlPlaneId: "d" })).not.toBe(digest({}));
    });
});
