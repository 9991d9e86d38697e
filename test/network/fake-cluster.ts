import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterNodeInfo } from "../../components/clusters/cluster";

/** Fields a test sets on a Cluster handle; the rest get defaults. */
export interface FakeClusterOptions {
    name: string;
    distribution?: Cluster["distribution"];
    substrate?: Cluster["substrate"];
    tier?: Cluster["tier"];
    podCidr: string;
    serviceCidr?: string;
    apiHost?: string;
    apiPort?: number;
    nodes?: Partial<ClusterNodeInfo>[];
}

/** A Cluster handle as a substrate would return it, with its own provider (register under mocks). */
export function fakeCluster(o: FakeClusterOptions): Cluster {
    const provider = new k8s.Provider(`${o.name}-provider`, {
        kubeconfig: "fake",
        clusterIdentifier: `${o.name}-test`,
    });
    return {
        name: o.name,
        tier: o.tier ?? "cloud",
        distribution: o.distribution ?? "kubeadm",
        substrate: o.substrate ?? "ssh",
        kubeconfig: pulumi.secret("fake-kubeconfig"),
        provider,
        apiEndpoint: pulumi.output(`https://${o.apiHost ?? "10.0.0.1"}:${o.apiPort ?? 6443}`),
        apiHost: o.apiHost ?? "10.0.0.1",
        apiPort: o.apiPort ?? 6443,
        podCidr: o.podCidr,
        serviceCidr: o.serviceCidr ?? "10.96.0.0/16",
        clusterDomain: "cluster.local",
        nodes: (o.nodes ?? []).map((n, i) => ({
            name: n.name ?? `${o.name}-n${i}`,
            roles: n.roles ?? ["worker"],
            arch: n.arch ?? "amd64",
            labels: n.labels ?? {},
            capabilities: n.capabilities ?? [],
            runtimes: n.runtimes ?? [],
            host: n.host,
            kubeEdge: n.kubeEdge ?? false,
        })),
        ready: [],
    };
}
