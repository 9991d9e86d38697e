/**
 * The runtimes and leaf-device add-ons of one cluster, from the spec: the RuntimeCatalog
 * (when a node of the cluster asks for a runtime), Akri (when the cluster has an `akri`
 * block) and, with `samples.enabled`, one sample workload per runtime present.
 * `continuum.ts` calls this once per Cluster handle.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { Cluster } from "../clusters/cluster";
import { Akri } from "../discovery/akri";
import type { AkriResourceNames } from "../discovery/akri-values";
import { RuntimeCatalog, type RuntimeClassOutput } from "../runtimes/runtime-catalog";
import { RuntimeSamples } from "../runtimes/samples";
import { tableFor } from "../artifact-pins";

/** What one cluster exports about runtimes and devices. */
export interface ClusterDeviceOutputs {
    /** RuntimeClasses (none for a runtime installed nowhere in the cluster). */
    runtimeClasses: RuntimeClassOutput[];
    /** Akri Configurations. */
    akriConfigurations: string[];
    /** Extended resource names workloads request, per Configuration. */
    akriResources: AkriResourceNames[];
    /** Sample Deployments (namespace continuum-samples). */
    samples: string[];
}

/** Build the runtime and discovery add-ons of one cluster. */
export function runtimesAndDiscovery(
    spec: ContinuumSpec,
    cluster: Cluster,
    parent: pulumi.Resource,
): ClusterDeviceOutputs {
    const clusterSpec = spec.clusters.find((c) => c.name === cluster.name);
    const out: ClusterDeviceOutputs = { runtimeClasses: [], akriConfigurations: [], akriResources: [], samples: [] };
    if (cluster.nodes.some((n) => n.runtimes.length > 0)) {
        const catalog = new RuntimeCatalog(
            `${cluster.name}-runtimes`,
            {
                cluster,
                versions: tableFor(spec),
                kataDeployChart: spec.airgap.charts.kataDeploy,
            },
            { parent },
        );
        out.runtimeClasses = catalog.runtimeClasses;
        if (spec.samples.enabled && catalog.runtimeClasses.length > 0) {
            const samples = new RuntimeSamples(
                `${cluster.name}-samples`,
                {
                    cluster,
                    runtimeClasses: catalog.runtimeClasses,
                    dependsOn: catalog.ready,
                },
                { parent },
            );
            out.samples = samples.workloads;
        }
    }
    if (clusterSpec?.akri) {
        const akri = new Akri(
            `${cluster.name}-akri`,
            {
                cluster,
                akri: clusterSpec.akri,
                chartPath: spec.airgap.charts.akri,
                version: spec.versions.akri,
            },
            { parent },
        );
        out.akriConfigurations = akri.configurations;
        out.akriResources = akri.resources;
    }
    return out;
}
