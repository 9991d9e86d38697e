import * as pulumi from "@pulumi/pulumi";
import { Distribution } from "../../distributions/distribution";
import { Substrate, Tier } from "../../spec/cluster";
import type { Cluster } from "../cluster";
import { LOCAL_COMMANDS } from "../local/local-command";
import { createLocalCluster } from "../local/local-cluster";
import { fileParams } from "../local/params";
import type { KindClusterArgs } from "./args";
import {
    KIND_API_PORT,
    kindApiHost,
    kindConfigYaml,
    kindNodeNames,
    kindStateFiles,
    renderKindConfig,
} from "./kind-config";

/**
 * A kind cluster: the config rendered from the spec, created with `kind create cluster
 * --config` by a local command at `pulumi up` (after checking docker, kind and the Docker
 * engine), deleted on destroy. The kubeconfig is a secret; the provider's identity is stable.
 */
export class KindCluster extends pulumi.ComponentResource {
    /** The handle add-ons use: kubeconfig (secret, known once the cluster exists), provider, nodes. */
    readonly cluster: Cluster;
    /** The rendered kind config (YAML, with @CONTINUUM_*_DIR@ placeholders). */
    readonly config: string;

    constructor(name: string, args: KindClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KindCluster", name, args, opts);
        const rendered = renderKindConfig(args);
        this.config = kindConfigYaml(rendered);
        const names = kindNodeNames(args.clusterName, args.nodes);
        this.cluster = createLocalCluster(this, name, args, {
            substrate: Substrate.Kind,
            distribution: Distribution.Kubeadm,
            tier: Tier.Cloud,
            config: this.config,
            create: LOCAL_COMMANDS.kindCreate,
            delete: LOCAL_COMMANDS.kindDelete,
            params: fileParams(kindStateFiles(args)),
            nodeNames: names,
            nodeLabels: rendered.nodes.map((n) => n.labels),
            apiHost: kindApiHost(args.clusterName, args.nodes),
            apiPort: KIND_API_PORT,
        });
        const { kubeconfig, apiEndpoint } = this.cluster;
        this.registerOutputs({ kubeconfig, apiEndpoint, nodes: names });
    }
}
