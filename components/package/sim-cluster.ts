import * as pulumi from "@pulumi/pulumi";
import { declareClusterComponent } from "./cluster-component";
import type { ClusterBaseArgs } from "./cluster-base-args";
import type { ClusterRef } from "./cluster-ref-args";
import type { Distribution, Tier } from "./enums";

/** Arguments of SimCluster. */
export interface SimClusterArgs extends ClusterBaseArgs {
    /** cloud or edge. @default "cloud" */
    tier?: pulumi.Input<Tier>;
    /** The distribution the cluster simulates (node roles and labels follow it). @default "kubeadm" */
    distribution?: pulumi.Input<Distribution>;
}

/**
 * A simulated cluster: a real kube-apiserver (with etcd, controller-manager and scheduler) on this
 * machine and kwok nodes with the spec's labels, taints and capacity — no containers run.
 * Needs the toolchain's Kubernetes binaries (`npm run toolchain -- --kube`).
 * Cilium, Akri, KubeEdge and runtimes are separate components (ClusterMesh, Akri, KubeEdge,
 * RuntimeCatalog) that take `clusterRef` and `kubeconfig`; Continuum wires them all from one spec.
 */
export class SimCluster extends pulumi.ComponentResource {
    /** The kubeconfig (secret). */
    readonly kubeconfig: pulumi.Output<string>;
    /** `https://host:port` of the API server. */
    readonly apiEndpoint: pulumi.Output<string>;
    /** The cluster as plain data, for the add-on components (with `kubeconfig`). */
    readonly clusterRef: ClusterRef;

    constructor(name: string, args: SimClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:SimCluster", name, {}, opts);
        const outputs = declareClusterComponent("SimCluster", this, name, args);
        this.kubeconfig = outputs.kubeconfig;
        this.apiEndpoint = outputs.apiEndpoint;
        this.clusterRef = outputs.clusterRef;
        this.registerOutputs(outputs);
    }
}
