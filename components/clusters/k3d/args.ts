import type { K3sRole } from "../../distributions/k3s";
import type { LocalClusterArgs, LocalNodeArgs } from "../local/args";

/** One k3d node (a container running K3s); k3d names the Kubernetes node itself (`k3d-<cluster>-agent-0`). */
export interface K3dNodeArgs extends LocalNodeArgs {
    /** `server` or `agent`. */
    role: K3sRole;
}

/** A k3d cluster (K3s in Docker), the edge tier of a laptop continuum. */
export interface K3dClusterArgs extends LocalClusterArgs {
    /** The nodes, at least one server. */
    nodes: K3dNodeArgs[];
    /** Where the API is published: an IPv4 address to bind, or a host name. @default "127.0.0.1" */
    apiHost?: string;
}
