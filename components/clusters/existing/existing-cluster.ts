import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_LABEL, TIER_LABEL, type Cluster, type ClusterNodeInfo } from "../cluster";
import { apiEndpointOf, clusterProvider } from "../local/handle";
import { LOCAL_COMMANDS, localCommandOptions, localScriptCommand } from "../local/local-command";

/** A node of an existing cluster, as the spec describes it (continuum does not manage it). */
export interface ExistingNodeArgs {
    /** Kubernetes node name. */
    name: string;
    /** Roles. @default [] */
    roles?: string[];
    /** amd64 | arm64 | arm. @default "amd64" */
    arch?: string;
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
    tier?: string;
    /** What runs there (kubeadm, k3s, existing). @default "existing" */
    distribution?: string;
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
        super("continuum:index:ExistingCluster", name, {}, opts);
        const kubeconfig = pulumi.secret(args.kubeconfig);
        const params = kubeconfig.apply((k) => ({
            CLUSTER_NAME: args.clusterName,
            KUBECONFIG_DATA: k,
            ...(args.context ? { CONTEXT: args.context } : {}),
        }));
        const check = localScriptCommand(`${name}-api-check`, {
            create: LOCAL_COMMANDS.existingCheck,
            params,
        }, localCommandOptions(this));

        this.kubeconfig = pulumi.secret(pulumi.all([check.stdout, kubeconfig]).apply(([, k]) => k));
        this.provider = clusterProvider(name, args.clusterName, "existing", this.kubeconfig, this, args.context);
        const tier = args.tier ?? "cloud";
        const nodes: ClusterNodeInfo[] = (args.nodes ?? []).map((n) => ({
            name: n.name,
            roles: n.roles ?? [],
            arch: n.arch ?? "amd64",
            labels: { ...(n.labels ?? {}), [TIER_LABEL]: tier, [CLUSTER_LABEL]: args.clusterName },
            capabilities: n.capabilities ?? [],
            runtimes: n.runtimes ?? [],
            kubeEdge: false,
        }));
        this.cluster = {
            name: args.clusterName,
            tier,
            distribution: args.distribution ?? "existing",
            substrate: "existing",
            kubeconfig: this.kubeconfig,
            provider: this.provider,
            apiEndpoint: apiEndpointOf(this.kubeconfig, args.context),
            apiHost: args.apiHost,
            apiPort: args.apiPort,
            podCidr: args.podCidr,
            serviceCidr: args.serviceCidr,
            clusterDomain: args.clusterDomain ?? "cluster.local",
            nodes,
            ready: [check],
        };
        this.registerOutputs({ kubeconfig: this.kubeconfig, apiEndpoint: this.cluster.apiEndpoint });
    }
}
