import { planRuntimes } from "../../components/runtimes/plan";
import { KATA_DEPLOY_READY_LABEL } from "../../components/runtimes/catalog";
import { kataDeployValues } from "../../components/runtimes/kata-deploy";
import { cluster, node } from "./fixtures";
import type { Distribution } from "../../components/distributions/distribution";
import type { Substrate } from "../../components/spec/cluster";

const deliveries = (substrate: Substrate, distribution: Distribution) =>
    Object.fromEntries(
        planRuntimes(cluster(substrate, distribution), {}).nodes.map((n) => [
            n.node,
            n.runtimes.map((r) => `${r.runtime}:${r.delivery}:${r.configWay}`),
        ]),
    );

describe("runtime plan per substrate: which node gets which install", () => {
    test("ssh kubeadm: host scripts and a containerd drop-in, only on nodes that ask", () => {
        expect(deliveries("ssh", "kubeadm")).toEqual({
            "worker-1": ["crun:host-script:containerd-dropin", "kata:host-script:containerd-dropin"],
            "worker-2": ["crun:host-script:containerd-dropin"],
        });
    });

    test("ssh K3s: host scripts and the K3s template", () => {
        expect(deliveries("ssh", "k3s")).toEqual({
            "worker-1": ["crun:host-script:k3s-template", "kata:host-script:k3s-template"],
            "worker-2": ["crun:host-script:k3s-template"],
        });
    });

    test("kind: mounted binaries with v2 patches; Kata through kata-deploy", () => {
        expect(deliveries("kind", "kubeadm")).toEqual({
            "worker-1": ["crun:node-mount:kind-patch", "kata:kata-deploy:kata-deploy"],
            "worker-2": ["crun:node-mount:kind-patch"],
        });
        expect(planRuntimes(cluster("kind", "kubeadm"), {}).kataDeployNodes).toEqual(["worker-1"]);
    });

    test("k3d: mounted binaries and the K3s template; Kata through kata-deploy", () => {
        expect(deliveries("k3d", "k3s")).toEqual({
            "worker-1": ["crun:node-mount:k3s-template", "kata:kata-deploy:kata-deploy"],
            "worker-2": ["crun:node-mount:k3s-template"],
        });
    });

    test("sim: nothing installed", () => {
        expect(deliveries("sim", "k3s")).toEqual({
            "worker-1": ["crun:simulated:none", "kata:simulated:none"],
            "worker-2": ["crun:simulated:none"],
        });
    });

    test("KubeEdge nodes of a real cloud cluster are reached over SSH with a drop-in", () => {
        const p = planRuntimes(cluster("kind", "kubeadm", [node("ke-1", ["crun"], { kubeEdge: true })]), {});
        expect(p.nodes[0].runtimes).toEqual([
            { runtime: "crun", delivery: "host-script", configWay: "containerd-dropin" },
        ]);
    });
});

describe("labels and RuntimeClasses", () => {
    test("each node gets runtime.continuum.dev/<name>=true per runtime; plain nodes none", () => {
        const p = planRuntimes(cluster("ssh", "kubeadm"), {});
        expect(p.nodes.map((n) => [n.node, n.labels])).toEqual([
            ["worker-1", { "runtime.continuum.dev/crun": "true", "runtime.continuum.dev/kata": "true" }],
            ["worker-2", { "runtime.continuum.dev/crun": "true" }],
        ]);
    });

    test(
        "RuntimeClasses: handler, nodeSelector, Kata overhead from the " +
            "shim; none for wasmedge (installed nowhere)",
        () => {
            const p = planRuntimes(cluster("ssh", "kubeadm"), {});
            expect(p.runtimeClasses).toEqual([
                {
                    runtime: "crun",
                    name: "crun",
                    handler: "crun",
                    nodeSelector: { "runtime.continuum.dev/crun": "true" },
                    podFixed: undefined,
                    mode: "create",
                },
                {
                    runtime: "kata",
                    name: "kata-qemu",
                    handler: "kata-qemu",
                    nodeSelector: { "runtime.continuum.dev/kata": "true" },
                    podFixed: { memory: "160Mi", cpu: "250m" },
                    mode: "create",
                },
            ]);
            expect(p.installed).not.toContain("wasmedge");
        },
    );

    test("K3s ships crun/wasmedge RuntimeClasses: patched on ssh and k3d, created on sim (no K3s server there)", () => {
        const nodes = [node("a", ["crun", "wasmedge", "kata"])];
        const modes = (s: Substrate) =>
            planRuntimes(cluster(s, "k3s", nodes), {}).runtimeClasses.map((rc) => `${rc.name}:${rc.mode}`);
        expect(modes("ssh")).toEqual(["crun:patch", "kata-qemu:create", "wasmedge:patch"]);
        expect(modes("k3d")).toEqual(["crun:patch", "kata-qemu:create", "wasmedge:patch"]);
        expect(modes("sim")).toEqual(["crun:create", "kata-qemu:create", "wasmedge:create"]);
        expect(
            planRuntimes(cluster("ssh", "kubeadm", nodes), {}).runtimeClasses.every((rc) => rc.mode === "create"),
        ).toBe(true);
    });

    test("Kata through kata-deploy also waits for kata-deploy's node label", () => {
        const kata = planRuntimes(cluster("kind", "kubeadm"), {}).runtimeClasses.find((rc) => rc.runtime === "kata");
        expect(kata?.nodeSelector).toEqual({ "runtime.continuum.dev/kata": "true", [KATA_DEPLOY_READY_LABEL]: "true" });
    });

    test("another Kata shim names the class and its overhead", () => {
        const kata = planRuntimes(cluster("ssh", "kubeadm"), { kataShim: "clh" }).runtimeClasses.find(
            (rc) => rc.runtime === "kata",
        );
        expect(kata).toMatchObject({
            name: "kata-clh",
            handler: "kata-clh",
            podFixed: { memory: "130Mi", cpu: "250m" },
        });
        expect(() => planRuntimes(cluster("ssh", "kubeadm"), { kataShim: "nope" })).toThrow(
            "kata shim 'nope' has no known pod overhead — use one of",
        );
    });

    test("a cluster without runtimes has no RuntimeClasses at all", () => {
        const p = planRuntimes(cluster("ssh", "kubeadm", [node("a", [])]), {});
        expect(p).toEqual({ nodes: [], installed: [], runtimeClasses: [], kataDeployNodes: [] });
    });

    test("Kata on a node without kvm is refused, naming the node", () => {
        expect(() =>
            planRuntimes(cluster("ssh", "kubeadm", [node("box", ["kata"], { capabilities: [] })]), {}),
        ).toThrow(
            "cluster 'c-ssh', node 'box' asks for kata but does not declare " +
                "the kvm capability — add capabilities: [kvm] if it has /dev/kvm, or drop " +
                "kata from its runtimes",
        );
    });
});

describe("kata-deploy values", () => {
    test("k8sDistribution follows K3s; only the labelled nodes; no chart RuntimeClasses; pinned image", () => {
        const k3d = kataDeployValues({ distribution: "k3s", substrate: "k3d", shim: "qemu", version: "3.20.0" });
        expect(k3d).toEqual({
            k8sDistribution: "k3s",
            image: { reference: "quay.io/kata-containers/kata-deploy", tag: "3.20.0" },
            nodeSelector: { "runtime.continuum.dev/kata": "true" },
            env: {
                shims: "qemu",
                defaultShim: "qemu",
                createRuntimeClasses: "false",
                createDefaultRuntimeClass: "false",
            },
        });
        expect(
            kataDeployValues({ distribution: "kubeadm", substrate: "kind", shim: "qemu", version: "3.20.0" })
                .k8sDistribution,
        ).toBe("k8s");
    });
});
