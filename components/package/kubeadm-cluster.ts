import * as pulumi from "@pulumi/pulumi";
import { declareClusterComponent } from "./cluster-component";
import type { ClusterBaseArgs } from "./cluster-base-args";
import type { ClusterRef } from "./cluster-ref-args";
import type { Tier } from "./enums";

/** Arguments of KubeadmCluster. */
export interface KubeadmClusterArgs extends ClusterBaseArgs {
    /** cloud or edge. @default "cloud" */
    tier?: pulumi.Input<Tier>;
}

/**
 * A kubeadm cluster on machines reached over SSH: control planes and workers joined with kubeadm, containerd and the
 * node's runtimes installed by the toolkit's host scripts, host keys pinned.
 * Cilium, Akri, KubeEdge and runtimes are separate components (ClusterMesh, Akri, KubeEdge,
 * RuntimeCatalog) that take `clusterRef` and `kubeconfig`; Continuum wires them all from one spec.
 */
export class KubeadmCluster extends pulumi.ComponentResource {
    /** The kubeconfig (secret). */
    readonly kubeconfig: pulumi.Output<string>;
    /** `https://host:port` of the API server. */
    readonly apiEndpoint: pulumi.Output<string>;
    /** The cluster as plain data, for the add-on components (with `kubeconfig`). */
    readonly clusterRef: ClusterRef;

    constructor(name: string, args: KubeadmClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KubeadmCluster", name, {}, opts);
        const outputs = declareClusterComponent("KubeadmCluster", this, name, args);
        this.kubeconfig = outputs.kubeconfig;
        this.apiEndpoint = outputs.apiEndpoint;
        this.clusterRef = outputs.clusterRef;
        this.registerOutputs(outputs);
    }
}
