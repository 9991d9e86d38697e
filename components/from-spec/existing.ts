import * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../spec/continuum-spec";
import type { ClusterSpec } from "../spec/cluster";
import type { Cluster, ClusterBuilder } from "../clusters/cluster";
import { kubeconfigEndpoint } from "../clusters/local/kubeconfig";
import { ExistingCluster, type ExistingClusterArgs } from "../clusters/existing/existing-cluster";

/**
 * ExistingCluster args from a validated spec. The kubeconfig is revealed only to be wrapped at
 * once in a secret; its server address (not secret) gives the API host when apiEndpoint.host
 * is unset.
 */
export function existingArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec): ExistingClusterArgs {
    const index = spec.clusters.indexOf(c);
    const path = `clusters[${index}].existing.kubeconfig`;
    if (!c.existing) {
        throw new Error(
            `cluster '${c.name}' is on the existing substrate but has no kubeconfig — set ${path} as a secret`,
        );
    }
    const text = c.existing.kubeconfig.reveal(path);
    const endpoint = kubeconfigEndpoint(text, c.existing.context, path);
    return {
        clusterName: c.name,
        tier: c.tier,
        distribution: c.distribution,
        kubeconfig: pulumi.secret(text),
        context: c.existing.context,
        apiHost: c.apiEndpoint.host ?? endpoint.host,
        apiPort: c.apiEndpoint.host ? c.apiEndpoint.port : endpoint.port,
        podCidr: c.network.podCidr,
        serviceCidr: c.network.serviceCidr,
        clusterDomain: c.network.clusterDomain,
        nodes: c.nodes.map((n) => ({
            name: n.name,
            roles: n.roles,
            arch: n.arch,
            labels: { ...c.nodeLabels, ...n.labels },
            capabilities: n.capabilities,
            runtimes: n.runtimes,
        })),
    };
}

/** The factory entry for substrate `existing`. */
export const buildExistingCluster: ClusterBuilder = (spec, c, opts: pulumi.ComponentResourceOptions): Cluster =>
    new ExistingCluster(c.name, existingArgsFromSpec(spec, c), opts).cluster;
