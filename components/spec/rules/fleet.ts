import type { ContinuumSpec } from "../continuum-spec";
import { issue, type SpecIssue } from "../issues";

/** `fleet:` only where nodes are pooled: K3s clusters over SSH (their agents) and KubeEdge (its edge nodes). */
export function fleetRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        if (c.fleet === undefined) return;
        if (c.substrate !== "ssh" || c.distribution !== "k3s") {
            out.push(
                issue(
                    ["clusters", ci, "fleet"],
                    `cluster '${c.name}' is ${c.distribution} on ${c.substrate}: ` +
                        "converge pools are for K3s agents over SSH",
                    "remove fleet: here (kubeadm nodes and K3s servers have a rolling lifecycle of their own; " +
                        "sim clusters pool their nodes already)",
                ),
            );
        }
    });
    const ke = spec.kubeedge;
    const cloud = ke && spec.clusters.find((c) => c.name === ke.cloudCluster);
    if (ke?.fleet !== undefined && cloud?.substrate === "sim") {
        out.push(
            issue(
                ["kubeedge", "fleet"],
                `the edge nodes of the sim cluster '${cloud.name}' are simulated: there are no converges to pool`,
                "remove kubeedge.fleet (sim clusters pool their nodes already)",
            ),
        );
    }
    return out;
}
