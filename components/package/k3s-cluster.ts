import * as pulumi from "@pulumi/pulumi";
import { declareClusterComponent } from "./cluster-component";
import type { ClusterBaseArgs } from "./cluster-base-args";
import type { ClusterRef } from "./cluster-ref-args";
import type { Tier } from "./enums";

/** Arguments of K3sCluster. */
export interface K3sClusterArgs extends ClusterBaseArgs {
    /** cloud or edge. @default "edge" */
    tier?: pulumi.Input<Tier>;
}

/**
 * A K3s cluster on machines reached over SSH: servers and agents installed from pinned artifacts, each node converged
 * by the toolkit's host scripts (runtimes included), host keys pinned.
 * Cilium, Akri, KubeEdge and runtimes are separate components (ClusterMesh, Akri, KubeEdge,
 * RuntimeCatalog) that take `clusterRef` and `kubeconfig`; Continuum wires them all from one spec.
 */
export class K3sCluster extends pulumi.ComponentResource {
    /** The kubeconfig (secret). */
    readonly kubeconfig: pulumi.Output<string>;
    /** `https://host:port` of the API server. */
    readonly apiEndpoint: pulumi.Output<string>;
    /** The cluster as plain data, for the add-on components (with `kubeconfig`). */
    readonly clusterRef: ClusterRef;

    constructor(name: string, args: K3sClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:K3sCluster", name, {}, opts);
        const outputs = declareClusterComponent("K3sCluster", this, name, args);
        this.kubeconfig = outputs.kubeconfig;
        this.apiEndpoint = outputs.apiEndpoint;
        this.clusterRef = outputs.clusterRef;
        this.registerOutputs(outputs);
    }
}
