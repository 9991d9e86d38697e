import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { installMocks } from "../helpers/pulumi-mocks";
import type { Cluster } from "../../components/clusters/cluster";
import { readStackSpec } from "../../components/spec/stack-file";
import { parseSpecOrThrow } from "../../components/spec/parse";
import { runtimesAndDiscovery } from "../../components/from-spec/add-ons";
import { sampleWorkloads, SAMPLE_IMAGES } from "../../components/runtimes/samples";

const mocks = installMocks();

class Parent extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Parent", name, {});
    }
}

const lab = parseSpecOrThrow(readStackSpec(path.join(__dirname, "../../stacks/Pulumi.lab.yaml")));

/** A Cluster handle made from a spec cluster, as a substrate would return it. */
function handleOf(name: string): Cluster {
    const c = lab.clusters.find((x) => x.name === name);
    if (!c) throw new Error(`lab has no cluster ${name}`);
    return {
        name,
        tier: c.tier,
        distribution: c.distribution,
        substrate: c.substrate,
        kubeconfig: pulumi.secret("k"),
        provider: new k8s.Provider(`${name}-p`, { kubeconfig: "apiVersion: v1" }),
        apiEndpoint: pulumi.output("https://127.0.0.1:6443"),
        apiHost: "127.0.0.1",
        apiPort: 6443,
        podCidr: c.network.podCidr,
        serviceCidr: c.network.serviceCidr,
        clusterDomain: c.network.clusterDomain,
        nodes: c.nodes.map((n) => ({
            name: n.name,
            roles: n.roles,
            arch: n.arch,
            labels: n.labels,
            capabilities: n.capabilities,
            runtimes: n.runtimes,
            kubeEdge: false,
        })),
        ready: [],
    };
}

describe("runtimes and discovery of the lab stack (sim)", () => {
    const parent = new Parent("lab");
    const out = Object.fromEntries(
        ["cloud", "edge-a", "edge-b"].map((n) => [n, runtimesAndDiscovery(lab, handleOf(n), parent)]),
    );

    test("RuntimeClasses only for runtimes some node of the cluster has", () => {
        expect(out.cloud.runtimeClasses.map((rc) => rc.name)).toEqual(["crun", "kata-qemu"]);
        expect(out["edge-a"].runtimeClasses.map((rc) => rc.name)).toEqual(["crun", "wasmedge"]);
        expect(out["edge-b"].runtimeClasses.map((rc) => rc.name)).toEqual(["wasmedge"]);
        // sim runs no K3s server: the K3s clusters' classes are created, not patched.
        expect(out["edge-a"].runtimeClasses.every((rc) => rc.ownership === "created")).toBe(true);
    });

    test("one sample per runtime present, each asking for its RuntimeClass, pinned images and limits", async () => {
        expect(out.cloud.samples).toEqual(["sample-crun-nginx", "sample-kata"]);
        expect(out["edge-b"].samples).toEqual(["sample-wasm"]);
        await mocks.settle();
        const deps = mocks.ofType("kubernetes:apps/v1:Deployment").filter((d) => d.name.startsWith("edge-b-samples"));
        expect(deps).toHaveLength(1);
        const tpl = (
            deps[0].inputs.spec as {
                template: {
                    spec: {
                        runtimeClassName: string;
                        containers: { image: string; resources: { limits: Record<string, string> } }[];
                    };
                };
            }
        ).template.spec;
        expect(tpl.runtimeClassName).toBe("wasmedge");
        expect(tpl.containers[0].image).toBe(SAMPLE_IMAGES.wasmedge);
        expect(tpl.containers[0].resources.limits).toEqual({ cpu: "100m", memory: "32Mi" });
        expect((deps[0].inputs.metadata as { annotations: Record<string, string> }).annotations).toEqual({
            "pulumi.com/skipAwait": "true",
        });
    });

    test("Akri only where the cluster has an akri block, with its Configurations and resource names", () => {
        expect(out["edge-a"].akriConfigurations).toEqual(["cameras-usb", "cameras-ip", "plc-servers"]);
        expect(out["edge-a"].akriResources[0]).toMatchObject({
            instanceResource: "akri.sh/cameras-usb-<id>",
            configurationResource: "akri.sh/cameras-usb",
        });
        expect(out.cloud.akriConfigurations).toEqual([]);
    });
});

describe("sample workloads", () => {
    test("every image is pinned by a tag that is not latest", () => {
        for (const image of Object.values(SAMPLE_IMAGES))
            expect(image).toMatch(/:(?!latest$)[\w.-]+$|@sha256:[0-9a-f]{64}$/);
    });

    test("crun-with-WasmEdge samples carry the variant annotation; the shim needs none", () => {
        expect(sampleWorkloads([{ runtime: "wasmedge", name: "wasmedge" }], "crun")[0].annotations).toEqual({
            "module.wasm.image/variant": "compat-smart",
        });
        expect(sampleWorkloads([{ runtime: "wasmedge", name: "wasmedge" }])[0].annotations).toEqual({});
    });

    test("Kata samples use the shim's class name", () => {
        expect(sampleWorkloads([{ runtime: "kata", name: "kata-clh" }])[0]).toMatchObject({
            runtimeClassName: "kata-clh",
            limits: { cpu: "250m", memory: "128Mi" },
        });
    });
});
