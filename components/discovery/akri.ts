import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Cluster } from "../clusters/cluster";
import { chartSource } from "../network/chart-source";
import type { AkriSpec } from "../spec/akri";
import type { VersionTable } from "../versions";
import { VERSION_TABLE } from "../version-table";
import { AKRI_API_VERSION, akriValues, configurationSpec, resourceNames, type AkriResourceNames } from "./akri-values";

/** Arguments of Akri. */
export interface AkriArgs {
    /** The cluster handle. */
    cluster: Cluster;
    /** The cluster's `akri` block of the spec (handlers and Configurations). */
    akri: AkriSpec;
    /**
     * Local chart archive (.tgz) replacing the chart repository (airgap); its sha256 must be one the
     * version table pins. @default an archive the table pins in $CONTINUUM_CHART_DIR, else the repository
     */
    chartPath?: string;
    /** Chart version override (spec `versions.akri`). @default the version table's */
    version?: string;
    /** Namespace for Akri and its Configurations. @default "akri" */
    namespace?: string;
    /** The version table. @default VERSION_TABLE */
    versions?: VersionTable;
}

/**
 * Akri in one cluster: the chart at its pinned version (controller pinned to the
 * distribution's control-plane label, one discovery-handler DaemonSet per enabled handler),
 * then one `akri.sh/v0` Configuration per spec Configuration.
 */
export class Akri extends pulumi.ComponentResource {
    /** The Helm release. */
    readonly release: k8s.helm.v3.Release;
    /** The extended resource names workloads request, per Configuration. */
    readonly resources: AkriResourceNames[];
    /** Configuration names. */
    readonly configurations: string[];

    constructor(name: string, args: AkriArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:Akri", name, {}, opts);
        const cluster = args.cluster;
        const pin = (args.versions ?? VERSION_TABLE).charts.akri;
        const namespace = args.namespace ?? "akri";
        // Compute everything first: a spec error stops before any resource is declared.
        // Simulated nodes run no pods: nothing that waits for one (rollouts, hook Jobs, the webhook).
        const simulated = cluster.substrate === "sim";
        const values = akriValues(args.akri, cluster.distribution, cluster.name, simulated);
        const specs = args.akri.configurations.map((c) => ({ c, spec: configurationSpec(args.akri, c, cluster.name) }));
        const source = chartSource(pin, "akri", args.chartPath, args.version ?? pin.version);

        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            {
                name: "akri",
                chart: source.chart,
                repositoryOpts: source.repo ? { repo: source.repo } : undefined,
                version: source.version,
                namespace,
                createNamespace: true,
                values,
                skipAwait: simulated,
                atomic: !simulated,
                timeout: 600,
            },
            {
                parent: this,
                provider: cluster.provider,
                dependsOn: cluster.ready,
                customTimeouts: { create: "15m", update: "15m", delete: "10m" },
            },
        );

        this.configurations = specs.map(({ c, spec }) => {
            new k8s.apiextensions.CustomResource(
                `${name}-${c.name}`,
                {
                    apiVersion: AKRI_API_VERSION,
                    kind: "Configuration",
                    metadata: { name: c.name, namespace },
                    spec,
                },
                { parent: this, provider: cluster.provider, dependsOn: [this.release] },
            );
            return c.name;
        });
        this.resources = resourceNames(args.akri);
        this.registerOutputs({ configurations: this.configurations, resources: this.resources });
    }
}
