import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../clusters/cluster";
import { networkFromSpec } from "../from-spec/network";
import { clusterHandle, clusterSpecOfRef, known, specFromArgs } from "./adapter";
import type { ClusterRefArgs } from "./cluster-ref-args";
import type { MeshServiceType, RoutingMode } from "./enums";

/** One cluster of the mesh. */
export interface MeshMemberRefArgs {
    /** The cluster (plain data: a cluster component's `clusterRef`, or written out). */
    cluster: ClusterRefArgs;
    /** Cilium cluster id, 1-255, unique in the mesh. */
    id: pulumi.Input<number>;
    /** How clustermesh-apiserver is exposed. @default "NodePort" */
    serviceType?: pulumi.Input<MeshServiceType>;
    /** NodePort of clustermesh-apiserver. @default 32379 + id - 1 */
    nodePort?: pulumi.Input<number>;
    /** Cilium replaces kube-proxy. @default false */
    kubeProxyReplacement?: pulumi.Input<boolean>;
    /** Datapath routing mode; identical across the mesh. @default "tunnel" */
    routingMode?: pulumi.Input<RoutingMode>;
    /** Kubeconfig context. @default the current context */
    context?: pulumi.Input<string>;
}

/** Arguments of ClusterMesh. */
export interface ClusterMeshArgs {
    /** The members; each lists every other one. */
    members: MeshMemberRefArgs[];
    /** Each member's kubeconfig by cluster name (secrets: wrapped with pulumi.secret). */
    kubeconfigs: { [cluster: string]: pulumi.Input<string> };
    /** 255 or 511, identical on every member. @default 255 */
    maxConnectedClusters?: pulumi.Input<number>;
    /** Cilium chart version. @default the version table's */
    version?: pulumi.Input<string>;
    /** Cilium chart archive or directory replacing the chart repository (airgap). @default the repository */
    chartPath?: pulumi.Input<string>;
}

/** Which member lists which. */
export interface MeshPeering {
    /** Cluster name. */
    cluster: string;
    /** Its Cilium cluster id. */
    id: number;
    /** `<address>:<port>` its peers use. */
    endpoint: string;
    /** The clusters it lists. */
    peers: string[];
}

/**
 * Cilium ClusterMesh across clusters, declared: Cilium on every member with one mesh CA generated
 * here, each member listing every other one at its address and distinct NodePort.
 */
export class ClusterMesh extends pulumi.ComponentResource {
    /** Who sees whom. */
    readonly topology: MeshPeering[];
    /** The mesh CA certificate (PEM; public). */
    readonly caCertPem: pulumi.Output<string>;

    constructor(name: string, args: ClusterMeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:ClusterMesh", name, {}, opts);
        const what = `ClusterMesh '${name}'`;
        const members = known<MeshMemberRefArgs[]>(what, "members", args.members) ?? [];
        const kubeconfigs = pulumi.output(args.kubeconfigs);
        const kubeconfigOf = (cluster: string) =>
            kubeconfigs.apply((all) => {
                const k = all[cluster];
                if (k === undefined)
                    throw new Error(
                        `${what}: kubeconfigs has no entry for member '${cluster}' ` +
                            `— add its kubeconfig under that name`,
                    );
                return k;
            });
        const spec = specFromArgs(what, {
            mesh: { maxConnectedClusters: args.maxConnectedClusters },
            versions: { cilium: args.version },
            airgap: { charts: { cilium: args.chartPath } },
            clusters: members.map((m) => ({
                ...clusterSpecOfRef(m.cluster, "[kubeconfig]"),
                cilium: { kubeProxyReplacement: m.kubeProxyReplacement, routingMode: m.routingMode },
                mesh: { id: m.id, serviceType: m.serviceType, nodePort: m.nodePort },
            })),
        });
        const clusters: Record<string, Cluster> = {};
        members.forEach((m, i) => {
            const clusterName = spec.clusters[i].name;
            clusters[clusterName] = clusterHandle(
                what,
                `${name}-${clusterName}`,
                this,
                spec.clusters[i],
                m.cluster,
                kubeconfigOf(clusterName),
                m.context,
            );
        });
        const network = networkFromSpec(spec, clusters, this);
        if (!network.mesh) throw new Error(`${what}: no member is meshed — list at least one member`);
        this.topology = network.meshTopology.map((t) => ({
            cluster: t.cluster,
            id: t.id,
            endpoint: t.endpoint,
            peers: [...t.peers],
        }));
        this.caCertPem = network.mesh.caCertPem;
        this.registerOutputs({ topology: this.topology, caCertPem: this.caCertPem });
    }
}
