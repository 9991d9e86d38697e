import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Distribution } from "../../distributions/distribution";
import type { NodeRole } from "../../distributions/distribution";
import { Substrate, Tier } from "../../spec/cluster";
import type { Arch } from "../../spec/node";
import { CLUSTER_LABEL, TIER_LABEL, type Cluster, type ClusterNodeInfo } from "../cluster";
import { apiEndpointOf, clusterHandle, clusterProvider } from "../handle";
import { LOCAL_COMMANDS, localCommandOptions, localScriptCommand } from "../local/local-command";

/** A node of an existing cluster, as the spec describes it (continuum does not manage it). */
export interface ExistingNodeArgs {
    /** Kubernetes node name. */
    name: string;
    /** Roles. @default [] */
    roles?: NodeRole[];
    /** amd64 | arm64 | arm. @default "amd64" */
    arch?: Arch;
    /** Labels the node carries. @default {} */
    labels?: Record<string, string>;
    /** Capabilities (e.g. kvm). @default [] */
    capabilities?: string[];
    /** Extra runtimes installed on it. @default [] */
    runtimes?: string[];
}

/** A cluster that already runs: continuum only connects to it. */
export interface ExistingClusterArgs {
    /** Cluster name in the continuum. */
    clusterName: string;
    /** cloud | edge. @default "cloud" */
    tier?: Tier;
    /** What runs there (kubeadm, k3s, existing). @default "existing" */
    distribution?: Distribution;
    /** The kubeconfig (a secret). */
    kubeconfig: pulumi.Input<string>;
    /** Context to use. @default the kubeconfig's current context */
    context?: string;
    /** API host as the cluster's nodes reach it (Cilium k8sServiceHost). */
    apiHost: string;
    /** API port as the cluster's nodes reach it. */
    apiPort: number;
    /** Pod CIDR. */
    podCidr: string;
    /** Service CIDR. */
    serviceCidr: string;
    /** Cluster DNS domain. @default "cluster.local" */
    clusterDomain?: string;
    /** Nodes as the spec lists them. @default [] */
    nodes?: ExistingNodeArgs[];
}

/**
 * An existing cluster: its API is checked once at `pulumi up` (it answers, and the kubeconfig's
 * user may create CRDs) by a local command; the kubeconfig is handed on, secret, only after
 * that check. Nothing is created in or removed from the cluster by this component.
 */
export class ExistingCluster extends pulumi.ComponentResource {
    /** The handle add-ons use. */
    readonly cluster: Cluster;
    /** Kubeconfig (secret), resolved after the API check. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // The args are the component's inputs in the state: the kubeconfig goes there only as a secret.
        const kubeconfig = pulumi.secret(args.kubeconfig);
        super("continuum:index:ExistingCluster", name, { ...args, kubeconfig }, opts);
        const params = kubeconfig.apply((k) => ({
            CLUSTER_NAME: args.clusterName,
            KUBECONFIG_DATA: k,
            ...(args.context ? { CONTEXT: args.context } : {}),
        }));
        const check = localScriptCommand(
            `${name}-api-check`,
            {
                create: LOCAL_COMMANDS.existingCheck,
                params,
            },
            localCommandOptions(this),
        );

        this.kubeconfig = pulumi.secret(pulumi.all([check.stdout, kubeconfig]).apply(([, k]) => k));
        this.provider = clusterProvider(`${name}-k8s`, args.clusterName, Substrate.Existing, this.kubeconfig, this, {
            context: args.context,
        });
        const tier = args.tier ?? Tier.Cloud;
        const nodes: ClusterNodeInfo[] = (args.nodes ?? []).map((n) => ({
            name: n.name,
            roles: n.roles ?? [],
            arch: n.arch ?? "amd64",
            labels: { ...(n.labels ?? {}), [TIER_LABEL]: tier, [CLUSTER_LABEL]: args.clusterName },
            capabilities: n.capabilities ?? [],
            runtimes: n.runtimes ?? [],
            kubeEdge: false,
        }));
        this.cluster = clusterHandle({
            name: args.clusterName,
            tier,
            distribution: args.distribution ?? Distribution.Existing,
            substrate: Substrate.Existing,
            kubeconfig: this.kubeconfig,
            provider: this.provider,
            apiEndpoint: apiEndpointOf(this.kubeconfig, args.context),
            apiHost: args.apiHost,
            apiPort: args.apiPort,
            network: args,
            nodes,
            ready: [check],
        });
        this.registerOutputs({ kubeconfig: this.kubeconfig, apiEndpoint: this.cluster.apiEndpoint });
    }
}
