import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../clusters/cluster";
import { VERSION_TABLE } from "../version-table";
import { chartSource } from "./chart-source";
import { ciliumValues, withMeshCa, type MeshPeerEntry } from "./cilium-values";
import { withMeshCaBundle } from "../day2/mesh-ca-rotation";

/** ClusterMesh membership passed to one cluster's Cilium (the `ClusterMesh` component fills it). */
export interface CiliumMeshArgs {
    /** The mesh CA certificate (PEM), identical for every member. */
    caCertPem: pulumi.Input<string>;
    /** The mesh CA private key (PEM, secret), identical for every member. */
    caKeyPem: pulumi.Input<string>;
    /** Every CA the members trust while the mesh CA rotates (PEM, concatenated; Cilium `tls.caBundle`). @default the
     * signing CA only */
    caBundlePem?: pulumi.Input<string>;
    /** `NodePort` or `LoadBalancer`. @default "NodePort" */
    serviceType?: string;
    /** The clustermesh-apiserver NodePort, distinct per member. */
    nodePort: number;
    /** Identical on every member: 255 or 511. @default 255 */
    maxConnectedClusters?: number;
    /** Every other member: name, port, and ips or address. */
    peers: MeshPeerEntry[];
    /** DNS names peers use for this member (added to the clustermesh-apiserver certificate). @default [] */
    serverDnsNames?: string[];
    /** IPs peers use for this member (added to the clustermesh-apiserver certificate). @default [] */
    serverIps?: string[];
}

/** Arguments of `Cilium`. */
export interface CiliumArgs {
    /** The cluster to install Cilium into (its provider and readiness are used). */
    cluster: Cluster;
    /** Cilium `cluster.id`: the mesh id, 0 when the cluster is not meshed. @default 0 */
    clusterId?: number;
    /** Replace kube-proxy with eBPF service handling. @default false */
    kubeProxyReplacement?: boolean;
    /** `tunnel` or `native`. @default "tunnel" */
    routingMode?: string;
    /** Native routing: the range not masqueraded. @default the cluster's pod CIDR */
    nativeRoutingCidr?: string;
    /** ClusterMesh membership. */
    mesh?: CiliumMeshArgs;
    /** Chart version. @default charts.cilium in the version table */
    version?: string;
    /** A chart directory or .tgz archive replacing the chart repo (airgap). */
    chartPath?: string;
    /** Namespace of the release. @default "kube-system" */
    namespace?: string;
    /** Do not wait for the release's workloads to be ready. @default false */
    skipAwait?: boolean;
}

/** base64 of the PEM, as the chart's buildCustomCert expects (undefined only under test mocks that leave tls outputs
 * unset). */
const b64 = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : Buffer.from(text, "utf8").toString("base64");

/** Cilium as one cluster's CNI, installed from the pinned chart with spec-derived values. */
export class Cilium extends pulumi.ComponentResource {
    /** The Helm release. */
    readonly release: k8s.helm.v3.Release;
    /** The values given to the chart, CA excluded (for outputs and tests). */
    readonly values: Record<string, unknown>;

    constructor(name: string, args: CiliumArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:Cilium", name, {}, opts);
        const cluster = args.cluster;
        const routingMode = args.routingMode ?? "tunnel";
        if (routingMode !== "tunnel" && routingMode !== "native") {
            throw new Error(`Cilium '${name}': routingMode '${routingMode}' is not one of tunnel, native`);
        }
        const serviceType = args.mesh?.serviceType ?? "NodePort";
        if (serviceType !== "NodePort" && serviceType !== "LoadBalancer") {
            throw new Error(`Cilium '${name}': mesh serviceType '${serviceType}' is not one of NodePort, LoadBalancer`);
        }
        this.values = ciliumValues({
            clusterName: cluster.name,
            clusterId: args.clusterId ?? 0,
            podCidr: cluster.podCidr,
            distribution: cluster.distribution,
            apiHost: cluster.apiHost,
            apiPort: cluster.apiPort,
            kubeProxyReplacement: args.kubeProxyReplacement ?? false,
            routingMode,
            nativeRoutingCidr: args.nativeRoutingCidr,
            hasKataNodes: cluster.nodes.some((n) => !n.kubeEdge && n.runtimes.includes("kata")),
            mesh: args.mesh && {
                serviceType,
                nodePort: args.mesh.nodePort,
                maxConnectedClusters: args.mesh.maxConnectedClusters ?? 255,
                peers: args.mesh.peers,
                serverDnsNames: args.mesh.serverDnsNames ?? [],
                serverIps: args.mesh.serverIps ?? [],
            },
        });
        const values: pulumi.Inputs = args.mesh
            ? withMeshCaBundle(
                  withMeshCa(
                      this.values,
                      pulumi.secret(pulumi.output(args.mesh.caCertPem).apply(b64)),
                      pulumi.secret(pulumi.output(args.mesh.caKeyPem).apply(b64)),
                  ),
                  args.mesh.caBundlePem,
              )
            : this.values;
        const source = chartSource(VERSION_TABLE.charts.cilium, "cilium", args.chartPath, args.version);
        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: "cilium",
                namespace: args.namespace ?? "kube-system",
                chart: source.chart,
                version: source.version,
                repositoryOpts: source.repo ? { repo: source.repo } : undefined,
                values,
                skipAwait: args.skipAwait ?? false,
                timeout: 900,
                maxHistory: 5,
            },
            { parent: this, provider: cluster.provider, dependsOn: cluster.ready },
        );
        this.registerOutputs({ status: this.release.status });
    }
}
