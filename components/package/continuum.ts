import * as pulumi from "@pulumi/pulumi";
import { Continuum as InternalContinuum } from "../continuum";
import { specFromArgs } from "./adapter";
import type { ContinuumSpecArgs } from "./continuum-spec-args";

/** Arguments of Continuum. */
export interface ContinuumArgs {
    /** The whole continuum: the same shape as the `continuum:spec` config key (README, "Stack file reference"). */
    spec: ContinuumSpecArgs;
}

/** What the continuum exports about one cluster. */
export interface ClusterInfo {
    /** cloud or edge. */
    tier: string;
    /** Where it runs. */
    substrate: string;
    /** What runs there. */
    distribution: string;
    /** `https://host:port` of the API server. */
    apiEndpoint: string;
    /** Pod CIDR. */
    podCidr: string;
    /** Service CIDR. */
    serviceCidr: string;
    /** Node names. */
    nodes: string[];
}

/**
 * The whole continuum from one spec: clusters on their substrates, Cilium and ClusterMesh, KubeEdge,
 * Akri and the runtime catalog — what the `continuum:spec` config of a stack declares.
 */
export class Continuum extends pulumi.ComponentResource {
    /** Per cluster: tier, substrate, API endpoint, CIDRs, nodes. */
    readonly clusters: pulumi.Output<{ [name: string]: ClusterInfo }>;
    /** Per cluster: its kubeconfig (secret). */
    readonly kubeconfigs: pulumi.Output<{ [name: string]: string }>;

    constructor(name: string, args: ContinuumArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:Continuum", name, {}, opts);
        const spec = specFromArgs(`Continuum '${name}'`, args.spec);
        const inner = new InternalContinuum(name, { spec }, { parent: this });
        const entries = Object.entries(inner.clusterOutputs);
        this.clusters = pulumi.output(
            Object.fromEntries(
                entries.map(([n, c]) => [
                    n,
                    {
                        tier: c.tier,
                        substrate: c.substrate,
                        distribution: c.distribution,
                        apiEndpoint: c.apiEndpoint,
                        podCidr: c.podCidr,
                        serviceCidr: c.serviceCidr,
                        nodes: c.nodes,
                    },
                ]),
            ),
        );
        this.kubeconfigs = pulumi.secret(pulumi.output(Object.fromEntries(entries.map(([n, c]) => [n, c.kubeconfig]))));
        this.registerOutputs({ clusters: this.clusters, kubeconfigs: this.kubeconfigs });
    }
}
