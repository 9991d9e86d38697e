import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Cluster } from "../clusters/cluster";
import { RUNTIMES, type RuntimeName } from "../spec/node";
import { WASM_VARIANT_ANNOTATION, WASM_VARIANT_VALUE } from "./containerd-config";

/** Sample images, pinned by tag. */
export const SAMPLE_IMAGES: Record<RuntimeName, string> = {
    crun: "docker.io/library/nginx:1.27.4-alpine",
    wasmedge: "ghcr.io/containerd/runwasi/wasi-demo-app:v0.0.1",
    kata: "docker.io/library/busybox:1.36.1",
};

/** The namespace samples go to. */
export const SAMPLES_NAMESPACE = "continuum-samples";

/** One sample Deployment. */
export interface SampleWorkload {
    runtime: RuntimeName;
    name: string;
    runtimeClassName: string;
    image: string;
    args?: string[];
    annotations: Record<string, string>;
    limits: { cpu: string; memory: string };
}

/** What a runtime's sample runs, besides its RuntimeClass and annotations. */
type SampleTemplate = Pick<SampleWorkload, "name" | "image" | "args" | "limits">;

/** Each runtime's sample: a small long-running workload. */
const SAMPLES: Record<RuntimeName, SampleTemplate> = {
    crun: { name: "sample-crun-nginx", image: SAMPLE_IMAGES.crun, limits: { cpu: "200m", memory: "64Mi" } },
    wasmedge: {
        name: "sample-wasm",
        image: SAMPLE_IMAGES.wasmedge,
        args: ["/wasi-demo-app.wasm", "daemon"],
        limits: { cpu: "100m", memory: "32Mi" },
    },
    kata: {
        name: "sample-kata",
        image: SAMPLE_IMAGES.kata,
        args: ["sleep", "infinity"],
        limits: { cpu: "250m", memory: "128Mi" },
    },
};

/**
 * One sample per runtime present in the cluster, each asking for its RuntimeClass (whose
 * nodeSelector then puts it on a node that has the runtime). Pure.
 */
export function sampleWorkloads(
    runtimeClasses: { runtime: string; name: string }[],
    wasmedgeVia = "shim",
): SampleWorkload[] {
    return runtimeClasses.map(({ runtime, name }): SampleWorkload => {
        if (!(RUNTIMES as readonly string[]).includes(runtime)) {
            throw new Error(`no sample workload for runtime '${runtime}' — samples exist for crun, wasmedge and kata`);
        }
        const known = runtime as RuntimeName;
        // crun picks WasmEdge only with this annotation; the runwasi shim needs none.
        const annotations: Record<string, string> =
            known === "wasmedge" && wasmedgeVia === "crun" ? { [WASM_VARIANT_ANNOTATION]: WASM_VARIANT_VALUE } : {};
        return { runtime: known, runtimeClassName: name, ...SAMPLES[known], annotations };
    });
}

/** Arguments of RuntimeSamples. */
export interface RuntimeSamplesArgs {
    /** The cluster handle. */
    cluster: Cluster;
    /** The cluster's RuntimeClasses (from the RuntimeCatalog): runtime and class name. */
    runtimeClasses: { runtime: string; name: string }[];
    /** As given to the RuntimeCatalog. @default "shim" */
    wasmedgeVia?: string;
    /** Resources to wait for (the catalog's `ready`). @default [] */
    dependsOn?: pulumi.Resource[];
}

/** Sample Deployments, one per runtime of the cluster, each requesting its RuntimeClass. */
export class RuntimeSamples extends pulumi.ComponentResource {
    /** Deployment names. */
    readonly workloads: string[];

    constructor(name: string, args: RuntimeSamplesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:RuntimeSamples", name, {}, opts);
        const samples = sampleWorkloads(args.runtimeClasses, args.wasmedgeVia);
        const k8sOpts = { parent: this, provider: args.cluster.provider };
        this.workloads = [];
        if (samples.length > 0) {
            const ns = new k8s.core.v1.Namespace(
                `${name}-ns`,
                { metadata: { name: SAMPLES_NAMESPACE } },
                { ...k8sOpts, dependsOn: args.cluster.ready },
            );
            // Simulated nodes run nothing: do not wait for rollouts there.
            const noWait: Record<string, string> =
                args.cluster.substrate === "sim" ? { "pulumi.com/skipAwait": "true" } : {};
            for (const s of samples) {
                const labels = { app: s.name, "runtime.continuum.dev/sample": s.runtime };
                new k8s.apps.v1.Deployment(
                    `${name}-${s.name}`,
                    {
                        metadata: { name: s.name, namespace: SAMPLES_NAMESPACE, labels, annotations: noWait },
                        spec: {
                            replicas: 1,
                            selector: { matchLabels: { app: s.name } },
                            template: {
                                metadata: { labels, annotations: s.annotations },
                                spec: {
                                    runtimeClassName: s.runtimeClassName,
                                    containers: [
                                        {
                                            name: s.runtime,
                                            image: s.image,
                                            args: s.args,
                                            resources: { requests: { ...s.limits }, limits: { ...s.limits } },
                                        },
                                    ],
                                },
                            },
                        },
                    },
                    { ...k8sOpts, dependsOn: [ns, ...(args.dependsOn ?? [])] },
                );
                this.workloads.push(s.name);
            }
        }
        this.registerOutputs({ workloads: this.workloads });
    }
}
