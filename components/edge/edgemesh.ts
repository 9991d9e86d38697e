import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../clusters/cluster";
import { randomKey } from "../random-key";
import { chartSource } from "../network/chart-source";
import { VERSION_TABLE } from "../version-table";
import { KUBEEDGE_NAMESPACE } from "./cloudcore-values";

/** A relay (bootstrap) node of EdgeMesh's tunnel. */
export interface EdgeMeshRelay {
    nodeName: string;
    advertiseAddress: string[];
}

/** EdgeMesh values without the PSK — pure. */
export function edgeMeshValues(version: string, relays: EdgeMeshRelay[]): Record<string, unknown> {
    return {
        agent: {
            // The chart defaults to :latest; pin the agent to the chart version.
            image: `kubeedge/edgemesh-agent:v${version.replace(/^v/, "")}`,
            ...(relays.length > 0
                ? {
                      relayNodes: relays.map((r) => ({
                          nodeName: r.nodeName,
                          advertiseAddress: [...r.advertiseAddress],
                      })),
                  }
                : {}),
        },
    };
}

/** Relays: the cloud cluster's own nodes that have an address (reachable from the edge). */
export function edgeMeshRelays(cluster: Pick<Cluster, "nodes">): EdgeMeshRelay[] {
    return cluster.nodes
        .filter((n) => !n.kubeEdge && n.host)
        .slice(0, 3)
        .map((n) => ({ nodeName: n.name, advertiseAddress: [n.host as string] }));
}

/** Arguments of `EdgeMesh`. */
export interface EdgeMeshArgs {
    /** The cloud cluster (CloudCore with dynamicController must run there). */
    cluster: Cluster;
    /** Chart version. @default charts.edgemesh in the version table */
    version?: string;
    /**
     * A chart archive replacing the chart repo (airgap); its sha256 must be one the version table
     * pins. @default an archive the table pins in $CONTINUUM_CHART_DIR, else the repository
     */
    chartPath?: string;
    /** Resources that must exist first (CloudCore). @default [] */
    after?: pulumi.Resource[];
    /** Do not wait for the agents to be ready. @default false */
    skipAwait?: boolean;
}

/**
 * EdgeMesh for service discovery between edge nodes. Its PSK is generated here (32 random bytes,
 * a Pulumi secret) and always set, so the sample PSK in the chart's values.yaml ("Don't use this
 * psk, please regenerate it!!!") never reaches a cluster.
 */
export class EdgeMesh extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly values: Record<string, unknown>;

    constructor(name: string, args: EdgeMeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:EdgeMesh", name, {}, opts);
        const pin = VERSION_TABLE.charts.edgemesh;
        const version = args.version ?? pin.version;
        this.values = edgeMeshValues(version, edgeMeshRelays(args.cluster));
        // `openssl rand -base64 32`, as the EdgeMesh docs ask: 32 random bytes, base64 (from a
        // RandomPassword, so the value is never a plain-text resource ID; see random-key.ts).
        const psk = randomKey(`${name}-psk`, { parent: this });
        const agent = this.values.agent as Record<string, unknown>;
        const source = chartSource(pin, "edgemesh", args.chartPath, version);
        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: "edgemesh",
                namespace: KUBEEDGE_NAMESPACE,
                createNamespace: true,
                chart: source.chart,
                version: source.version,
                repositoryOpts: source.repo ? { repo: source.repo } : undefined,
                values: { ...this.values, agent: { ...agent, psk: psk.base64 } },
                skipAwait: args.skipAwait ?? false,
                timeout: 600,
                maxHistory: 5,
            },
            {
                parent: this,
                provider: args.cluster.provider,
                dependsOn: [...args.cluster.ready, ...(args.after ?? [])],
            },
        );
        this.registerOutputs({ status: this.release.status });
    }
}
