import { kataRuntimeClassOverhead, runtimeClassDeclared, runtimeClassNodeSelector } from "../../policies/runtimes";
import {
    k8sProvider,
    previewValue,
    runResourcePolicy,
    runStackPolicy,
    unknownString,
    type StackResourceSpec,
} from "./harness";

const RC = "kubernetes:node.k8s.io/v1:RuntimeClass";
const RC_PATCH = "kubernetes:node.k8s.io/v1:RuntimeClassPatch";

const kata = {
    metadata: { name: "kata-qemu" },
    handler: "kata-qemu",
    overhead: { podFixed: { cpu: "250m", memory: "160Mi" } },
    scheduling: { nodeSelector: { "runtime.continuum.dev/kata": "true" } },
};

describe("runtimeclass-node-selector", () => {
    it("accepts a class that selects the nodes with the runtime", async () => {
        expect(await runResourcePolicy(runtimeClassNodeSelector, { type: RC, props: kata })).toEqual([]);
    });

    it("refuses a class without scheduling.nodeSelector, or with an empty one", async () => {
        for (const scheduling of [undefined, {}, { nodeSelector: {} }]) {
            const v = await runResourcePolicy(runtimeClassNodeSelector, {
                type: RC,
                name: "crun",
                props: { metadata: { name: "crun" }, handler: "crun", scheduling },
            });
            expect(v).toEqual([
                "RuntimeClass 'crun' (handler crun) has no scheduling.nodeSelector: " +
                    "select the nodes that have the runtime installed.",
            ]);
        }
    });

    it("checks the patch of a class K3s ships", async () => {
        expect(
            await runResourcePolicy(runtimeClassNodeSelector, {
                type: RC_PATCH,
                props: { metadata: { name: "wasmedge" }, handler: "wasmedge" },
            }),
        ).toHaveLength(1);
    });

    it("leaves a selector not known at preview alone", async () => {
        expect(
            await runResourcePolicy(runtimeClassNodeSelector, {
                type: RC,
                props: previewValue({ handler: "crun", scheduling: { nodeSelector: unknownString } }),
            }),
        ).toEqual([]);
    });
});

describe("kata-runtimeclass-overhead", () => {
    it("accepts a Kata class with its VM overhead, and a non-VM class without one", async () => {
        expect(await runResourcePolicy(kataRuntimeClassOverhead, { type: RC, props: kata })).toEqual([]);
        expect(
            await runResourcePolicy(kataRuntimeClassOverhead, {
                type: RC,
                props: { handler: "crun", scheduling: kata.scheduling },
            }),
        ).toEqual([]);
    });

    it("refuses a Kata class without overhead, or with only part of it", async () => {
        const none = await runResourcePolicy(kataRuntimeClassOverhead, {
            type: RC,
            name: "kata-clh",
            props: { ...kata, handler: "kata-clh", overhead: undefined },
        });
        expect(none).toEqual([
            "RuntimeClass 'kata-clh' runs VMs (handler kata-clh) but sets " +
                "no overhead.podFixed cpu and memory: declare the VM's overhead.",
        ]);
        const half = await runResourcePolicy(kataRuntimeClassOverhead, {
            type: RC,
            props: { ...kata, overhead: { podFixed: { cpu: "250m" } } },
        });
        expect(half).toEqual([expect.stringContaining("no overhead.podFixed memory")]);
    });

    it("takes VM handler patterns from the config", async () => {
        const fc = { type: RC, props: { handler: "firecracker", scheduling: kata.scheduling } };
        expect(await runResourcePolicy(kataRuntimeClassOverhead, fc)).toEqual([]);
        expect(
            await runResourcePolicy(kataRuntimeClassOverhead, fc, { kataHandlerPatterns: ["^kata", "firecracker"] }),
        ).toHaveLength(1);
    });
});

describe("runtimeclass-declared", () => {
    const cloud = k8sProvider("cloud");
    const edge = k8sProvider("edge-a");
    const pod = (name: string, runtimeClassName: string | undefined, provider = cloud): StackResourceSpec => ({
        type: "kubernetes:apps/v1:Deployment",
        name,
        provider,
        props: { spec: { template: { spec: { runtimeClassName, containers: [{ name: "c", image: "app:1" }] } } } },
    });
    const cls = (name: string, provider = cloud, type = RC): StackResourceSpec => ({
        type,
        name: `${provider.name}-${name}`,
        provider,
        props: { metadata: { name }, handler: name },
    });

    it("accepts workloads naming classes declared in their cluster (created or patched)", async () => {
        const stack = [
            cls("kata-qemu"),
            cls("wasmedge", edge, RC_PATCH),
            pod("vm-app", "kata-qemu"),
            pod("wasm-app", "wasmedge", edge),
            pod("plain", undefined),
        ];
        expect(await runStackPolicy(runtimeClassDeclared, stack)).toEqual([]);
    });

    it("refuses a workload whose class only exists in another cluster, and says so", async () => {
        const v = await runStackPolicy(runtimeClassDeclared, [cls("kata-qemu"), pod("vm-app", "kata-qemu", edge)]);
        expect(v).toEqual([
            {
                message:
                    "Deployment 'vm-app' uses runtimeClassName 'kata-qemu', " +
                    "but no RuntimeClass 'kata-qemu' is declared in its cluster (only in 1 other " +
                    "cluster): install that runtime on the cluster or use a class it has.",
                urn: expect.stringContaining("vm-app"),
            },
        ]);
    });

    it("refuses a Pod, Job or DaemonSet naming a class nobody declared", async () => {
        const stack: StackResourceSpec[] = [
            {
                type: "kubernetes:core/v1:Pod",
                name: "p",
                provider: cloud,
                props: { spec: { runtimeClassName: "gvisor", containers: [] } },
            },
            {
                type: "kubernetes:batch/v1:Job",
                name: "j",
                provider: cloud,
                props: { spec: { template: { spec: { runtimeClassName: "crun" } } } },
            },
            {
                type: "kubernetes:apps/v1:DaemonSet",
                name: "d",
                provider: cloud,
                props: { spec: { template: { spec: { runtimeClassName: "crun" } } } },
            },
        ];
        const v = await runStackPolicy(runtimeClassDeclared, stack);
        expect(v.map((x) => x.message.split(",")[0])).toEqual([
            "Pod 'p' uses runtimeClassName 'gvisor'",
            "Job 'j' uses runtimeClassName 'crun'",
            "DaemonSet 'd' uses runtimeClassName 'crun'",
        ]);
    });

    it("catches it at the first preview, when the clusters' outputs are not known yet", async () => {
        const stack = [cls("kata-qemu"), pod("vm-app", "kata-qemu", edge), pod("ok", "kata-qemu")];
        const v = await runStackPolicy(runtimeClassDeclared, stack, {}, { outputsUnknown: true });
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("Deployment 'vm-app' uses runtimeClassName 'kata-qemu'"),
        ]);
    });

    it("accepts classes the config names as implicit", async () => {
        expect(
            await runStackPolicy(runtimeClassDeclared, [pod("a", "crun")], { implicitRuntimeClasses: ["crun"] }),
        ).toEqual([]);
    });

    it("does not guess when a class name in the cluster is not known at preview", async () => {
        const stack = [
            { ...cls("x"), props: previewValue({ metadata: { name: unknownString } }) },
            pod("a", "kata-qemu"),
        ];
        expect(await runStackPolicy(runtimeClassDeclared, stack)).toEqual([]);
    });
});
