import * as pulumi from "@pulumi/pulumi";
import {
    ExistingCluster as InternalExistingCluster,
    type ExistingNodeArgs,
} from "../clusters/existing/existing-cluster";
import { known, secretInput } from "./adapter";
import { refOf } from "./cluster-component";
import type { ClusterRef, ClusterShapeArgs, NodeRefArgs } from "./cluster-ref-args";
import type { Distribution, Tier } from "./enums";

/** Arguments of ExistingCluster. */
export interface ExistingClusterArgs extends ClusterShapeArgs {
    /** Cluster name in the continuum. @default the component's name */
    clusterName?: pulumi.Input<string>;
    /** The kubeconfig (secret: wrapped with pulumi.secret). */
    kubeconfig: pulumi.Input<string>;
    /** Context to use. @default the kubeconfig's current context */
    context?: pulumi.Input<string>;
}

/**
 * A cluster that already runs: continuum connects to it (its API is checked once at `pulumi up`)
 * and creates or removes nothing in it by itself.
 */
export class ExistingCluster extends pulumi.ComponentResource {
    /** The kubeconfig (secret), handed on after the API check. */
    readonly kubeconfig: pulumi.Output<string>;
    /** `https://host:port` of the API server (from the kubeconfig). */
    readonly apiEndpoint: pulumi.Output<string>;
    /** The cluster as plain data, for the add-on components (with `kubeconfig`). */
    readonly clusterRef: ClusterRef;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:ExistingCluster", name, {}, opts);
        const what = `ExistingCluster '${name}'`;
        const need = <T>(field: string, v: pulumi.Input<T> | undefined): T | undefined => known<T>(what, field, v);
        const nodes = need<NodeRefArgs[]>("nodes", args.nodes) as ExistingNodeArgs[] | undefined;
        const inner = new InternalExistingCluster(
            name,
            {
                clusterName: need<string>("clusterName", args.clusterName) ?? name,
                tier: need<Tier>("tier", args.tier),
                distribution: need<Distribution>("distribution", args.distribution),
                kubeconfig: secretInput(args.kubeconfig),
                context: need<string>("context", args.context),
                apiHost: need<string>("apiHost", args.apiHost)!,
                apiPort: need<number>("apiPort", args.apiPort) ?? 6443,
                podCidr: need<string>("podCidr", args.podCidr)!,
                serviceCidr: need<string>("serviceCidr", args.serviceCidr)!,
                clusterDomain: need<string>("clusterDomain", args.clusterDomain),
                nodes,
            },
            { parent: this },
        );
        this.kubeconfig = inner.kubeconfig;
        this.apiEndpoint = inner.cluster.apiEndpoint;
        this.clusterRef = refOf(inner.cluster);
        this.registerOutputs({
            kubeconfig: this.kubeconfig,
            apiEndpoint: this.apiEndpoint,
            clusterRef: this.clusterRef,
        });
    }
}
