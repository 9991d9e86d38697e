import * as pulumi from "@pulumi/pulumi";
import { runtimesAndDiscovery } from "../from-spec/add-ons";
import { addOnCluster } from "./adapter";
import type { AkriConfigurationArgs, AkriOnvifArgs, AkriOpcuaArgs, AkriUdevArgs } from "./cluster-spec-args";
import type { ClusterAccessArgs } from "./cluster-ref-args";

/** Arguments of Akri. */
export interface AkriArgs extends ClusterAccessArgs {
    /** udev discovery. @default off */
    udev?: AkriUdevArgs;
    /** ONVIF discovery. @default off */
    onvif?: AkriOnvifArgs;
    /** OPC UA discovery. @default off */
    opcua?: AkriOpcuaArgs;
    /** Configurations; each names a handler enabled above. @default [] */
    configurations?: AkriConfigurationArgs[];
    /** Local chart archive (.tgz) replacing the chart repository. @default an archive the version table pins in
     * $CONTINUUM_CHART_DIR, else the repository */
    chartPath?: pulumi.Input<string>;
    /** Chart version. @default the version table's */
    version?: pulumi.Input<string>;
}

/** The extended resource names of one Configuration. */
export interface AkriResourceInfo {
    /** Configuration name. */
    configuration: string;
    /** Its discovery handler. */
    handler: string;
    /** Pods per device. */
    capacity: number;
    /** One device: akri.sh/<configuration>-<id>. */
    instanceResource: string;
    /** Any device of the Configuration. */
    configurationResource: string;
}

/**
 * Akri in one cluster: the chart at its pinned version with one discovery handler per enabled
 * handler, then one akri.sh/v0 Configuration per entry of `configurations`.
 */
export class Akri extends pulumi.ComponentResource {
    /** Configuration names. */
    readonly configurations: string[];
    /** The extended resources workloads request, per Configuration. */
    readonly resources: AkriResourceInfo[];

    constructor(name: string, args: AkriArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:Akri", name, {}, opts);
        const akri = { udev: args.udev, onvif: args.onvif, opcua: args.opcua, configurations: args.configurations };
        const blocks = { versions: { akri: args.version }, airgap: { charts: { akri: args.chartPath } } };
        const { spec, cluster } = addOnCluster(`Akri '${name}'`, name, this, args, blocks, { akri });
        // Only Akri: the nodes' runtimes are the RuntimeCatalog's.
        const out = runtimesAndDiscovery(
            spec,
            { ...cluster, nodes: cluster.nodes.map((n) => ({ ...n, runtimes: [] })) },
            this,
        );
        this.configurations = [...out.akriConfigurations];
        this.resources = out.akriResources.map((r) => ({ ...r }));
        this.registerOutputs({ configurations: this.configurations, resources: this.resources });
    }
}
