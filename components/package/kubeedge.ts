import * as pulumi from "@pulumi/pulumi";
import { kubeEdgeFromSpec } from "../from-spec/edge";
import { clusterHandle, clusterSpecOfRef, known, specFromArgs } from "./adapter";
import type { CiliumArgs, EdgeNodeSpecArgs } from "./cluster-spec-args";
import type { ClusterRefArgs } from "./cluster-ref-args";
import type { AirgapArgs, ArtifactPinArgs, CloudCorePortsArgs, DeviceArgs, DeviceModelArgs, EdgeHostSystemArgs, SshArgs, VersionsArgs } from "./continuum-spec-args";
import type { CloudCoreServiceType } from "./enums";

/** Arguments of KubeEdge. */
export interface KubeEdgeArgs {
    /** The cloud cluster hosting CloudCore (plain data: a cluster component's `clusterRef`, or written out). */
    cloudCluster: ClusterRefArgs;
    /** The cloud cluster's kubeconfig (secret: wrapped with pulumi.secret). */
    kubeconfig: pulumi.Input<string>;
    /** Kubeconfig context. @default the current context */
    context?: pulumi.Input<string>;
    /** The cloud cluster's Cilium, when continuum installs it there (its DaemonSets are kept off edge nodes). @default none */
    cloudCilium?: CiliumArgs;
    /** Addresses edge nodes reach CloudCore at. @default the cluster's API host */
    advertiseAddress?: pulumi.Input<string>[];
    /** CloudCore ports. @default { cloudHub: 10000, certs: 10002, stream: 10003, tunnel: 10004 } */
    ports?: CloudCorePortsArgs;
    /** How CloudCore is exposed. @default "HostNetwork" */
    serviceType?: pulumi.Input<CloudCoreServiceType>;
    /** EdgeMesh for service discovery between edge nodes. @default false */
    edgeMesh?: pulumi.Input<boolean>;
    /** Edge nodes joined with keadm over SSH (unless the cloud cluster is simulated). @default [] */
    nodes?: EdgeNodeSpecArgs[];
    /** What the edge machines are. @default { systemContainer: false } */
    hostSystem?: EdgeHostSystemArgs;
    /** DeviceModels. @default [] */
    deviceModels?: DeviceModelArgs[];
    /** Devices. @default [] */
    devices?: DeviceArgs[];
    /** SSH defaults for the edge nodes. @default { user: "continuum", port: 22 } */
    ssh?: SshArgs;
    /** Version overrides (kubeedge). @default {} */
    versions?: VersionsArgs;
    /** Pins of host artifacts (keadm, containerd, ...). @default {} */
    artifacts?: { [artifact: string]: ArtifactPinArgs };
    /** Airgap sources (artifactDir, charts.cloudcore, charts.edgemesh, images). @default {} */
    airgap?: AirgapArgs;
}

/**
 * KubeEdge: CloudCore on the cloud cluster, cloud networking kept off edge nodes, EdgeMesh, the
 * DeviceModels and Devices, and the edge nodes joined with keadm over SSH.
 */
export class KubeEdge extends pulumi.ComponentResource {
    /** The edge nodes. */
    readonly edgeNodes: string[];

    constructor(name: string, args: KubeEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KubeEdge", name, {}, opts);
        const what = `KubeEdge '${name}'`;
        const ref = known<ClusterRefArgs>(what, "cloudCluster", args.cloudCluster)!;
        const spec = specFromArgs(what, {
            ssh: args.ssh,
            versions: args.versions,
            artifacts: args.artifacts,
            airgap: args.airgap,
            clusters: [{ ...clusterSpecOfRef(ref, args.kubeconfig, true), cilium: args.cloudCilium }],
            kubeedge: {
                cloudCluster: ref.name,
                advertiseAddress: args.advertiseAddress,
                ports: args.ports,
                serviceType: args.serviceType,
                edgeMesh: args.edgeMesh,
                nodes: args.nodes,
                hostSystem: args.hostSystem,
                deviceModels: args.deviceModels,
                devices: args.devices,
            },
        });
        const cloud = clusterHandle(what, name, this, spec.clusters[0], ref, args.kubeconfig, args.context);
        kubeEdgeFromSpec(spec, { [cloud.name]: cloud }, this);
        this.edgeNodes = spec.kubeedge!.nodes.map((n) => n.name);
        this.registerOutputs({ edgeNodes: this.edgeNodes });
    }
}
