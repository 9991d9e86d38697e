import * as pulumi from "@pulumi/pulumi";
import { runtimesAndDiscovery } from "../from-spec/add-ons";
import { addOnCluster } from "./adapter";
import type { ClusterAccessArgs } from "./cluster-ref-args";
import type { AirgapArgs, ArtifactPinArgs, SamplesArgs } from "./continuum-spec-args";

/** Arguments of RuntimeCatalog. */
export interface RuntimeCatalogArgs extends ClusterAccessArgs {
    /** Pins of host artifacts (crun, kata, wasmedgeShim, ...). @default {} */
    artifacts?: { [artifact: string]: ArtifactPinArgs };
    /** Airgap sources (charts.kataDeploy). @default {} */
    airgap?: AirgapArgs;
    /** One sample workload per runtime present (namespace continuum-samples). @default { enabled: false } */
    samples?: SamplesArgs;
}

/** A RuntimeClass the catalog declared. */
export interface RuntimeClassInfo {
    /** crun, wasmedge or kata. */
    runtime: string;
    /** RuntimeClass name. */
    name: string;
    /** containerd handler. */
    handler: string;
    /** scheduling.nodeSelector. */
    nodeSelector: { [key: string]: string };
    /** created by continuum, or patched (K3s ships the object). */
    ownership: string;
}

/**
 * The runtimes of one cluster: installs crun, Kata and WasmEdge where the substrate needs it (over
 * SSH each node's converge installs its own; kata-deploy on kind/k3d), labels
 * each node `runtime.continuum.dev/<name>=true` once its runtime is in place, and declares one
 * RuntimeClass per runtime present (nodeSelector on that label; pod overhead for Kata).
 */
export class RuntimeCatalog extends pulumi.ComponentResource {
    /** The RuntimeClasses declared. */
    readonly runtimeClasses: RuntimeClassInfo[];
    /** Sample Deployments (with samples.enabled). */
    readonly samples: string[];

    constructor(name: string, args: RuntimeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:RuntimeCatalog", name, {}, opts);
        const blocks = { artifacts: args.artifacts, airgap: args.airgap, samples: args.samples };
        const { spec, cluster } = addOnCluster(`RuntimeCatalog '${name}'`, name, this, args, blocks);
        const out = runtimesAndDiscovery(spec, cluster, this);
        this.runtimeClasses = out.runtimeClasses.map((rc) => ({
            runtime: rc.runtime,
            name: rc.name,
            handler: rc.handler,
            nodeSelector: { ...rc.nodeSelector },
            ownership: rc.ownership,
        }));
        this.samples = [...out.samples];
        this.registerOutputs({ runtimeClasses: this.runtimeClasses, samples: this.samples });
    }
}
