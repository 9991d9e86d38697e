/**
 * What kind and k3d clusters share: the parameters of their create/delete scripts, the local
 * command that runs them, the provider and the `Cluster` handle. Each substrate renders its own
 * config and names its own nodes.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Distribution } from "../../distributions/distribution";
import type { NodeRole } from "../../distributions/distribution";
import type { Substrate, Tier } from "../../spec/cluster";
import { VERSION_TABLE } from "../../version-table";
import type { Cluster } from "../cluster";
import { apiEndpointOf, clusterHandle, clusterProvider } from "../handle";
import type { LocalClusterArgs, LocalNodeArgs } from "./args";
import { nodeArch } from "./arch";
import { localCommandOptions, localScriptCommand } from "./local-command";
import { runtimeNames } from "./node-labels";
import { DEFAULT_DOCKER_NETWORK, DEFAULT_SHIM_DIR, defaultStateDir } from "./paths";
import { shimParams } from "./shims";

/** A local node with its distribution's role. */
export type LocalNode = LocalNodeArgs & { role: NodeRole };

/** What one local substrate adds to the shared part. */
export interface LocalSubstrate {
    substrate: Extract<Substrate, "kind" | "k3d">;
    distribution: Distribution;
    /** The tier when the args set none. */
    tier: Tier;
    /** The rendered config (YAML with @CONTINUUM_*_DIR@ placeholders). */
    config: string;
    /** The create and delete commands (LOCAL_COMMANDS). */
    create: string;
    delete: string;
    /** Parameters only this substrate's scripts read. */
    params: Record<string, string>;
    /** Kubernetes node names, in the order of the args' nodes. */
    nodeNames: string[];
    /** Every node's labels, in the same order. */
    nodeLabels: Record<string, string>[];
    /** API host and port as the nodes reach it. */
    apiHost: string;
    apiPort: number;
}

/**
 * Create a local cluster under `parent`: one local command runs the substrate's create script
 * (delete on destroy; a changed config replaces the cluster), its stdout is the kubeconfig,
 * kept secret; the provider's identity is stable.
 */
export function createLocalCluster(
    parent: pulumi.Resource,
    name: string,
    args: LocalClusterArgs & { nodes: LocalNode[] },
    s: LocalSubstrate,
): Cluster {
    const arch = nodeArch(args.nodes, args.clusterName);
    const runtimes = runtimeNames(
        args.nodes.flatMap((n) => n.runtimes ?? []),
        `cluster '${args.clusterName}'`,
    );
    const params: Record<string, string> = {
        CLUSTER_NAME: args.clusterName,
        STATE_DIR: args.stateDir ?? defaultStateDir(args.clusterName),
        SHIM_DIR: args.shimDir ?? DEFAULT_SHIM_DIR,
        DOCKER_NETWORK: args.dockerNetwork ?? DEFAULT_DOCKER_NETWORK,
        CONFIG: s.config,
        ARCH: arch,
        NEEDS_KVM: String(runtimes.includes("kata")),
        ...shimParams(runtimes, arch, args.table ?? VERSION_TABLE, args.artifactDir),
        ...s.params,
    };
    const create = localScriptCommand(
        `${name}-${s.substrate}`,
        {
            create: s.create,
            delete: s.delete,
            params,
            // a different config is a different cluster: delete, then create
            triggers: [s.config, params.CLUSTER_NAME],
        },
        localCommandOptions(parent),
    );

    const kubeconfig = pulumi.secret(create.stdout);
    const provider = clusterProvider(`${name}-k8s`, args.clusterName, s.substrate, kubeconfig, parent);
    return clusterHandle({
        name: args.clusterName,
        tier: args.tier ?? s.tier,
        distribution: s.distribution,
        substrate: s.substrate,
        kubeconfig,
        provider,
        apiEndpoint: apiEndpointOf(kubeconfig),
        apiHost: s.apiHost,
        apiPort: s.apiPort,
        network: args,
        nodes: args.nodes.map((n, i) => ({
            name: s.nodeNames[i],
            roles: [n.role],
            arch: n.arch ?? "amd64",
            labels: s.nodeLabels[i],
            capabilities: n.capabilities ?? [],
            runtimes: n.runtimes ?? [],
            kubeEdge: false,
        })),
        ready: [create],
    });
}
