/**
 * The one place a `Cluster` handle is made: every substrate gives its identity, kubeconfig,
 * API address, network and nodes, and gets the provider (stable `clusterIdentifier`, secret
 * kubeconfig) and the handle with the spec's defaults applied.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_CLUSTER_DOMAIN, type Substrate } from "../spec/cluster";
import type { Cluster } from "./cluster";
import { kubeconfigEndpoint } from "./local/kubeconfig";

/** The `clusterIdentifier` of a cluster's provider, `<cluster>-<substrate>`: stable across kubeconfig changes. */
export function clusterIdentifier(clusterName: string, substrate: Substrate): string {
    return `${clusterName}-${substrate}`;
}

/** How a cluster's provider is made, besides its kubeconfig. */
export interface ClusterProviderOptions {
    /** Kubeconfig context. @default the current context */
    context?: string;
    /** What the provider waits for. @default [] */
    dependsOn?: pulumi.Resource[];
    /** Delete the cluster's objects from the state when its API is gone (a destroyed sim cluster). @default false */
    deleteUnreachable?: boolean;
}

/**
 * The cluster's Kubernetes provider: its kubeconfig is a secret, and its identity does not
 * change when the kubeconfig does (otherwise every object in the cluster would be replaced).
 */
export function clusterProvider(
    name: string,
    clusterName: string,
    substrate: Substrate,
    kubeconfig: pulumi.Output<string>,
    parent: pulumi.Resource,
    options: ClusterProviderOptions = {},
): k8s.Provider {
    return new k8s.Provider(
        name,
        {
            kubeconfig: pulumi.secret(kubeconfig),
            context: options.context,
            clusterIdentifier: clusterIdentifier(clusterName, substrate),
            ...(options.deleteUnreachable ? { deleteUnreachable: true } : {}),
        },
        { parent, dependsOn: options.dependsOn ?? [] },
    );
}

/** `https://host:port` of the API from a kubeconfig (the address is not secret; the kubeconfig stays so). */
export function apiEndpointOf(kubeconfig: pulumi.Output<string>, context?: string): pulumi.Output<string> {
    return pulumi.unsecret(kubeconfig.apply((k) => kubeconfigEndpoint(k, context).server));
}

/**
 * What a substrate hands over to make its `Cluster` handle: the handle's fields, with the pod and
 * service CIDRs and the DNS domain (default cluster.local) as the spec's `network` block has them.
 */
export type ClusterHandleParts = Omit<Cluster, "podCidr" | "serviceCidr" | "clusterDomain"> & {
    network: { podCidr: string; serviceCidr: string; clusterDomain?: string };
};

/** The `Cluster` handle from a substrate's parts. */
export function clusterHandle(p: ClusterHandleParts): Cluster {
    const { network, ...rest } = p;
    return {
        ...rest,
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        clusterDomain: network.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
    };
}
