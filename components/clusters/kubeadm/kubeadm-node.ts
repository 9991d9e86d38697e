/**
 * One kubeadm node's converge (hosts/fleet-node.ts): preflight, kubeadm-install.sh (kubeadm init
 * or join) with the node's pinned files, the day-2 steps around it, the node's extra runtimes.
 * `kubeadmNodes` derives once per cluster what every node's converge shares (the containerd
 * config, registry hosts, connections, runtime plans) and returns the function that declares one.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterNodeSpec } from "../../spec/node";
import type { HostArtifactName } from "../../versions";
import { KUBEADM } from "../../distributions/kubeadm";
import { hostConnection, type HostConnection } from "../../hosts/connection";
import type { HostFile } from "../../hosts/host-file";
import { LEGACY_STEP_TYPE } from "../../hosts/host-step";
import { declareFleetNode, type FleetNode, type FleetNodeStep } from "../../hosts/fleet-node";
import { artifactHostFile, pinnedFile } from "../../hosts/artifacts";
import { nodeImageFiles } from "../../hosts/images";
import { nodeRuntimeStep, runtimePlansByNode } from "../../runtimes/node-step";
import { sshNodeInfos } from "../ssh/ssh-cluster-handle";
import type { SshClusterStart } from "../ssh/ssh-cluster-start";
import { hostPort, ignoredPreflightErrors, type KubeadmClusterInput, type KubeadmNodeInput } from "./kubeadm-config";
import { kubeadmSandboxImage, renderContainerdConfig, renderRegistryHosts } from "./containerd-files";
import { kubeadmPreflight } from "./kubeadm-preflight";
import { kubeadmControlPlaneSteps, type KubeadmHaInput } from "../../day2/kubeadm-ha";

const SCRIPTS = path.join(__dirname, "scripts");
/** A script of kubeadm's (components/clusters/kubeadm/scripts). */
export const kubeadmScript = (name: string): string => path.join(SCRIPTS, name);
const NODE_ARTIFACTS: HostArtifactName[] = ["containerd", "cniPlugins", "kubeadm", "kubelet", "kubectl"];

/** One node's converge as the cluster declares it. */
export interface KubeadmNodeConverge {
    /** The node. */
    node: ClusterNodeSpec;
    /** A control plane. */
    control: boolean;
    /** `init` (the first control plane) or `join`. */
    action: "init" | "join";
    /** The kubeadm configuration (secret: token, certificate key). */
    config: pulumi.Output<string>;
    /** What the converge waits for. */
    after: pulumi.Resource[];
    /** Day-2 steps before and after kubeadm-install.sh. @default none */
    day2?: { before: FleetNodeStep[]; after: FleetNodeStep[] };
}

/** What every node of one cluster shares, and how one node's converge is declared. */
export interface KubeadmNodes {
    /** The cluster's kubeadm configuration input. */
    clusterInput: KubeadmClusterInput;
    /** The cluster's nodes as the runtime planner and the pool step see them. */
    nodeInfos: ReturnType<typeof sshNodeInfos>;
    /** The connection of a node of the cluster. */
    connectionOf(node: ClusterNodeSpec): HostConnection;
    /** The node's registration (name, address, taints, ignored preflight errors). */
    registration(node: ClusterNodeSpec, control: boolean): KubeadmNodeInput;
    /** Declare one node's converge. */
    converge(c: KubeadmNodeConverge): FleetNode;
}

/** What the HA steps of the cluster's control planes are planned from. */
export function kubeadmHaInput(start: SshClusterStart): KubeadmHaInput {
    const { cluster, plan, table, waitSeconds } = start;
    return { cluster, controls: plan.controls.map((n) => n.name), table, waitSeconds };
}

/** Derive the per-cluster parts of the nodes' converges for the component `name`. */
export function kubeadmNodes(name: string, start: SshClusterStart, parent: pulumi.Resource): KubeadmNodes {
    const { spec, table, cluster, plan, version, ha, waitSeconds } = start;
    const kpr = cluster.cilium?.kubeProxyReplacement ?? false;
    const clusterInput: KubeadmClusterInput = {
        clusterName: cluster.name,
        kubernetesVersion: version,
        controlPlaneEndpoint: hostPort(plan.apiHost, plan.apiPort),
        podSubnet: cluster.network.podCidr,
        serviceSubnet: cluster.network.serviceCidr,
        dnsDomain: cluster.network.clusterDomain,
        certSans: plan.tlsSans,
        kubeProxyReplacement: kpr,
        hostSystem: cluster.hostSystem,
    };
    const registryHosts = renderRegistryHosts(cluster.registryMirrors);
    const common: Record<string, string> = {
        KUBERNETES_VERSION: version,
        CONTAINERD_CONFIG: renderContainerdConfig(true, {
            sandboxImage: kubeadmSandboxImage(table),
            restrictOomScoreAdj: cluster.hostSystem?.systemContainer,
        }),
        REGISTRY_HOSTS_COUNT: String(Object.keys(registryHosts).length),
        WAIT_SECONDS: waitSeconds,
    };
    Object.entries(registryHosts).forEach(([registry, toml], i) => {
        common[`REGISTRY_HOST_${i + 1}_NAME`] = registry;
        common[`REGISTRY_HOST_${i + 1}_TOML`] = toml;
    });

    const connections = new Map<string, HostConnection>(
        cluster.nodes.map((n) => [n.name, hostConnection(spec.ssh, n)]),
    );
    const connectionOf = (node: ClusterNodeSpec): HostConnection => connections.get(node.name) as HostConnection;
    const cloudCore = spec.kubeedge?.cloudCluster === cluster.name;
    const nodeInfos = sshNodeInfos(cluster, { runtimesInstalled: true });
    const runtimePlans = runtimePlansByNode({
        name: cluster.name,
        substrate: "ssh",
        distribution: "kubeadm",
        nodes: nodeInfos,
    });
    const files = (node: ClusterNodeSpec): HostFile[] => [
        ...NODE_ARTIFACTS.map((a) =>
            artifactHostFile(pinnedFile(table, a, node.arch), { airgapDir: spec.airgap.artifactDir, parent }),
        ),
        // airgap.images: imported into containerd by kubeadm-install.sh before init/join.
        ...nodeImageFiles(spec.airgap.images, { arch: node.arch, cluster, cloudCore }, table),
    ];
    const registration = (node: ClusterNodeSpec, control: boolean): KubeadmNodeInput => ({
        nodeName: node.name,
        host: node.host as string,
        taints: [...node.taints, ...(control && plan.workers.length > 0 ? KUBEADM.controlTaints : [])],
        ignorePreflightErrors: ignoredPreflightErrors(cluster.hostSystem),
    });
    const haInput = kubeadmHaInput(start);
    // Stacks from before the converge ran the install as the HostScript `<node>-kubeadm`: its
    // command is this converge's alias (the state migration takes its remote connection out,
    // scripts/fleet-state-migrate.ts).
    const converge = (c: KubeadmNodeConverge): FleetNode => {
        const connection = connectionOf(c.node);
        // HA (day2/kubeadm-ha.ts): the quorum guard and kube-vip before init, kube-vip after init or join.
        const haSteps = kubeadmControlPlaneSteps(haInput, c.node.name);
        const steps: FleetNodeStep[] = [
            ...haSteps.before,
            ...(c.day2?.before ?? []),
            {
                script: kubeadmScript("kubeadm-install.sh"),
                uninstallScript: kubeadmScript("kubeadm-uninstall.sh"),
                params: {
                    ...common,
                    KUBEADM_ACTION: c.action,
                    KUBEADM_CONFIG: c.config,
                    KUBEADM_UPLOAD_CERTS: String(c.action === "init" && ha),
                    CONTROL_PLANE: String(c.control),
                    NODE_NAME: c.node.name,
                },
                files: files(c.node),
            },
            ...haSteps.after,
            ...(c.day2?.after ?? []),
        ];
        const runtimes = runtimePlans.get(c.node.name);
        if (runtimes)
            steps.push(
                nodeRuntimeStep({
                    node: runtimes,
                    distribution: "kubeadm",
                    table,
                    artifactDir: spec.airgap.artifactDir,
                    parent,
                }),
            );
        const legacy = `${name}-${c.node.name}-kubeadm`;
        return declareFleetNode(`${name}-${c.node.name}`, {
            connection,
            steps,
            preflight: {
                requirements: kubeadmPreflight(c.node, c.control, plan.apiPort, kpr),
                skipChecks: cluster.hostSystem?.allowCgroupV1 ? ["cgroups"] : [],
            },
            timeoutSeconds: runtimes ? Math.max(connection.timeoutSeconds, 900) : connection.timeoutSeconds,
            dependsOn: c.after,
            parent,
            aliases: [
                {
                    name: `${legacy}-run`,
                    type: "command:remote:Command",
                    parent: pulumi.createUrn(legacy, LEGACY_STEP_TYPE, parent),
                },
            ],
        });
    };
    return { clusterInput, nodeInfos, connectionOf, registration, converge };
}
