import * as pulumi from "@pulumi/pulumi";
import { Distribution } from "../../distributions/distribution";
import { Substrate, Tier } from "../../spec/cluster";
import type { Cluster } from "../cluster";
import { LOCAL_COMMANDS } from "../local/local-command";
import { createLocalCluster } from "../local/local-cluster";
import { localNodeLabels } from "../local/node-labels";
import { DEFAULT_DOCKER_NETWORK } from "../local/paths";
import type { K3dClusterArgs } from "./args";
import { K3S_LOCAL_API, k3dConfigYaml, k3dNodeNames, renderK3dConfig } from "./k3d-config";

/**
 * A k3d cluster: the config rendered from the spec, created with `k3d cluster create --config`
 * by a local command at `pulumi up` (after checking docker, k3d and the Docker engine), deleted
 * on destroy. The kubeconfig is a secret; the provider's identity is stable.
 */
export class K3dCluster extends pulumi.ComponentResource {
    /** The handle add-ons use: kubeconfig (secret, known once the cluster exists), provider, nodes. */
    readonly cluster: Cluster;
    /** The rendered k3d config (YAML, with @CONTINUUM_*_DIR@ placeholders). */
    readonly config: string;

    constructor(name: string, args: K3dClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:K3dCluster", name, args, opts);
        this.config = k3dConfigYaml(renderK3dConfig(args, args.dockerNetwork ?? DEFAULT_DOCKER_NETWORK));
        const names = k3dNodeNames(args.clusterName, args.nodes);
        const tier = args.tier ?? Tier.Edge;
        this.cluster = createLocalCluster(this, name, args, {
            substrate: Substrate.K3d,
            distribution: Distribution.K3s,
            tier,
            config: this.config,
            create: LOCAL_COMMANDS.k3dCreate,
            delete: LOCAL_COMMANDS.k3dDelete,
            // Cilium mounts bpffs and cgroup2 with Bidirectional propagation: k3d's mounts fix
            // (read from k3d's own environment, on by default since v5.6) makes / rshared in nodes
            params: { FIX_MOUNTS: String(args.ciliumCni ?? false) },
            nodeNames: names,
            nodeLabels: args.nodes.map((n) =>
                localNodeLabels({
                    clusterName: args.clusterName,
                    tier,
                    clusterLabels: args.nodeLabels ?? {},
                    specName: n.name,
                    labels: n.labels ?? {},
                    runtimes: n.runtimes ?? [],
                }),
            ),
            apiHost: K3S_LOCAL_API.host,
            apiPort: K3S_LOCAL_API.port,
        });
        const { kubeconfig, apiEndpoint } = this.cluster;
        this.registerOutputs({ kubeconfig, apiEndpoint, nodes: names });
    }
}
