import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../clusters/cluster";
import type { HostConnection } from "../hosts/connection";
import { runtimePlansByNode } from "../runtimes/node-step";
import { pinnedFile } from "../hosts/artifacts";
import { VERSION_TABLE } from "../version-table";
import type { VersionTable } from "../versions";
import type { AirgapImagesSpec } from "../spec/artifacts";
import type { DeviceModelSpec, DeviceSpec } from "../spec/kubeedge";
import type { Arch } from "../spec/node";
import { CloudCore, type CloudCoreEndpointArgs } from "./cloudcore";
import type { JoinEndpoint } from "./cloudcore-values";
import { renderDevices } from "./devices";
import { edgeAffinityPatch, edgeAffinityPatchTargets } from "./edge-affinity";
import { EdgeMesh } from "./edgemesh";
import { EDGE_NODE_ARTIFACTS, edgeNodeSteps, type KubeEdgeNodeArgs } from "./edge-node";
import { declareFleetNode, type FleetNode } from "../hosts/fleet-node";
import { declareFleetPools } from "../hosts/fleet-pool";
import { declareInChunks } from "../hosts/chunks";

/** One edge node of `KubeEdge`. */
export interface KubeEdgeNodeEntry {
    /** Kubernetes node name. */
    name: string;
    /** amd64 | arm64 | arm. @default "amd64" */
    arch?: string;
    /** Node labels. @default {} */
    labels?: Record<string, string>;
    /** How the host is reached. @default none: required when joining over SSH */
    connection?: HostConnection;
    /** Extra runtimes (crun, kata, wasmedge) installed on the node before it joins. @default [] */
    runtimes?: string[];
    /** Node capabilities (`kvm` for Kata). @default [] */
    capabilities?: string[];
}

/** Arguments of `KubeEdge`. */
export interface KubeEdgeArgs extends CloudCoreEndpointArgs {
    /** The cloud cluster hosting CloudCore. */
    cloudCluster: Cluster;
    /** Install EdgeMesh (turns on dynamicController). @default false */
    edgeMesh?: boolean;
    /** Edge nodes. @default [] */
    nodes?: KubeEdgeNodeEntry[];
    /** Join the nodes over SSH with keadm (false: the simulated substrate provides them). @default true unless the
     * cloud cluster is `sim` */
    joinOverSsh?: boolean;
    /** DeviceModels. @default [] */
    deviceModels?: DeviceModelSpec[];
    /** Devices, each bound to an edge node. @default [] */
    devices?: DeviceSpec[];
    /** Namespace of the device objects. @default "default" */
    deviceNamespace?: string;
    /** continuum installs Cilium on the cloud cluster (its DaemonSets are kept off edge nodes by values). @default
     * false */
    cloudCiliumManaged?: boolean;
    /** Cilium replaces kube-proxy on the cloud cluster. @default false */
    cloudKubeProxyReplacement?: boolean;
    /** KubeEdge version. @default charts.cloudcore in the version table */
    version?: string;
    /** CloudCore chart directory or archive (airgap). */
    chartPath?: string;
    /** EdgeMesh chart directory or archive (airgap). */
    edgeMeshChartPath?: string;
    /** Airgap directory with the pinned host archives. */
    artifactDir?: string;
    /** The version table (with the stack's `artifacts:` pins). @default VERSION_TABLE */
    table?: VersionTable;
    /** Airgap: image archives imported on each edge node before `keadm join`. @default none */
    airgapImages?: AirgapImagesSpec;
    /** `systemd` or `cgroupfs` on edge nodes. @default "systemd" */
    cgroupDriver?: string;
    /** Local pod range of edge nodes. @default "10.88.0.0/16" */
    podSubnet?: string;
    /** Edge hosts are system containers (`kubeedge.hostSystem.systemContainer`). @default false */
    systemContainer?: boolean;
    /** edgecore's hard eviction thresholds (`kubeedge.hostSystem.evictionHard`). @default edgecore's */
    evictionHard?: Record<string, string>;
    /** Resources CloudCore waits for (the cloud cluster's CNI). @default [] */
    after?: pulumi.Resource[];
    /** Converge pools for the nodes joined over SSH (`kubeedge.fleet`, hosts/fleet-pool.ts). @default one per node */
    fleet?: { pools?: number; parallel: number };
}

/**
 * KubeEdge: CloudCore on the cloud cluster, DaemonSet patches keeping cloud networking off
 * edge nodes, EdgeMesh, the device objects, and (real hosts) the edge nodes joined with keadm.
 */
export class KubeEdge extends pulumi.ComponentResource {
    readonly cloudCore: CloudCore;
    readonly edgeMesh?: EdgeMesh;
    /** The edge nodes joined over SSH (one converge each), by name; empty with converge pools (`fleet`). */
    readonly nodes: Record<string, FleetNode> = {};
    /** Every edge node declared (they are declared in chunks after the constructor returns). */
    readonly nodesDeclared: Promise<pulumi.Resource[]>;
    /** Names of the DaemonSets patched with the edge anti-affinity. */
    readonly patchedDaemonSets: string[];
    /** Names of the device objects (`Kind/name`). */
    readonly deviceObjects: string[];

    constructor(name: string, args: KubeEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KubeEdge", name, {}, opts);
        const cloud = args.cloudCluster;
        const nodes = args.nodes ?? [];
        const overSsh = args.joinOverSsh ?? cloud.substrate !== "sim";
        if (overSsh) {
            const missing = nodes.filter((n) => !n.connection).map((n) => n.name);
            if (missing.length > 0) {
                throw new Error(
                    `KubeEdge nodes ${missing.join(", ")} join over SSH ` +
                        `but have no connection — give them host: and hostKey:`,
                );
            }
            // Refuse an unpinned arch or an empty sha256 before anything is declared.
            for (const n of nodes) {
                for (const a of EDGE_NODE_ARTIFACTS) pinnedFile(args.table ?? VERSION_TABLE, a, n.arch ?? "amd64");
            }
        }
        const k8sOpts = { parent: this, provider: cloud.provider };

        this.cloudCore = new CloudCore(
            `${name}-cloudcore`,
            {
                cluster: cloud,
                advertiseAddress: args.advertiseAddress,
                serviceType: args.serviceType,
                cloudHubPort: args.cloudHubPort,
                certsPort: args.certsPort,
                streamPort: args.streamPort,
                tunnelPort: args.tunnelPort,
                dynamicController: args.edgeMesh ?? false,
                version: args.version,
                chartPath: args.chartPath,
                readToken: overSsh && nodes.length > 0,
                after: args.after,
            },
            { parent: this },
        );

        const targets = edgeAffinityPatchTargets({
            distribution: cloud.distribution,
            substrate: cloud.substrate,
            ciliumManaged: args.cloudCiliumManaged ?? false,
            kubeProxyReplacement: args.cloudKubeProxyReplacement ?? false,
        });
        this.patchedDaemonSets = targets.map((t) => `${t.namespace}/${t.name}`);
        for (const t of targets) {
            if (t.kind === "Deployment") {
                new k8s.apps.v1.DeploymentPatch(`${name}-offedge-${t.name}`, edgeAffinityPatch(t), {
                    ...k8sOpts,
                    dependsOn: cloud.ready,
                });
            } else {
                new k8s.apps.v1.DaemonSetPatch(`${name}-offedge-${t.name}`, edgeAffinityPatch(t), {
                    ...k8sOpts,
                    dependsOn: cloud.ready,
                });
            }
        }

        if (args.edgeMesh) {
            this.edgeMesh = new EdgeMesh(
                `${name}-edgemesh`,
                {
                    cluster: cloud,
                    chartPath: args.edgeMeshChartPath,
                    after: [this.cloudCore.release],
                },
                { parent: this },
            );
        }

        const objects = renderDevices(args.deviceModels ?? [], args.devices ?? [], args.deviceNamespace ?? "default");
        this.deviceObjects = objects.map((o) => `${o.kind}/${o.metadata.name}`);
        const models: pulumi.Resource[] = [];
        for (const o of objects) {
            const res = new k8s.apiextensions.CustomResource(`${name}-${o.kind.toLowerCase()}-${o.metadata.name}`, o, {
                ...k8sOpts,
                // CRDs come with the CloudCore chart; Devices need their model.
                dependsOn: o.kind === "Device" ? [this.cloudCore.release, ...models] : [this.cloudCore.release],
            });
            if (o.kind === "DeviceModel") models.push(res);
        }

        // Edge nodes: one converge each (bundle push and converge over SSH, no component per node),
        // or one per pool of nodes (`fleet.pools`, hosts/fleet-pool.ts), declared in chunks. Every
        // node is checked first (a bad arch or checksum stops here) and
        // planned again when its chunk is declared: a fleet's plans held all at once are most of
        // the program's memory before the first registration.
        const join = { endpoint: this.cloudCore.endpoint, token: this.cloudCore.token as pulumi.Output<string> };
        const planEdgeNode = (n: KubeEdgeNodeEntry) => ({
            name: n.name,
            connection: n.connection as HostConnection,
            steps: edgeNodeSteps(edgeNodeArgs(args, cloud, n, join), this),
        });
        const joining = overSsh ? nodes : [];
        for (const n of joining) planEdgeNode(n);
        const pools = args.fleet?.pools;
        const declared = pools
            ? declareFleetPools(`${name}-edge`, {
                  items: joining,
                  nameOf: (node) => node.name,
                  plan: planEdgeNode,
                  pools,
                  parallel: args.fleet?.parallel,
                  specPath: "kubeedge.fleet.pools",
                  dependsOn: [this.cloudCore],
                  parent: this,
              })
            : declareInChunks(joining, (node) => {
                  const n = planEdgeNode(node);
                  const fleetNode = declareFleetNode(`${name}-${n.name}`, {
                      connection: n.connection,
                      steps: n.steps,
                      dependsOn: [this.cloudCore],
                      parent: this,
                  });
                  this.nodes[n.name] = fleetNode;
                  return [fleetNode.converge];
              });
        this.nodesDeclared = declared.all;

        this.registerOutputs(
            declared.all.then(() => ({
                endpoint: this.cloudCore.endpoint,
                edgeNodes: nodes.map((n) => n.name),
                patchedDaemonSets: this.patchedDaemonSets,
                deviceObjects: this.deviceObjects,
            })),
        );
    }
}

/** The cloud cluster as an edge node's plan reads it. */
export type EdgeCloud = Pick<Cluster, "name" | "substrate" | "distribution">;

/**
 * What `KubeEdge` passes to each edge node it joins over SSH (`edgeNodeSteps`, or one
 * `KubeEdgeNode`): the node's entry, KubeEdge's args, the node's runtime plan on the cloud
 * cluster, and where and with which token it joins (CloudCore's `endpoint` and `token`).
 */
export function edgeNodeArgs(
    args: Omit<KubeEdgeArgs, "cloudCluster">,
    cloud: EdgeCloud,
    n: KubeEdgeNodeEntry,
    join: { endpoint: JoinEndpoint; token: pulumi.Input<string> },
): KubeEdgeNodeArgs {
    const runtimes =
        (n.runtimes ?? []).length === 0
            ? undefined
            : runtimePlansByNode({
                  name: cloud.name,
                  substrate: cloud.substrate,
                  distribution: cloud.distribution,
                  nodes: [
                      {
                          name: n.name,
                          roles: ["edge"],
                          arch: (n.arch ?? "amd64") as Arch,
                          labels: {},
                          capabilities: n.capabilities ?? [],
                          runtimes: n.runtimes ?? [],
                          kubeEdge: true,
                      },
                  ],
              }).get(n.name);
    return {
        nodeName: n.name,
        connection: n.connection as HostConnection,
        arch: n.arch,
        labels: n.labels,
        endpoint: join.endpoint,
        token: join.token,
        kubeedgeVersion: args.version,
        cgroupDriver: args.cgroupDriver,
        podSubnet: args.podSubnet,
        systemContainer: args.systemContainer,
        evictionHard: args.evictionHard,
        artifactDir: args.artifactDir,
        table: args.table,
        airgapImages: args.airgapImages,
        runtimes,
        cloudDistribution: cloud.distribution,
    };
}
