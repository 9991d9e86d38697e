import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterNodeSpec } from "../../spec/node";
import type { HostArtifactName, VersionTable } from "../../versions";
import type { Cluster } from "../cluster";
import { KUBEADM } from "../../distributions/kubeadm";
import { hostConnection, type HostConnection } from "../../hosts/connection";
import type { HostFile } from "../../hosts/host-file";
import { hostStep, LEGACY_STEP_TYPE } from "../../hosts/host-step";
import { declareFleetNode, type FleetNodeStep } from "../../hosts/fleet-node";
import { artifactHostFile, pinnedFile, resolveDigest } from "../../hosts/artifacts";
import { nodeImageFiles } from "../../hosts/images";
import { caCertHashFromKubeconfig } from "../../hosts/ca-hash";
import { nodeRuntimeStep, runtimePlansByNode } from "../../runtimes/node-step";
import { NodeLifecycle } from "../ssh/node-lifecycle";
import { nodePoolParams, nodePoolStep } from "../ssh/node-pool";
import { sshClusterHandle, sshNodeInfos } from "../ssh/ssh-cluster-handle";
import { startSshCluster } from "../ssh/ssh-cluster-start";
import {
    hostPort,
    ignoredPreflightErrors,
    renderInitConfig,
    renderJoinConfig,
    renderJoinPreparationConfig,
    renderUpgradeConfig,
    type KubeadmClusterInput,
} from "./kubeadm-config";
import { kubeadmSandboxImage, renderContainerdConfig, renderRegistryHosts } from "./containerd-files";
import { kubeadmPreflight } from "./kubeadm-preflight";
import { randomKey } from "../../random-key";

const SCRIPTS = path.join(__dirname, "scripts");
const script = (name: string): string => path.join(SCRIPTS, name);
const NODE_ARTIFACTS: HostArtifactName[] = ["containerd", "cniPlugins", "kubeadm", "kubelet", "kubectl"];

/** Arguments of KubeadmCluster. */
export interface KubeadmClusterArgs {
    /** The validated continuum spec (SSH defaults, versions, airgap). */
    spec: ContinuumSpec;
    /** Name of the cluster in `spec.clusters` (distribution kubeadm, substrate ssh). */
    cluster: string;
    /** The version table to install from. @default the toolkit's table with the spec's `artifacts:` pins (tableFor) */
    table?: VersionTable;
}

/** The Kubernetes version (`v1.35.1`): the table's; an override must equal it (only pinned files install). */
export function kubeadmVersion(spec: ContinuumSpec, table: VersionTable): string {
    const pinned = table.hostArtifacts.kubeadm.version;
    const wanted = spec.versions.kubernetes;
    if (wanted !== undefined && wanted !== pinned) {
        throw new Error(
            `versions.kubernetes is ${wanted} but this continuum pins Kubernetes ${pinned} ` +
                `with checksums — remove the override, or pin ${wanted} in the stack (artifacts.kubeadm, ` +
                `.kubelet and .kubectl: version ${wanted} with each arch's url and sha256)`,
        );
    }
    return `v${pinned}`;
}

/**
 * A kubeadm cluster on machines reached over SSH. containerd, the CNI plugins and
 * kubeadm/kubelet/kubectl are the pinned files (sha256 checked on the host); the kubelet and
 * containerd both use the systemd cgroup driver. The first control plane runs `kubeadm init`
 * (uploading the control-plane certificates under a generated certificate key when there are
 * more), the other control planes join one at a time, workers join in parallel. The bootstrap
 * token and certificate key are generated secrets, refreshed on the first control plane right
 * before each join. Joiners pin the cluster CA by its hash.
 */
export class KubeadmCluster extends pulumi.ComponentResource {
    /** The handle add-ons use. */
    readonly cluster: Cluster;

    constructor(name: string, args: KubeadmClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KubeadmCluster", name, {}, opts);
        const { spec, table, cluster, plan, version, ha, waitSeconds } = startSshCluster(
            args,
            "kubeadm",
            kubeadmVersion,
        );
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

        const secret = { parent: this, additionalSecretOutputs: ["result"] };
        const tokenId = new random.RandomString(
            `${name}-token-id`,
            { length: 6, upper: false, special: false },
            secret,
        );
        // RandomPassword, not RandomString: the random provider makes a RandomString's value its
        // resource ID, which the state keeps in plain text whatever additionalSecretOutputs says.
        const tokenSecret = new random.RandomPassword(
            `${name}-token-secret`,
            { length: 16, upper: false, special: false },
            secret,
        );
        const bootstrapToken = pulumi.secret(pulumi.interpolate`${tokenId.result}.${tokenSecret.result}`);
        // 32 bytes as hex, from a RandomPassword: a RandomBytes' value would be its plain-text ID.
        const certificateKey = randomKey(`${name}-certificate-key`, { parent: this }).hex;

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
        const first = connectionOf(plan.first);
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
                artifactHostFile(pinnedFile(table, a, node.arch), { airgapDir: spec.airgap.artifactDir, parent: this }),
            ),
            // airgap.images: imported into containerd by kubeadm-install.sh before init/join.
            ...nodeImageFiles(spec.airgap.images, { arch: node.arch, cluster, cloudCore }, table),
        ];
        const registration = (node: ClusterNodeSpec, control: boolean) => ({
            nodeName: node.name,
            host: node.host as string,
            taints: [...node.taints, ...(control && plan.workers.length > 0 ? KUBEADM.controlTaints : [])],
            ignorePreflightErrors: ignoredPreflightErrors(cluster.hostSystem),
        });
        // One converge per node (hosts/fleet-node.ts): preflight, kubeadm init or join, the node's
        // extra runtimes. Stacks from before the converge ran the install as the HostScript
        // `<node>-kubeadm`: its command is this converge's alias (the state migration takes its
        // remote connection out, scripts/fleet-state-migrate.ts).
        const converge = (
            node: ClusterNodeSpec,
            control: boolean,
            action: string,
            config: pulumi.Output<string>,
            after: pulumi.Resource[],
        ): pulumi.Resource => {
            const connection = connectionOf(node);
            const steps: FleetNodeStep[] = [
                {
                    script: script("kubeadm-install.sh"),
                    uninstallScript: script("kubeadm-uninstall.sh"),
                    params: {
                        ...common,
                        KUBEADM_ACTION: action,
                        KUBEADM_CONFIG: config,
                        KUBEADM_UPLOAD_CERTS: String(action === "init" && ha),
                        CONTROL_PLANE: String(control),
                        NODE_NAME: node.name,
                    },
                    files: files(node),
                },
            ];
            const runtimes = runtimePlans.get(node.name);
            if (runtimes)
                steps.push(
                    nodeRuntimeStep({
                        node: runtimes,
                        distribution: "kubeadm",
                        table,
                        artifactDir: spec.airgap.artifactDir,
                        parent: this,
                    }),
                );
            const legacy = `${name}-${node.name}-kubeadm`;
            return declareFleetNode(`${name}-${node.name}`, {
                connection,
                steps,
                preflight: {
                    requirements: kubeadmPreflight(node, control, plan.apiPort, kpr),
                    skipChecks: cluster.hostSystem?.allowCgroupV1 ? ["cgroups"] : [],
                },
                timeoutSeconds: runtimes ? Math.max(connection.timeoutSeconds, 900) : connection.timeoutSeconds,
                dependsOn: after,
                parent: this,
                aliases: [
                    {
                        name: `${legacy}-run`,
                        type: "command:remote:Command",
                        parent: pulumi.createUrn(legacy, LEGACY_STEP_TYPE, this),
                    },
                ],
            }).converge;
        };

        // First control plane: kubeadm init, then its admin kubeconfig (after the API answers).
        const firstInstall = converge(
            plan.first,
            true,
            "init",
            pulumi
                .all([bootstrapToken, certificateKey])
                .apply(([t, k]) => renderInitConfig(clusterInput, registration(plan.first, true), plan.apiPort, t, k)),
            [],
        );
        const kubeconfig = hostStep(`${name}-kubeconfig`, {
            connection: first,
            script: script("kubeadm-kubeconfig.sh"),
            params: { WAIT_SECONDS: waitSeconds },
            printsSecrets: true,
            dependsOn: [firstInstall],
            parent: this,
        });
        const caHash = kubeconfig.stdout.apply(caCertHashFromKubeconfig);

        // Every other node: prepare the join on the first control plane, then join.
        const join = (node: ClusterNodeSpec, control: boolean, after: pulumi.Resource[]): pulumi.Resource => {
            const prepare = hostStep(`${name}-${node.name}-prepare-join`, {
                connection: first,
                script: script("kubeadm-prepare-join.sh"),
                params: {
                    TOKEN_ID: tokenId.result,
                    UPLOAD_CERTS: String(control),
                    PREPARE_CONFIG: pulumi
                        .all([bootstrapToken, certificateKey])
                        .apply(([t, k]) => renderJoinPreparationConfig(version, t, control ? k : undefined)),
                },
                dependsOn: [kubeconfig.run, ...after],
                parent: this,
            });
            const endpoint = control
                ? hostPort(plan.first.host as string, plan.apiPort)
                : clusterInput.controlPlaneEndpoint;
            const config = pulumi
                .all([bootstrapToken, certificateKey, caHash])
                .apply(([t, k, h]) =>
                    renderJoinConfig(
                        registration(node, control),
                        endpoint,
                        t,
                        h,
                        control ? { apiPort: plan.apiPort, certificateKey: k } : undefined,
                    ),
                );
            return converge(node, control, "join", config, [prepare.run]);
        };
        const installs = new Map<string, pulumi.Resource>([[plan.first.name, firstInstall]]);
        let previousControl: pulumi.Resource = firstInstall;
        for (const node of plan.controls.slice(1)) {
            previousControl = join(node, true, [previousControl]);
            installs.set(node.name, previousControl);
        }
        for (const node of plan.workers) installs.set(node.name, join(node, false, [previousControl]));

        // Rolling upgrade: one node at a time, control planes first. Add-ons wait for the control
        // planes' (the API, upgraded); a step on one worker waits for its join.
        const upgradeConfig = renderUpgradeConfig(clusterInput);
        const sha = (a: HostArtifactName, arch: string): string =>
            resolveDigest(pinnedFile(table, a, arch), spec.airgap.artifactDir).hex;
        let previous: pulumi.Resource = kubeconfig.run;
        let controlPlaneReady: pulumi.Resource = kubeconfig.run;
        for (const node of [...plan.controls, ...plan.workers]) {
            const control = plan.controls.includes(node);
            const lifecycle = new NodeLifecycle(
                `${name}-${node.name}-lifecycle`,
                {
                    nodeName: node.name,
                    node: connectionOf(node),
                    control: first,
                    kubectlFlavor: "kubeadm",
                    targetVersion: version,
                    upgradeScript: script("kubeadm-upgrade.sh"),
                    upgradeParams: {
                        KUBERNETES_VERSION: version,
                        UPGRADE_MODE: node === plan.first ? "apply" : "node",
                        UPGRADE_CONFIG: upgradeConfig,
                        KUBEADM_SHA256: sha("kubeadm", node.arch),
                        KUBELET_SHA256: sha("kubelet", node.arch),
                        KUBECTL_SHA256: sha("kubectl", node.arch),
                        CONTROL_PLANE: String(control),
                        WAIT_SECONDS: waitSeconds,
                    },
                },
                { parent: this, dependsOn: [installs.get(node.name) as pulumi.Resource, previous] },
            );
            previous = lifecycle.done;
            if (control) controlPlaneReady = lifecycle.done;
        }
        // Every node: labels (the runtime labels among them), taints, removal of nodes that left the spec.
        nodePoolStep(
            `${name}-nodes`,
            first,
            nodePoolParams({
                cluster: cluster.name,
                kubectlFlavor: "kubeadm",
                nodes: nodeInfos,
                taints: cluster.nodes,
                waitSeconds: Number(waitSeconds),
            }),
            [previous, ...installs.values()],
            this,
        );

        const nodesReady = Object.fromEntries([...installs].map(([node, i]) => [node, [i]]));
        this.cluster = sshClusterHandle({
            cluster,
            plan,
            adminKubeconfig: kubeconfig.stdout,
            ready: [controlPlaneReady],
            nodesReady,
            parent: this,
            runtimesInstalled: true,
        });
        this.registerOutputs({ apiEndpoint: this.cluster.apiEndpoint, kubeconfig: this.cluster.kubeconfig });
    }
}
