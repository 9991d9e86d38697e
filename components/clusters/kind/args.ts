import type { KubeadmRole } from "../../distributions/kubeadm";
import type { LocalClusterArgs, LocalNodeArgs } from "../local/args";

/** One kind node (a container); kind names the Kubernetes node itself (`<cluster>-worker2`). */
export interface KindNodeArgs extends LocalNodeArgs {
    /** `control-plane` or `worker`. */
    role: KubeadmRole;
}

/** A kind cluster (Kubernetes in Docker), the cloud tier of a laptop continuum. */
export interface KindClusterArgs extends LocalClusterArgs {
    /** The nodes, at least one control-plane. */
    nodes: KindNodeArgs[];
    /** Host address the API server is published on (an IP). @default "127.0.0.1" */
    apiServerAddress?: string;
    /** Ports of the first control-plane node published on every host interface (e.g. KubeEdge CloudCore's). @default []
     * */
    hostPorts?: number[];
}
