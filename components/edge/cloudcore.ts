import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../clusters/cluster";
import { chartSource } from "../network/chart-source";
import { VERSION_TABLE } from "../version-table";
import { CLOUDCORE_CONTAINER_PORTS } from "../spec/rules/cloudcore-ports";
import { waitForSecret } from "./token-wait";
import {
    CLOUDCORE_LABELS,
    KUBEEDGE_NAMESPACE,
    TOKEN_SECRET,
    cloudCoreHostNode,
    cloudCoreValues,
    joinEndpoint,
    type JoinEndpoint,
} from "./cloudcore-values";

/** Where and how edge nodes reach CloudCore (taken by `CloudCore` and by `KubeEdge`). */
export interface CloudCoreEndpointArgs {
    /** Addresses edge nodes reach CloudCore at. @default [the cloud cluster's API host] */
    advertiseAddress?: string[];
    /** `HostNetwork`, `NodePort` or `LoadBalancer`. @default "HostNetwork" */
    serviceType?: string;
    /** cloudHub port. @default 10000 */
    cloudHubPort?: number;
    /** Certificate port. @default 10002 */
    certsPort?: number;
    /** Stream port. @default 10003 */
    streamPort?: number;
    /** Tunnel port. @default 10004 */
    tunnelPort?: number;
}

/** Arguments of `CloudCore`. */
export interface CloudCoreArgs extends CloudCoreEndpointArgs {
    /** The cloud cluster hosting CloudCore. */
    cluster: Cluster;
    /** Enable dynamicController (EdgeMesh, metaServer, edge-side Cilium need it). @default false */
    dynamicController?: boolean;
    /** Chart version. @default charts.cloudcore in the version table */
    version?: string;
    /** A chart directory or .tgz archive replacing the chart repo (airgap). */
    chartPath?: string;
    /** Read the join token (only when real edge nodes join). @default false */
    readToken?: boolean;
    /** Do not wait for CloudCore to be ready. @default false */
    skipAwait?: boolean;
    /** Resources that must exist first (the cloud cluster's CNI). @default [] */
    after?: pulumi.Resource[];
}

/** KubeEdge CloudCore on a cloud cluster, from the pinned chart. */
export class CloudCore extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    /** Where edge nodes join. */
    readonly endpoint: JoinEndpoint;
    /** The join token (secret), when `readToken`. */
    readonly token?: pulumi.Output<string>;
    /** The chart values (for outputs and tests). */
    readonly values: Record<string, unknown>;

    constructor(name: string, args: CloudCoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:CloudCore", name, {}, opts);
        const cluster = args.cluster;
        const pin = VERSION_TABLE.charts.cloudcore;
        const version = args.version ?? pin.version;
        const advertiseAddress =
            args.advertiseAddress && args.advertiseAddress.length > 0 ? args.advertiseAddress : [cluster.apiHost];
        const serviceType = args.serviceType ?? "HostNetwork";
        const ports = {
            cloudHub: args.cloudHubPort ?? CLOUDCORE_CONTAINER_PORTS.cloudHub,
            certs: args.certsPort ?? CLOUDCORE_CONTAINER_PORTS.certs,
            stream: args.streamPort ?? CLOUDCORE_CONTAINER_PORTS.stream,
            tunnel: args.tunnelPort ?? CLOUDCORE_CONTAINER_PORTS.tunnel,
        };
        const hostNode = cloudCoreHostNode(serviceType, advertiseAddress, cluster.nodes);
        this.values = cloudCoreValues({
            advertiseAddress,
            serviceType,
            ports,
            dynamicController: args.dynamicController ?? false,
            version,
            hostNode,
        });
        this.endpoint = joinEndpoint(advertiseAddress, ports);
        const source = chartSource(pin, "cloudcore", args.chartPath, version);
        const k8sOpts = { parent: this, provider: cluster.provider };

        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: "cloudcore",
                namespace: KUBEEDGE_NAMESPACE,
                createNamespace: true,
                chart: source.chart,
                version: source.version,
                repositoryOpts: source.repo ? { repo: source.repo } : undefined,
                values: this.values,
                skipAwait: args.skipAwait ?? false,
                timeout: 600,
                maxHistory: 5,
            },
            { ...k8sOpts, dependsOn: [...cluster.ready, ...(args.after ?? [])] },
        );

        if (serviceType === "LoadBalancer") {
            // The chart renders only NodePort or ClusterIP Services.
            new k8s.core.v1.Service(
                `${name}-lb`,
                {
                    metadata: { name: "cloudcore-lb", namespace: KUBEEDGE_NAMESPACE, labels: { ...CLOUDCORE_LABELS } },
                    spec: {
                        type: "LoadBalancer",
                        selector: { ...CLOUDCORE_LABELS },
                        ports: (Object.keys(ports) as (keyof typeof ports)[]).map((k) => ({
                            name: k.toLowerCase(),
                            port: ports[k],
                            targetPort: CLOUDCORE_CONTAINER_PORTS[k],
                            protocol: "TCP",
                        })),
                    },
                },
                { ...k8sOpts, dependsOn: [this.release] },
            );
        }

        if (args.readToken) {
            // The id is unknown until the release exists, so preview does not read a secret that is not
            // there yet; then CloudCore writes it (token-wait.ts).
            const id = pulumi.unsecret(
                pulumi.all([this.release.status, cluster.kubeconfig]).apply(async ([s, kubeconfig]) => {
                    const namespace = s?.namespace ?? KUBEEDGE_NAMESPACE;
                    if (!pulumi.runtime.isDryRun()) await waitForSecret(kubeconfig, namespace, TOKEN_SECRET.name, 300);
                    return `${namespace}/${TOKEN_SECRET.name}`;
                }),
            );
            const secret = k8s.core.v1.Secret.get(`${name}-token`, id, k8sOpts);
            this.token = pulumi.secret(
                secret.data.apply((data) => {
                    const b64 = data?.[TOKEN_SECRET.key];
                    if (!b64) {
                        throw new Error(
                            `CloudCore on '${cluster.name}' has not written ` +
                                `${KUBEEDGE_NAMESPACE}/${TOKEN_SECRET.name} ` +
                                `yet — check that the cloudcore pod runs (kubectl -n ${KUBEEDGE_NAMESPACE} ` +
                                `logs deploy/cloudcore)`,
                        );
                    }
                    return Buffer.from(b64, "base64").toString("utf8").trim();
                }),
            );
        }
        this.registerOutputs({ endpoint: this.endpoint, status: this.release.status });
    }
}
