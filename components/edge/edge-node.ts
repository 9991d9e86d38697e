import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { HostConnection } from "../hosts/connection";
import { artifactHostFile, pinnedFile } from "../hosts/artifacts";
import { declareFleetNode, type FleetNode, type FleetNodeStep } from "../hosts/fleet-node";
import { sharedSecret } from "../hosts/shared-secret";
import { VERSION_TABLE } from "../version-table";
import type { VersionTable } from "../versions";
import type { AirgapImagesSpec } from "../spec/artifacts";
import { IMAGE_SCRIPTS, nodeImageFiles } from "../hosts/images";
import type { JoinEndpoint } from "./cloudcore-values";
import { EDGE_POD_SUBNET, joinParams, runtimeParams } from "./edge-node-config";
import type { NodeRuntimePlan } from "../runtimes/plan";
import { nodeRuntimeStep } from "../runtimes/node-step";
import type { Distribution } from "../distributions/distribution";

const SCRIPTS = path.join(__dirname, "scripts");

/** Pinned host artifacts an edge node gets. */
export const EDGE_NODE_ARTIFACTS = ["containerd", "cniPlugins", "keadm"] as const;

/** Arguments of `KubeEdgeNode`. */
export interface KubeEdgeNodeArgs {
    /** Kubernetes node name (`--edgenode-name`). */
    nodeName: string;
    /** How the host is reached and made root (`hostConnection(spec.ssh, node)`). */
    connection: HostConnection;
    /** amd64 | arm64 | arm: picks the pinned archives. @default "amd64" */
    arch?: string;
    /** Node labels (`--labels`). @default {} */
    labels?: Record<string, string>;
    /** Where the node joins CloudCore. */
    endpoint: JoinEndpoint;
    /** The join token (secret; from CloudCore's token secret). Goes on stdin only. */
    token: pulumi.Input<string>;
    /** KubeEdge version (keadm and edgecore). @default the pinned keadm version */
    kubeedgeVersion?: string;
    /** `systemd` or `cgroupfs`; written to containerd and edgecore alike. @default "systemd" */
    cgroupDriver?: string;
    /** Local pod range of the node's bridge CNI. @default "10.88.0.0/16" */
    podSubnet?: string;
    /** The edge host is a system container (systemd-nspawn, LXC): containerd's `restrict_oom_score_adj`. @default false
     * */
    systemContainer?: boolean;
    /** edgecore's hard eviction thresholds, signal → threshold. @default edgecore's */
    evictionHard?: Record<string, string>;
    /** Registry serving kubeedge/installation-package (a mirror). */
    imageRepository?: string;
    /** Airgap: directory with the pinned archives (nothing is downloaded). */
    artifactDir?: string;
    /** The version table (with the stack's `artifacts:` pins). @default VERSION_TABLE */
    table?: VersionTable;
    /** Airgap: image archives imported into containerd before `keadm join`. @default none */
    airgapImages?: AirgapImagesSpec;
    /** The node's extra runtimes (crun, Kata, WasmEdge), installed before `keadm join`. @default none */
    runtimes?: NodeRuntimePlan;
    /** The cloud cluster's distribution (`k3s` or `kubeadm`), for the runtimes' containerd config. @default "kubeadm"
     * */
    cloudDistribution?: Distribution;
}

/** The join token as a secret: one Output per token, shared by the fleet's nodes (hosts/shared-secret.ts). */
function secretToken(token: pulumi.Input<string>): pulumi.Output<string> {
    return typeof token === "object" && token !== null ? sharedSecret(token, () => token) : pulumi.secret(token);
}

/**
 * The converge steps of one edge node: containerd + runc + CNI plugins + a bridge conflist
 * (edge-runtime.sh), the airgap images, the node's extra runtimes (runtimes-install.sh), then
 * `keadm join` at the pinned version (keadm-join.sh). Undone in reverse: `keadm reset edge`,
 * the runtimes, then containerd. The token is a step parameter: it reaches the host only
 * on stdin (never in a command string). Refuses an unpinned arch or an empty sha256.
 */
export function edgeNodeSteps(args: KubeEdgeNodeArgs, parent?: pulumi.Resource): FleetNodeStep[] {
    const arch = args.arch ?? "amd64";
    const cgroupDriver = args.cgroupDriver ?? "systemd";
    const table = args.table ?? VERSION_TABLE;
    const version = args.kubeedgeVersion ?? table.hostArtifacts.keadm.version;
    const files = EDGE_NODE_ARTIFACTS.map((a) => pinnedFile(table, a, arch));
    if (files[2].version !== version) {
        throw new Error(
            `edge node '${args.nodeName}': keadm ${files[2].version} is ` +
                `pinned but KubeEdge ${version} was asked for — pin keadm ${version} in the ` +
                `stack (artifacts.keadm.version with each arch's url, fileName and sha512)`,
        );
    }
    const images = nodeImageFiles(args.airgapImages, { arch, kubeEdge: true }, table);
    const hostFiles = files.map((f) => artifactHostFile(f, { airgapDir: args.artifactDir, parent }));
    const plain = joinParams({
        nodeName: args.nodeName,
        endpoint: args.endpoint,
        kubeedgeVersion: version,
        cgroupDriver,
        // The node registers with its runtime labels: its runtimes are installed before the join.
        labels: { ...args.labels, ...args.runtimes?.labels },
        imageRepository: args.imageRepository,
        evictionHard: args.evictionHard,
    });
    return [
        {
            script: path.join(SCRIPTS, "edge-runtime.sh"),
            uninstallScript: path.join(SCRIPTS, "edge-runtime-uninstall.sh"),
            params: runtimeParams(cgroupDriver, args.podSubnet ?? EDGE_POD_SUBNET, {
                restrictOomScoreAdj: args.systemContainer ?? false,
                sandboxImage: table.nodeImages.kubeedgeEdge.images.find((i) => /\/pause:/.test(i)),
            }),
            files: hostFiles.slice(0, 2),
        },
        ...(images.length === 0
            ? []
            : [
                  {
                      // airgap.images: into the containerd edge-runtime.sh started, before keadm join pulls.
                      script: IMAGE_SCRIPTS.install,
                      uninstallScript: IMAGE_SCRIPTS.uninstall,
                      params: { IMAGES_MODE: "containerd" },
                      files: images,
                  },
              ]),
        ...(args.runtimes === undefined
            ? []
            : [
                  nodeRuntimeStep({
                      node: args.runtimes,
                      distribution: args.cloudDistribution ?? "kubeadm",
                      table,
                      artifactDir: args.artifactDir,
                      parent,
                  }),
              ]),
        {
            script: path.join(SCRIPTS, "keadm-join.sh"),
            uninstallScript: path.join(SCRIPTS, "keadm-reset.sh"),
            params: { ...plain, TOKEN: secretToken(args.token) },
            files: hostFiles.slice(2),
        },
    ];
}

/**
 * One KubeEdge edge node over SSH, as a component (for library users declaring single nodes;
 * `KubeEdge` declares its fleet of nodes without a component per node): the node's bundle and
 * one converge (edgeNodeSteps). Destroy runs `keadm reset edge`, then removes the runtime.
 */
export class KubeEdgeNode extends pulumi.ComponentResource {
    /** The node's converge over SSH (bundle push, runtime, then join). */
    readonly node: FleetNode;

    constructor(name: string, args: KubeEdgeNodeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KubeEdgeNode", name, {}, opts);
        this.node = declareFleetNode(name, {
            connection: args.connection,
            steps: edgeNodeSteps(args, this),
            parent: this,
        });
        this.registerOutputs({ nodeName: args.nodeName });
    }
}
