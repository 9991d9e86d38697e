import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterNodeInfo } from "../cluster";
import { nodeArch } from "../local/arch";
import { runtimeNames } from "../local/node-labels";
import { shimParams } from "../local/shims";
import { VERSION_TABLE } from "../../version-table";
import { apiEndpointOf, clusterProvider } from "../local/handle";
import { LOCAL_COMMANDS, localCommandOptions, localScriptCommand } from "../local/local-command";
import { fileParams } from "../local/params";
import { DEFAULT_DOCKER_NETWORK, DEFAULT_SHIM_DIR, defaultStateDir } from "../local/paths";
import type { KindClusterArgs } from "./args";
import { KIND_API_PORT, kindApiHost, kindConfigYaml, kindNodeNames, kindStateFiles, renderKindConfig } from "./kind-config";

/**
 * A kind cluster: the config rendered from the spec, created with `kind create cluster
 * --config` by a local command at `pulumi up` (after checking docker, kind and the Docker
 * engine), deleted on destroy. The kubeconfig is a secret; the provider's identity is stable.
 */
export class KindCluster extends pulumi.ComponentResource {
    /** The handle add-ons use. */
    readonly cluster: Cluster;
    /** Kubeconfig (secret), known once the cluster exists. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The rendered kind config (YAML, with @CONTINUUM_*_DIR@ placeholders). */
    readonly config: string;

    constructor(name: string, args: KindClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KindCluster", name, {}, opts);
        const rendered = renderKindConfig(args);
        this.config = kindConfigYaml(rendered);
        const arch = nodeArch(args.nodes, args.clusterName);
        const runtimes = runtimeNames(args.nodes.flatMap((n) => n.runtimes ?? []), `cluster '${args.clusterName}'`);
        const params: Record<string, string> = {
            CLUSTER_NAME: args.clusterName,
            STATE_DIR: args.stateDir ?? defaultStateDir(args.clusterName),
            SHIM_DIR: args.shimDir ?? DEFAULT_SHIM_DIR,
            DOCKER_NETWORK: args.dockerNetwork ?? DEFAULT_DOCKER_NETWORK,
            CONFIG: this.config,
            ARCH: arch,
            NEEDS_KVM: String(runtimes.includes("kata")),
            ...shimParams(runtimes, arch, args.table ?? VERSION_TABLE, args.artifactDir),
            ...fileParams(kindStateFiles(args)),
        };
        const create = localScriptCommand(`${name}-kind`, {
            create: LOCAL_COMMANDS.kindCreate,
            delete: LOCAL_COMMANDS.kindDelete,
            params,
            // a different config is a different cluster: delete, then create
            triggers: [this.config, params.CLUSTER_NAME],
        }, localCommandOptions(this));

        this.kubeconfig = pulumi.secret(create.stdout);
        this.provider = clusterProvider(name, args.clusterName, "kind", this.kubeconfig, this);
        const names = kindNodeNames(args.clusterName, args.nodes);
        const nodes: ClusterNodeInfo[] = args.nodes.map((n, i) => ({
            name: names[i],
            roles: [n.role],
            arch: n.arch ?? "amd64",
            labels: rendered.nodes[i].labels,
            capabilities: n.capabilities ?? [],
            runtimes: n.runtimes ?? [],
            kubeEdge: false,
        }));
        this.cluster = {
            name: args.clusterName,
            tier: args.tier ?? "cloud",
            distribution: "kubeadm",
            substrate: "kind",
            kubeconfig: this.kubeconfig,
            provider: this.provider,
            apiEndpoint: apiEndpointOf(this.kubeconfig),
            apiHost: kindApiHost(args.clusterName, args.nodes),
            apiPort: KIND_API_PORT,
            podCidr: args.podCidr,
            serviceCidr: args.serviceCidr,
            clusterDomain: args.clusterDomain ?? "cluster.local",
            nodes,
            ready: [create],
        };
        this.registerOutputs({ kubeconfig: this.kubeconfig, apiEndpoint: this.cluster.apiEndpoint, nodes: names });
    }
}
