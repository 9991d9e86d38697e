import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterSpec } from "../../spec/cluster";
import type { Cluster } from "../cluster";
import { localBaseArgsFromSpec } from "../local/args-from-spec";
import type { KindClusterArgs } from "./args";
import { KindCluster } from "./kind-cluster";

/** CloudCore's ports published on the host when real KubeEdge edge hosts join a kind cloud cluster. */
export function kubeEdgeHostPorts(spec: ContinuumSpec, c: ClusterSpec): number[] {
    const ke = spec.kubeedge;
    if (!ke || ke.cloudCluster !== c.name || ke.nodes.length === 0 || ke.serviceType !== "HostNetwork") return [];
    return [ke.ports.cloudHub, ke.ports.certs, ke.ports.stream, ke.ports.tunnel];
}

/** KindCluster args from a validated spec (the zod types are richer than component args). */
export function kindArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec): KindClusterArgs {
    return {
        ...localBaseArgsFromSpec(spec, c, "control-plane", "worker"),
        image: spec.versions.kubernetes ? `kindest/node:v${spec.versions.kubernetes}` : undefined,
        apiServerAddress: c.apiEndpoint.host,
        hostPorts: kubeEdgeHostPorts(spec, c),
    };
}

/** The factory entry for substrate `kind`. */
export function buildKindCluster(spec: ContinuumSpec, c: ClusterSpec, opts: pulumi.ComponentResourceOptions): Cluster {
    return new KindCluster(c.name, kindArgsFromSpec(spec, c), opts).cluster;
}
