import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Cluster } from "../clusters/cluster";
import type { VersionTable } from "../versions";
import { VERSION_TABLE } from "../version-table";
import { planRuntimes, type ClusterRuntimePlan } from "./plan";
import { kataDeployValues } from "./kata-deploy";
import type { RuntimeClassPlan } from "./catalog";

/** Arguments of the RuntimeCatalog. */
export interface RuntimeCatalogArgs {
    /** The cluster handle (nodes with their runtimes, provider, substrate). */
    cluster: Cluster;
    /** Local kata-deploy chart archive or directory replacing the chart repository. */
    kataDeployChart?: string;
    /** Kata hypervisor shim. @default "qemu" */
    kataShim?: string;
    /** The version table. @default VERSION_TABLE */
    versions?: VersionTable;
}

/** A RuntimeClass as exported. */
export interface RuntimeClassOutput {
    /** crun | wasmedge | kata. */
    runtime: string;
    name: string;
    handler: string;
    nodeSelector: Record<string, string>;
    podFixed?: Record<string, string>;
    /** `created` by continuum or `patched` (K3s ships the object). */
    ownership: string;
}

/**
 * The runtimes of one cluster: installs them where the substrate needs it (kata-deploy on
 * kind/k3d; over SSH each node's converge installs its own, runtimes/node-step.ts), labels each node
 * `runtime.continuum.dev/<name>=true` once
 * its runtime is in place, and creates (or, for the ones K3s ships, patches) one RuntimeClass
 * per runtime installed somewhere in the cluster, with `scheduling.nodeSelector` on that label
 * and, for Kata, the pod overhead. A runtime installed on no node gets no RuntimeClass.
 */
export class RuntimeCatalog extends pulumi.ComponentResource {
    /** The plan (which node gets what, and how). */
    readonly plan: ClusterRuntimePlan;
    /** RuntimeClasses of this cluster. */
    readonly runtimeClasses: RuntimeClassOutput[];
    /** Resources sample workloads wait for (installs, labels, RuntimeClasses). */
    readonly ready: pulumi.Resource[] = [];

    constructor(name: string, args: RuntimeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:RuntimeCatalog", name, {}, opts);
        const cluster = args.cluster;
        const kataShim = args.kataShim ?? "qemu";
        const table = args.versions ?? VERSION_TABLE;
        this.plan = planRuntimes(cluster, { kataShim });
        const k8sOpts = { parent: this, provider: cluster.provider, dependsOn: cluster.ready };

        const labelled: pulumi.Resource[] = [];
        const infos = new Map(cluster.nodes.map((n) => [n.name, n]));
        for (const node of this.plan.nodes) {
            // The substrate's own node steps install and label these (over SSH: the node converge).
            if (infos.get(node.node)?.runtimesInstalled) continue;
            if (node.runtimes.some((r) => r.delivery === "host-script")) {
                throw new Error(
                    `cluster '${cluster.name}', node '${node.node}': its ` +
                        `runtimes are installed over SSH by the node's own converge, but the cluster ` +
                        `handle does not say so (runtimesInstalled) — build ` +
                        `the cluster with KubeadmCluster or K3sCluster`,
                );
            }
            // Simulated nodes carry their labels from the Cluster handle (the sim substrate sets them).
            if (node.runtimes.every((r) => r.delivery === "simulated")) continue;
            // What acts on one node waits for the control plane and that node (its join), no other.
            const nodeReady = [...cluster.ready, ...(cluster.nodesReady?.[node.node] ?? [])];
            const patch = new k8s.core.v1.NodePatch(
                `${name}-${node.node}-labels`,
                {
                    metadata: { name: node.node, labels: node.labels },
                },
                { ...k8sOpts, dependsOn: nodeReady },
            );
            labelled.push(patch);
        }
        this.ready.push(...labelled);

        if (this.plan.kataDeployNodes.length > 0) {
            const pin = table.charts.kataDeploy;
            const release = new k8s.helm.v3.Release(
                `${name}-kata-deploy`,
                {
                    chart: args.kataDeployChart ?? `${pin.repo}/${pin.chart}`,
                    version: args.kataDeployChart ? undefined : pin.version,
                    namespace: "kube-system",
                    values: kataDeployValues({
                        distribution: cluster.distribution,
                        substrate: cluster.substrate,
                        shim: kataShim,
                        version: pin.version,
                    }),
                    atomic: true,
                    timeout: 900,
                },
                {
                    ...k8sOpts,
                    dependsOn: [...cluster.ready, ...labelled],
                    customTimeouts: { create: "20m", update: "20m", delete: "10m" },
                },
            );
            this.ready.push(release);
        }

        this.runtimeClasses = this.plan.runtimeClasses.map((rc) => {
            this.ready.push(this.runtimeClass(name, rc, k8sOpts));
            return {
                runtime: rc.runtime,
                name: rc.name,
                handler: rc.handler,
                nodeSelector: rc.nodeSelector,
                podFixed: rc.podFixed ? { ...rc.podFixed } : undefined,
                ownership: rc.mode === "patch" ? "patched" : "created",
            };
        });
        this.registerOutputs({
            runtimeClasses: this.runtimeClasses,
            nodes: this.plan.nodes.map((n) => ({ node: n.node, labels: n.labels })),
        });
    }

    private runtimeClass(name: string, rc: RuntimeClassPlan, opts: pulumi.CustomResourceOptions): pulumi.Resource {
        const scheduling = { nodeSelector: rc.nodeSelector };
        const overhead = rc.podFixed ? { podFixed: rc.podFixed } : undefined;
        if (rc.mode === "patch") {
            // K3s applies its `runtimes` addon (RuntimeClasses crun, wasmedge, …) itself on every
            // server start: continuum only adds the fields it owns (server-side apply), so K3s's
            // re-apply and continuum never fight, and destroy removes only continuum's fields.
            return new k8s.node.v1.RuntimeClassPatch(
                `${name}-${rc.name}`,
                {
                    metadata: { name: rc.name },
                    handler: rc.handler,
                    scheduling,
                },
                opts,
            );
        }
        return new k8s.node.v1.RuntimeClass(
            `${name}-${rc.name}`,
            {
                metadata: { name: rc.name, labels: { "app.kubernetes.io/managed-by": "continuum" } },
                handler: rc.handler,
                scheduling,
                overhead,
            },
            opts,
        );
    }
}
