import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { VersionTable } from "../../versions";
import type { Cluster } from "../cluster";
import { K3sRole } from "../../distributions/k3s";
import { hostConnection } from "../../hosts/connection";
import type { ClusterNodeSpec } from "../../spec/node";
import { hostStep } from "../../hosts/host-step";
import { artifactHostFile, pinnedFile, resolveDigest } from "../../hosts/artifacts";
import { IMAGE_SCRIPTS, nodeImageFiles } from "../../hosts/images";
import { declareFleetNode, type FleetNode, type FleetNodeStep } from "../../hosts/fleet-node";
import { declareInChunks } from "../../hosts/chunks";
import { declareFleetPools } from "../../hosts/fleet-pool";
import { NodeLifecycle } from "../ssh/node-lifecycle";
import { nodePoolParams, nodePoolStep } from "../ssh/node-pool";
import { sshClusterHandle, sshNodeInfos } from "../ssh/ssh-cluster-handle";
import { startSshCluster } from "../ssh/ssh-cluster-start";
import { nodeRuntimeStep, runtimePlansByNode } from "../../runtimes/node-step";
import { k3sNodeConfig, renderK3sRegistries } from "./k3s-config";
import { k3sPreflight } from "./k3s-preflight";
import { declareK3sSnapshotCopy, k3sServerSteps } from "../../day2/k3s-server-steps";
import { restoreToken } from "../../day2/k3s-day2";

const SCRIPTS = path.join(__dirname, "scripts");
const script = (name: string): string => path.join(SCRIPTS, name);

/** Arguments of K3sCluster. */
export interface K3sClusterArgs {
    /** The validated continuum spec (SSH defaults, versions, airgap). */
    spec: ContinuumSpec;
    /** Name of the cluster in `spec.clusters` (distribution k3s, substrate ssh). */
    cluster: string;
    /** The version table to install from. @default the toolkit's table with the spec's `artifacts:` pins (tableFor) */
    table?: VersionTable;
    /** The cluster join token (secret). @default a generated 48-character RandomPassword */
    joinToken?: pulumi.Input<string>;
    /** Preflight check ids not to enforce (e.g. `cgroups` on hosts known to boot hybrid cgroups). @default [] */
    skipPreflightChecks?: string[];
    /** Run the node lifecycle: servers' rolling upgrade (NodeLifecycle) and the pool step (labels, taints, removal of
     * nodes that left the spec). @default true */
    manageNodes?: boolean;
}

/** The K3s version to install: the table's; an override must equal it (only pinned files install). */
export function k3sVersion(spec: ContinuumSpec, table: VersionTable): string {
    const pinned = table.hostArtifacts.k3s.version;
    const wanted = spec.versions.k3s;
    if (wanted !== undefined && wanted !== pinned) {
        throw new Error(
            `versions.k3s is ${wanted} but this continuum pins K3s ${pinned} ` +
                `with checksums — remove the override, or pin ${wanted} ` +
                `in the stack (artifacts.k3s.version: ${wanted} ` +
                `with each arch's url and sha256)`,
        );
    }
    return pinned;
}

/**
 * A K3s cluster on machines reached over SSH, as a fleet: every node is one converge command
 * (bundle push and run over SSH) carrying its whole desired state (preflight, install or join, in-place upgrade
 * for agents, extra runtimes) — see hosts/fleet-node.ts. The first server
 * starts the cluster (embedded etcd when there is more than one server), the other servers
 * converge one at a time, agents in parallel once every server is up (declared in chunks, see
 * hosts/chunks.ts). The join token is a generated secret; the kubeconfig is read without logging,
 * kept secret and points at the API endpoint.
 *
 * After the nodes: servers go through NodeLifecycle one at a time (drain, upgrade, uncordon —
 * the rolling upgrade of the control plane); agents are upgraded in place by their converge (the
 * staged, verified binary is swapped and k3s-agent restarted; KillMode=process keeps their pods
 * running). One pool step on the first server labels every node (server-side apply), reconciles
 * taints and drains and deletes the nodes that left the spec.
 */
export class K3sCluster extends pulumi.ComponentResource {
    /** The handle add-ons use. */
    readonly cluster: Cluster;
    /** Every node's resources declared (agents are declared in chunks after the constructor returns). */
    readonly nodesDeclared: Promise<pulumi.Resource[]>;

    constructor(name: string, args: K3sClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:K3sCluster", name, {}, opts);
        const { spec, table, cluster, plan, version, ha, waitSeconds } = startSshCluster(args, "k3s", k3sVersion);
        const manage = args.manageNodes !== false;

        // restoreFrom: the token of the cluster the snapshot came from (K3s needs it to restore).
        const restoredToken = restoreToken(cluster);
        const joinToken =
            args.joinToken !== undefined || restoredToken !== undefined
                ? pulumi.secret((args.joinToken ?? restoredToken) as pulumi.Input<string>)
                : new random.RandomPassword(
                      `${name}-token`,
                      { length: 48, special: false },
                      { parent: this, additionalSecretOutputs: ["result"] },
                  ).result;
        const registries = renderK3sRegistries(cluster.registryMirrors);
        const nodeInfos = sshNodeInfos(cluster, { runtimesInstalled: true });
        const runtimePlans = runtimePlansByNode({
            name: cluster.name,
            substrate: "ssh",
            distribution: "k3s",
            nodes: nodeInfos,
        });

        // Day 2 (components/day2): quorum guard, certificate rotation, kube-vip, restore, snapshots.
        const day2 = { cluster, servers: plan.controls, version, waitSeconds };

        // Everything a node needs, checked before anything is declared (a bad arch or checksum stops here).
        const planNode = (node: ClusterNodeSpec) => {
            const server = node.roles.includes(K3sRole.Server);
            const connection = hostConnection(spec.ssh, node);
            const config = k3sNodeConfig(cluster, plan, node);
            const pinned = pinnedFile(table, "k3s", node.arch);
            // airgap.images: placed where K3s imports them at start, before it is installed.
            const images = nodeImageFiles(
                spec.airgap.images,
                { arch: node.arch, cluster, cloudCore: spec.kubeedge?.cloudCluster === cluster.name },
                table,
            );
            const steps: FleetNodeStep[] =
                images.length === 0
                    ? []
                    : [
                          {
                              script: IMAGE_SCRIPTS.install,
                              uninstallScript: IMAGE_SCRIPTS.uninstall,
                              params: { IMAGES_MODE: "k3s" },
                              files: images,
                          },
                      ];
            const serverDay2 = k3sServerSteps(day2, node);
            steps.push(...serverDay2.before);
            steps.push({
                script: script("k3s-install.sh"),
                uninstallScript: script("k3s-uninstall.sh"),
                params: {
                    K3S_ROLE: server ? K3sRole.Server : K3sRole.Agent,
                    K3S_VERSION: version,
                    K3S_CONFIG: config,
                    K3S_TOKEN: joinToken,
                    K3S_REGISTRIES: registries,
                    NODE_NAME: node.name,
                    WAIT_SECONDS: waitSeconds,
                },
                files: [artifactHostFile(pinned, { airgapDir: spec.airgap.artifactDir, parent: this })],
            });
            steps.push(...serverDay2.after);
            if (!server) {
                // Agents: a binary k3s-install.sh staged for another version is swapped in place.
                steps.push({
                    script: script("k3s-upgrade.sh"),
                    params: {
                        K3S_ROLE: K3sRole.Agent,
                        K3S_VERSION: version,
                        K3S_SHA256: resolveDigest(pinned, spec.airgap.artifactDir).hex,
                        WAIT_SECONDS: waitSeconds,
                    },
                });
            }
            const runtimes = runtimePlans.get(node.name);
            if (runtimes)
                steps.push(
                    nodeRuntimeStep({
                        node: runtimes,
                        distribution: "k3s",
                        table,
                        artifactDir: spec.airgap.artifactDir,
                        parent: this,
                    }),
                );
            return {
                node,
                connection,
                steps,
                requirements: k3sPreflight(node, server, ha, cluster.cilium !== undefined),
                timeoutSeconds: runtimes ? Math.max(connection.timeoutSeconds, 900) : connection.timeoutSeconds,
            };
        };
        const servers = plan.controls.map(planNode);
        // Every agent is checked now (a bad arch or checksum stops here, before anything is
        // declared) and planned again when its chunk is declared: a fleet's plans held all at
        // once are most of the program's memory before the first registration.
        for (const w of plan.workers) planNode(w);
        const declare = (n: ReturnType<typeof planNode>, after: pulumi.Resource[]): FleetNode =>
            declareFleetNode(`${name}-${n.node.name}`, {
                connection: n.connection,
                steps: n.steps,
                preflight: { requirements: n.requirements, skipChecks: args.skipPreflightChecks },
                timeoutSeconds: n.timeoutSeconds,
                dependsOn: after,
                parent: this,
            });

        // Servers one at a time (etcd quorum); agents in parallel once every server is up.
        const serverConverges = new Map<string, pulumi.Resource>();
        let previousServer: pulumi.Resource | undefined;
        for (const s of servers) {
            const fleet = declare(s, previousServer ? [previousServer] : []);
            previousServer = fleet.converge;
            serverConverges.set(s.node.name, previousServer);
            // backup: the first server's latest snapshot copied to this machine, checked.
            if (s === servers[0]) declareK3sSnapshotCopy(name, day2, { connection: s.connection, fleet }, this);
        }
        const lastServer = previousServer as pulumi.Resource;
        const poolAgents = (pools: number, parallel: number) =>
            declareFleetPools(`${name}-agents`, {
                items: plan.workers,
                nameOf: (w) => w.name,
                plan: (w) => {
                    const n = planNode(w);
                    const preflight = { requirements: n.requirements, skipChecks: args.skipPreflightChecks };
                    return { connection: n.connection, steps: n.steps, preflight, timeoutSeconds: n.timeoutSeconds };
                },
                pools,
                parallel,
                specPath: `clusters[${spec.clusters.indexOf(cluster)}].fleet.pools`,
                dependsOn: [lastServer],
                parent: this,
            });
        // Agents one converge each, or in pools (`fleet.pools`, hosts/fleet-pool.ts).
        const agentNodes = cluster.fleet?.pools
            ? poolAgents(cluster.fleet.pools, cluster.fleet.parallel)
            : declareInChunks(plan.workers, (w) => {
                  const n = declare(planNode(w), [lastServer]);
                  return [n.converge];
              });
        const converges = agentNodes.all.then((all) => [...serverConverges.values(), ...all]);
        this.nodesDeclared = agentNodes.all;

        const first = servers[0].connection;
        const kubeconfig = hostStep(`${name}-kubeconfig`, {
            connection: first,
            script: script("k3s-kubeconfig.sh"),
            params: { WAIT_SECONDS: waitSeconds },
            printsSecrets: true,
            dependsOn: [...serverConverges.values()],
            parent: this,
        });

        const ready: pulumi.Resource[] = [kubeconfig.run];
        if (manage) {
            // Servers: the rolling upgrade (drain, upgrade, uncordon), one node at a time.
            let previous: pulumi.Resource = kubeconfig.run;
            for (const s of servers) {
                const lifecycle = new NodeLifecycle(
                    `${name}-${s.node.name}-lifecycle`,
                    {
                        nodeName: s.node.name,
                        node: s.connection,
                        control: first,
                        kubectlFlavor: "k3s",
                        targetVersion: version,
                        upgradeScript: script("k3s-upgrade.sh"),
                        upgradeParams: {
                            K3S_ROLE: K3sRole.Server,
                            K3S_VERSION: version,
                            K3S_SHA256: resolveDigest(pinnedFile(table, "k3s", s.node.arch), spec.airgap.artifactDir)
                                .hex,
                            WAIT_SECONDS: waitSeconds,
                        },
                    },
                    { parent: this, dependsOn: [serverConverges.get(s.node.name) as pulumi.Resource, previous] },
                );
                previous = lifecycle.done;
            }
            // Every node: labels, taints, removal of nodes that left the spec.
            nodePoolStep(
                `${name}-nodes`,
                first,
                nodePoolParams({
                    cluster: cluster.name,
                    kubectlFlavor: "k3s",
                    nodes: nodeInfos,
                    taints: cluster.nodes,
                    waitSeconds: Number(waitSeconds),
                }),
                converges.then((cs) => [previous, ...cs]),
                this,
            );
            // Add-ons wait for the servers (the API, upgraded), not for the agents or the pool step:
            // an agent that fails holds up only itself. The agents' runtimes come with their converge.
            ready.splice(0, 1, previous);
        }

        this.cluster = sshClusterHandle({
            cluster,
            plan,
            adminKubeconfig: kubeconfig.stdout,
            ready,
            parent: this,
            runtimesInstalled: true,
        });
        this.registerOutputs(
            agentNodes.all.then(() => ({ apiEndpoint: this.cluster.apiEndpoint, kubeconfig: this.cluster.kubeconfig })),
        );
    }
}
