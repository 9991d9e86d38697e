import type { ClusterNodeSpec } from "../../spec/node";
import type { PreflightRequirements } from "../../hosts/preflight";
import { K3S } from "../../distributions/k3s";
import { distributionPreflight } from "../distribution-preflight";

/** What a host must offer to become a K3s server or agent (pure). */
export function k3sPreflight(
    node: ClusterNodeSpec,
    server: boolean,
    ha: boolean,
    cilium: boolean,
): PreflightRequirements {
    return distributionPreflight(K3S, node, server, { apiPort: 6443, ha, cilium, kubeProxyReplacement: false });
}
