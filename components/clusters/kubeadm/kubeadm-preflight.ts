import type { ClusterNodeSpec } from "../../spec/node";
import type { PreflightRequirements } from "../../hosts/preflight";
import { KUBEADM } from "../../distributions/kubeadm";
import { distributionPreflight } from "../distribution-preflight";

/** What a host must offer to become a kubeadm control plane or worker (pure). */
export function kubeadmPreflight(
    node: ClusterNodeSpec,
    controlPlane: boolean,
    apiPort: number,
    kubeProxyReplacement: boolean,
): PreflightRequirements {
    return distributionPreflight(KUBEADM, node, controlPlane, {
        apiPort,
        ha: false,
        cilium: false,
        kubeProxyReplacement,
    });
}
