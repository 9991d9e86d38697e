import * as pulumi from "@pulumi/pulumi";
import { kubeEdgeFromSpec } from "../from-spec/edge";
import { clusterHandle, clusterSpecOfRef, known, specFromArgs } from "./adapter";
import type { CiliumArgs } from "./cluster-spec-args";
import type { ClusterRefArgs } from "./cluster-ref-args";
import type { AirgapArgs, ArtifactPinArgs, KubeEdgeSettingsArgs, SshArgs, VersionsArgs } from "./continuum-spec-args";

/** Arguments of KubeEdge. */
export interface KubeEdgeArgs extends KubeEdgeSettingsArgs {
    /** The cloud cluster hosting CloudCore (plain data: a cluster component's `clusterRef`, or written out). */
    cloudCluster: ClusterRefArgs;
    /** The cloud cluster's kubeconfig (secret: wrapped with pulumi.secret). */
    kubeconfig: pulumi.Input<string>;
    /** Kubeconfig context. @default the current context */
    context?: pulumi.Input<string>;
    /** The cloud cluster's Cilium, when continuum installs it there (its DaemonSets are kept off edge nodes). @default
     * none */
    cloudCilium?: CiliumArgs;
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
                fleet: args.fleet,
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
