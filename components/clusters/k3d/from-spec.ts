import type * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterSpec } from "../../spec/cluster";
import type { Cluster } from "../cluster";
import { localBaseArgsFromSpec } from "../local/args-from-spec";
import type { K3dClusterArgs } from "./args";
import { K3dCluster } from "./k3d-cluster";

/** K3dCluster args from a validated spec (the zod types are richer than component args). */
export function k3dArgsFromSpec(spec: ContinuumSpec, c: ClusterSpec): K3dClusterArgs {
    return {
        ...localBaseArgsFromSpec(spec, c, "server", "agent"),
        image: spec.versions.k3s ? `rancher/k3s:${spec.versions.k3s.replace("+", "-")}` : undefined,
        apiHost: c.apiEndpoint.host,
    };
}

/** The factory entry for substrate `k3d`. */
export function buildK3dCluster(spec: ContinuumSpec, c: ClusterSpec, opts: pulumi.ComponentResourceOptions): Cluster {
    return new K3dCluster(c.name, k3dArgsFromSpec(spec, c), opts).cluster;
}
