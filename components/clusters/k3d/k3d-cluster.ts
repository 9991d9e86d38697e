import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterNodeInfo } from "../cluster";
import { nodeArch } from "../local/arch";
import { localNodeLabels, runtimeNames } from "../local/node-labels";
import { shimParams } from "../local/shims";
import { VERSION_TABLE } from "../../version-table";
import { apiEndpointOf, clusterProvider } from "../local/handle";
import { LOCAL_COMMANDS, localCommandOptions, localScriptCommand } from "../local/local-command";
import { DEFAULT_DOCKER_NETWORK, DEFAULT_SHIM_DIR, defaultStateDir } from "../local/paths";
import type { K3dClusterArgs } from "./args";
import { K3S_LOCAL_API, k3dConfigYaml, k3dNodeNames, renderK3dConfig } from "./k3d-config";

/**
 * A k3d cluster: the config rendered from the spec, created with `k3d cluster create --config`
 * by a local command at `pulumi up` (after checking docker, k3d and the Docker engine), deleted
 * on destroy. The kubeconfig is a secret; the provider's identity is stable.
 */
export class K3dCluster extends pulumi.ComponentResource {
    /** The handle add-ons use. */
    readonly cluster: Cluster;
    /** Kubeconfig (secret), known once the cluster exists. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The rendered k3d config (YAML, with @CONTINUUM_*_DIR@ placeholders). */
    readonly config: string;

    constructor(name: string, args: K3dClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:K3dCluster", name, {}, opts);
        const network = args.dockerNetwork ?? DEFAULT_DOCKER_NETWORK;
        this.config = k3dConfigYaml(renderK3dConfig(args, network));
        const arch = nodeArch(args.nodes, args.clusterName);
        const runtimes = runtimeNames(args.nodes.flatMap((n) => n.runtimes ?? []), `cluster '${args.clusterName}'`);
        const params: Record<string, string> = {
            CLUSTER_NAME: args.clusterName,
            STATE_DIR: args.stateDir ?? defaultStateDir(args.clusterName),
            SHIM_DIR: args.shimDir ?? DEFAULT_SHIM_DIR,
            DOCKER_NETWORK: network,
            CONFIG: this.config,
            ARCH: arch,
            NEEDS_KVM: String(runtimes.includes("kata")),
            ...shimParams(runtimes, arch, args.table ?? VERSION_TABLE, args.artifactDir),
            // Cilium mounts bpffs and cgroup2 with Bidirectional propagation: k3d's mounts fix
            // (read from k3d's own environment, on by default since v5.6) makes / rshared in nodes
            FIX_MOUNTS: String(args.ciliumCni ?? false),
        };
        const create = localScriptCommand(`${name}-k3d`, {
            create: LOCAL_COMMANDS.k3dCreate,
            delete: LOCAL_COMMANDS.k3dDelete,
            params,
            // a different config is a different cluster: delete, then create
            triggers: [this.config, params.CLUSTER_NAME],
        }, localCommandOptions(this));

        this.kubeconfig = pulumi.secret(create.stdout);
        this.provider = clusterProvider(name, args.clusterName, "k3d", this.kubeconfig, this);
        const names = k3dNodeNames(args.clusterName, args.nodes);
        const tier = args.tier ?? "edge";
        const nodes: ClusterNodeInfo[] = args.nodes.map((n, i) => ({
            name: names[i],
            roles: [n.role],
            arch: n.arch ?? "amd64",
            labels: localNodeLabels({
                clusterName: args.clusterName, tier, clusterLabels: args.nodeLabels ?? {},
                specName: n.name, labels: n.labels ?? {}, runtimes: n.runtimes ?? [],
            }),
            capabilities: n.capabilities ?? [],
            runtimes: n.runtimes ?? [],
            kubeEdge: false,
        }));
        this.cluster = {
            name: args.clusterName,
            tier,
            distribution: "k3s",
            substrate: "k3d",
            kubeconfig: this.kubeconfig,
            provider: this.provider,
            apiEndpoint: apiEndpointOf(this.kubeconfig),
            apiHost: K3S_LOCAL_API.host,
            apiPort: K3S_LOCAL_API.port,
            podCidr: args.podCidr,
            serviceCidr: args.serviceCidr,
            clusterDomain: args.clusterDomain ?? "cluster.local",
            nodes,
            ready: [create],
        };
        this.registerOutputs({ kubeconfig: this.kubeconfig, apiEndpoint: this.cluster.apiEndpoint, nodes: names });
    }
}
