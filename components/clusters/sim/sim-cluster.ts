import * as path from "node:path";
import * as local from "@pulumi/command/local";
import * as pulumi from "@pulumi/pulumi";
import { EDGE_NODE_ROLE, type Cluster, type ClusterNodeInfo } from "../cluster";
import type { TaintArgs } from "../../core/taint";
import { Distribution, type NodeRole } from "../../distributions/distribution";
import { Substrate, type Tier } from "../../spec/cluster";
import { clusterHandle, clusterProvider } from "../handle";
import type { Arch } from "../../spec/node";
import { registerDeleteWith } from "./delete-with";
import { controlPlaneStdin, simPorts, withV, type ControlPlaneParams } from "./control-plane";
import { kubeconfigServer, renameKubeconfig } from "./kubeconfig";
import { isControlPlane, simNodeLabels, simNodeTaints, type SimNodeIdentity } from "./node-labels";
import { simNodeObject } from "./node-manifest";
import { chunkNodes, nodePoolLabel, nodePoolName, nodePoolStdin, SIM_NODES_SCRIPT } from "./node-pool";

/** The control-plane script (create, start, delete). */
export const SIM_CLUSTER_SCRIPT = path.join(__dirname, "scripts", "sim-cluster.sh");

/** Resources a simulated node advertises. */
export interface SimCapacityArgs {
    /** CPU quantity. @default "4" */
    cpu?: string;
    /** Memory quantity. @default "8Gi" */
    memory?: string;
    /** Pod slots. @default 110 */
    pods?: number;
}

/** One simulated node. */
export interface SimNodeArgs {
    /** Node name. */
    name: string;
    /** Spec roles: server/agent (K3s), control-plane/worker (kubeadm). @default [] */
    roles?: NodeRole[];
    /** amd64 | arm64 | arm. @default "amd64" */
    arch?: Arch;
    /** Labels (cluster-wide ones merged in by the caller). @default {} */
    labels?: Record<string, string>;
    /** Taints. @default [] */
    taints?: TaintArgs[];
    /** Extra runtimes (crun, kata, wasmedge); each becomes a `runtime.continuum.dev/<name>=true` label. @default [] */
    runtimes?: string[];
    /** Declared capabilities (kvm, gpu, tpm). @default [] */
    capabilities?: string[];
    /** Capacity. @default { cpu: "4", memory: "8Gi", pods: 110 } */
    capacity?: SimCapacityArgs;
    /** A KubeEdge edge node joined to this (cloud) cluster. @default false */
    kubeEdge?: boolean;
}

/** Arguments of a SimCluster. */
export interface SimClusterArgs {
    /** cloud | edge. */
    tier: Tier;
    /** kubeadm | k3s | existing: decides role labels and taints. @default "kubeadm" */
    distribution?: Distribution;
    /** Pod CIDR (kwok hands pod IPs out of it). */
    podCidr: string;
    /** Service CIDR (`--service-cluster-ip-range`). */
    serviceCidr: string;
    /** Cluster DNS domain (reported in the handle). @default "cluster.local" */
    clusterDomain?: string;
    /** kube-apiserver port on 127.0.0.1; etcd, etcd peer, controller-manager, scheduler and kwok's controller take the
     * next five. */
    apiPort: number;
    /** Absolute directory the cluster lives in (KWOK_WORKDIR). @default "<project>/.lab/<stack>" */
    stateDir?: string;
    /** Kubernetes version the local binaries must report (e.g. "1.36.3"). @default "" (any) */
    kubernetesVersion?: string;
    /** Seconds to wait for the API to answer. @default 300 */
    readySeconds?: number;
    /** The nodes kwok simulates. */
    nodes: SimNodeArgs[];
}

/**
 * A simulated cluster: a real kube-apiserver, etcd, kube-controller-manager and
 * kube-scheduler started by `kwokctl --runtime binary` (a `local.Command`: created on up,
 * `kwokctl delete cluster` on destroy), and one Node object per spec node that kwok's
 * controller keeps Ready, registered in pools of up to 200 nodes (one `local.Command` running
 * `scripts/sim-nodes.sh` per pool). Everything it writes lives under `stateDir`.
 */
export class SimCluster extends pulumi.ComponentResource {
    /** The handle add-ons consume. */
    readonly cluster: Cluster;
    /** The command that runs the control plane. */
    readonly controlPlane: local.Command;
    /** Kubeconfig (secret), resolved once the API answers. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The node pools (each registers up to SIM_NODES_PER_POOL nodes), in spec order. */
    readonly nodePools: local.Command[] = [];

    constructor(name: string, args: SimClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:SimCluster", name, {}, opts);
        const distribution = args.distribution ?? Distribution.Kubeadm;
        const params: ControlPlaneParams = {
            cluster: name,
            stateDir: args.stateDir ?? path.resolve(".lab", pulumi.getStack()),
            ports: simPorts(args.apiPort),
            serviceCidr: args.serviceCidr,
            podCidr: args.podCidr,
            kubernetesVersion: withV(args.kubernetesVersion ?? ""),
            readySeconds: args.readySeconds ?? 300,
        };
        const stdin = controlPlaneStdin(params);

        this.controlPlane = new local.Command(
            `${name}-control-plane`,
            {
                create: `bash ${SIM_CLUSTER_SCRIPT} up`,
                delete: `bash ${SIM_CLUSTER_SCRIPT} down`,
                stdin,
                // Anything that shapes the running control plane replaces it (delete first: same name and port).
                triggers: [
                    params.stateDir,
                    params.cluster,
                    params.ports.api,
                    params.serviceCidr,
                    params.podCidr,
                    params.kubernetesVersion,
                ],
                addPreviousOutputInEnv: false,
                logging: "stderr",
            },
            {
                parent: this,
                additionalSecretOutputs: ["stdout"],
                deleteBeforeReplace: true,
                customTimeouts: { create: "10m", update: "10m", delete: "5m" },
            },
        );

        this.kubeconfig = pulumi.secret(this.controlPlane.stdout.apply((text) => renameKubeconfig(text, name)));
        const provider = clusterProvider(`${name}-sim`, name, Substrate.Sim, this.kubeconfig, this, {
            deleteUnreachable: true,
        });
        // Destroying the cluster removes what is in it: objects through its provider go with the control plane.
        registerDeleteWith(`${name}-sim`, this.controlPlane);
        const identity = { name, tier: args.tier, distribution };
        const hasWorkers = args.nodes.some(
            (n) => !isControlPlane({ roles: n.roles ?? [], kubeEdge: n.kubeEdge ?? false }),
        );
        const infos: ClusterNodeInfo[] = [];
        const registrations: Omit<Parameters<typeof simNodeObject>[0], "controlPlaneId" | "pool">[] = [];
        for (const node of args.nodes) {
            const id: SimNodeIdentity = {
                name: node.name,
                arch: node.arch ?? "amd64",
                roles: node.roles ?? [],
                labels: node.labels ?? {},
                runtimes: node.runtimes ?? [],
                kubeEdge: node.kubeEdge ?? false,
                taints: node.taints ?? [],
            };
            const labels = simNodeLabels(identity, id);
            const capacity = {
                cpu: node.capacity?.cpu ?? "4",
                memory: node.capacity?.memory ?? "8Gi",
                pods: node.capacity?.pods ?? 110,
            };
            registrations.push({
                name: node.name,
                arch: id.arch,
                labels,
                taints: simNodeTaints(identity, id, hasWorkers),
                capacity,
            });
            infos.push({
                name: node.name,
                roles: id.kubeEdge ? [EDGE_NODE_ROLE] : id.roles,
                arch: id.arch,
                labels,
                capabilities: node.capabilities ?? [],
                runtimes: id.runtimes,
                kubeEdge: id.kubeEdge,
            });
        }
        chunkNodes(registrations).forEach((chunk, i) => {
            const pool = nodePoolLabel(i);
            // The control plane's id is in every node: a new control plane is an empty cluster, registered again.
            const stdin = this.controlPlane.id.apply((controlPlaneId) =>
                nodePoolStdin({
                    cluster: name,
                    stateDir: params.stateDir,
                    pool,
                    nodes: chunk.map((n) => simNodeObject({ ...n, controlPlaneId, pool })),
                }),
            );
            this.nodePools.push(
                new local.Command(
                    nodePoolName(name, i),
                    {
                        create: `bash ${SIM_NODES_SCRIPT} apply`,
                        update: `bash ${SIM_NODES_SCRIPT} apply`,
                        delete: `bash ${SIM_NODES_SCRIPT} delete`,
                        stdin,
                        // The script prints nothing on stdout and one line on stderr: the state keeps the stdin only.
                        addPreviousOutputInEnv: false,
                        logging: "stderr",
                    },
                    {
                        parent: this,
                        // Destroying the control plane removes its nodes with it.
                        deletedWith: this.controlPlane,
                        customTimeouts: { create: "10m", update: "10m", delete: "5m" },
                    },
                ),
            );
        });

        // The server the kubeconfig names (https://127.0.0.1:<apiPort>), known once the API answers.
        const apiEndpoint = pulumi.unsecret(this.kubeconfig.apply(kubeconfigServer));
        this.cluster = clusterHandle({
            name,
            tier: args.tier,
            distribution,
            substrate: Substrate.Sim,
            kubeconfig: this.kubeconfig,
            provider,
            apiEndpoint,
            apiHost: "127.0.0.1",
            apiPort: args.apiPort,
            network: args,
            nodes: infos,
            ready: [this.controlPlane, ...this.nodePools],
        });
        this.registerOutputs({ apiEndpoint, kubeconfig: this.kubeconfig, nodes: infos.map((n) => n.name) });
    }
}
