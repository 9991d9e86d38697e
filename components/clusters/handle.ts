import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { kubeconfigEndpoint } from "./kubeconfig";

/** The `clusterIdentifier` of a cluster's provider: stable across kubeconfig changes. */
export function clusterIdentifier(clusterName: string, substrate: string): string {
    return `${clusterName}-${substrate}`;
}

/**
 * The cluster's Kubernetes provider: its kubeconfig is a secret, and its identity does not
 * change when the kubeconfig does (otherwise every object in the cluster would be replaced).
 */
export function clusterProvider(
    name: string, clusterName: string, substrate: string, kubeconfig: pulumi.Output<string>, parent: pulumi.Resource, context?: string,
): k8s.Provider {
    return new k8s.Provider(`${name}-k8s`, {
        kubeconfig: pulumi.secret(kubeconfig),
        context,
        clusterIdentifier: clusterIdentifier(clusterName, substrate),
    }, { parent });
}

/** `https://host:port` of the API from a kubeconfig (the address is not secret; the kubeconfig stays so). */
export function apiEndpointOf(kubeconfig: pulumi.Output<string>, context?: string): pulumi.Output<string> {
    return pulumi.unsecret(kubeconfig.apply((k) => kubeconfigEndpoint(k, context).server));
}
