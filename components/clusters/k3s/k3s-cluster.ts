import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterSpec } from "../../spec/cluster";
import type { VersionTable } from "../../versions";
import { VERSION_TABLE } from "../../version-table";
import type { Cluster } from "../cluster";
import type { ClusterBuilder } from "../factory";
import { hostAccess, scriptTarget, scriptWaitSeconds, type HostAccess } from "../../hosts/connection";
import { HostScript } from "../../hosts/host-script";
import { HostPreflight } from "../../hosts/host-preflight";
import { artifactHostFile, pinnedFile } from "../../hosts/artifacts";
import { NodeLifecycle } from "../../hosts/node-lifecycle";
import { desiredNodeLabels, labelList, planSshCluster, taintList } from "../../hosts/ssh-topology";
import { sshClusterHandle } from "../../hosts/ssh-cluster-handle";
import { renderK3sConfig, renderK3sRegistries } from "./k3s-config";
import { k3sPreflight } from "./k3s-preflight";

const SCRIPTS = path.join(__dirname, "scripts");
const script = (name: string): string => path.join(SCRIPTS, name);

/** Arguments of K3sCluster. */
export interface K3sClusterArgs {
    /** The validated continuum spec (SSH defaults, versions, airgap). */
    spec: ContinuumSpec;
    /** Name of the cluster in `spec.clusters` (distribution k3s, substrate ssh). */
    cluster: string;
    /** The version table to install from. @default VERSION_TABLE */
    table?: VersionTable;
    /** The cluster join token (secret). @default a generated 48-character RandomPassword */
    joinToken?: pulumi.Input<string>;
    /** Preflight check ids not to enforce (e.g. `cgroups` on hosts known to boot hybrid cgroups). @default [] */
    skipPreflightChecks?: string[];
    /** Run the per-node lifecycle steps (label/taint reconcile, drain on removal, rolling upgrade). @default true */
    manageNodes?: boolean;
}

/** The K3s version to install: the table's; an override must equal it (only pinned files install). */
export function k3sVersion(spec: ContinuumSpec, table: VersionTable): string {
    const pinned = table.hostArtifacts.k3s.version;
    const wanted = spec.versions.k3s;
    if (wanted !== undefined && wanted !== pinned) {
        throw new Error(`versions.k3s is ${wanted} but this continuum pins K3s ${pinned} with checksums — remove the override, or pin ${wanted} (URLs and sha256 per arch) in components/version-table.ts`);
    }
    return pinned;
}

/**
 * A K3s cluster on machines reached over SSH. The first server starts the cluster (with
 * embedded etcd when there is more than one server), the other servers join one at a time,
 * agents join in parallel. Every host is preflighted first; the K3s binary is pushed and
 * verified on the host. The join token is a generated secret; the kubeconfig is read without
 * logging, kept secret and points at the API endpoint.
 */
export class K3sCluster extends pulumi.ComponentResource {
    /** The handle add-ons use. */
    readonly cluster: Cluster;

    constructor(name: string, args: K3sClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:K3sCluster", name, {}, opts);
        const spec = args.spec;
        const table = args.table ?? VERSION_TABLE;
        const cluster = findCluster(spec, args.cluster, "k3s");
        const plan = planSshCluster(cluster, { control: "server", worker: "agent" });
        const version = k3sVersion(spec, table);
        const ha = plan.controls.length > 1;
        const waitSeconds = String(scriptWaitSeconds(spec.ssh.timeoutSeconds));

        const joinToken = args.joinToken !== undefined
            ? pulumi.secret(args.joinToken)
            : new random.RandomPassword(`${name}-token`, { length: 48, special: false }, { parent: this, additionalSecretOutputs: ["result"] }).result;
        const registries = renderK3sRegistries(cluster.registryMirrors);
        const access = new Map<string, HostAccess>(cluster.nodes.map((n) => [n.name, hostAccess(spec.ssh, n)]));
        const firstAccess = access.get(plan.first.name) as HostAccess;

        const installs = new Map<string, HostScript>();
        let previousServer: pulumi.Resource | undefined;
        for (const node of [...plan.controls, ...plan.workers]) {
            const server = node.roles.includes("server");
            const a = access.get(node.name) as HostAccess;
            const preflight = new HostPreflight(`${name}-${node.name}-preflight`, {
                access: a,
                requirements: k3sPreflight(node, server, ha, cluster.cilium !== undefined),
                skipChecks: args.skipPreflightChecks,
            }, { parent: this });
            const config = renderK3sConfig({
                role: server ? "server" : "agent",
                nodeName: node.name,
                clusterInit: server && ha && node === plan.first,
                serverUrl: node === plan.first ? undefined : server ? plan.firstUrl : plan.apiEndpoint,
                podCidr: cluster.network.podCidr,
                serviceCidr: cluster.network.serviceCidr,
                clusterDomain: cluster.network.clusterDomain,
                tlsSans: plan.tlsSans,
                taints: node.taints,
                cilium: cluster.cilium !== undefined,
                kubeProxyReplacement: cluster.cilium?.kubeProxyReplacement ?? false,
            });
            const binary = artifactHostFile(pinnedFile(table, "k3s", node.arch), { airgapDir: spec.airgap.artifactDir, parent: this });
            const install = new HostScript(`${name}-${node.name}-k3s`, {
                ...scriptTarget(a),
                script: script("k3s-install.sh"),
                uninstallScript: script("k3s-uninstall.sh"),
                params: {
                    K3S_ROLE: server ? "server" : "agent",
                    K3S_VERSION: version,
                    K3S_CONFIG: config,
                    K3S_TOKEN: joinToken,
                    K3S_REGISTRIES: registries,
                    NODE_NAME: node.name,
                    WAIT_SECONDS: waitSeconds,
                    PREFLIGHT: preflight.passed,
                },
                files: [binary],
            }, {
                parent: this,
                // Servers one at a time (etcd quorum); agents in parallel once every server is up.
                dependsOn: [preflight, ...(previousServer ? [previousServer] : [])],
            });
            installs.set(node.name, install);
            if (server) previousServer = install.run;
        }

        const kubeconfig = new HostScript(`${name}-kubeconfig`, {
            ...scriptTarget(firstAccess),
            script: script("k3s-kubeconfig.sh"),
            params: { WAIT_SECONDS: waitSeconds },
            printsSecrets: true,
        }, { parent: this, dependsOn: plan.controls.map((n) => (installs.get(n.name) as HostScript).run) });

        // Lifecycle (labels/taints, removal, rolling upgrade): one node at a time, servers first.
        let previous: pulumi.Resource = kubeconfig.run;
        const sha = (arch: string): string => pinnedFile(table, "k3s", arch).sha256;
        for (const node of args.manageNodes === false ? [] : [...plan.controls, ...plan.workers]) {
            const lifecycle = new NodeLifecycle(`${name}-${node.name}-lifecycle`, {
                nodeName: node.name,
                node: access.get(node.name) as HostAccess,
                control: firstAccess,
                kubectlFlavor: "k3s",
                targetVersion: version,
                upgradeScript: script("k3s-upgrade.sh"),
                upgradeParams: {
                    K3S_ROLE: node.roles.includes("server") ? "server" : "agent",
                    K3S_VERSION: version,
                    K3S_SHA256: sha(node.arch),
                    WAIT_SECONDS: waitSeconds,
                },
                labels: labelList(desiredNodeLabels(cluster, node)),
                taints: taintList(node.taints),
                removeOnDelete: node !== plan.first,
            }, { parent: this, dependsOn: [(installs.get(node.name) as HostScript).run, previous] });
            previous = lifecycle.done;
        }

        this.cluster = sshClusterHandle({ cluster, plan, adminKubeconfig: kubeconfig.stdout, ready: [previous], parent: this });
        this.registerOutputs({ apiEndpoint: this.cluster.apiEndpoint, kubeconfig: this.cluster.kubeconfig });
    }
}

/** The spec cluster by name, checked to be on the ssh substrate with the given distribution. */
export function findCluster(spec: ContinuumSpec, name: string, distribution: string): ClusterSpec {
    const cluster = spec.clusters.find((c) => c.name === name);
    if (!cluster) throw new Error(`no cluster named '${name}' in the spec`);
    if (cluster.substrate !== "ssh" || cluster.distribution !== distribution) {
        throw new Error(`cluster '${name}' is ${cluster.distribution} on ${cluster.substrate}, not ${distribution} on ssh`);
    }
    return cluster;
}

/** The `ssh/k3s` entry of the cluster factory. */
export const k3sSshBuilder: ClusterBuilder = (spec, cluster, opts) =>
    new K3sCluster(cluster.name, { spec, cluster: cluster.name }, opts).cluster;
