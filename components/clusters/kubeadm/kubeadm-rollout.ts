/**
 * After every node converged: the rolling upgrade (NodeLifecycle: drain, upgrade, uncordon — one
 * node at a time, control planes first) and the pool step on the first control plane (labels,
 * taints, removal of the nodes that left the spec).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { HostArtifactName } from "../../versions";
import { pinnedFile, resolveDigest } from "../../hosts/artifacts";
import { NodeLifecycle } from "../ssh/node-lifecycle";
import { nodePoolParams, nodePoolStep } from "../ssh/node-pool";
import type { SshClusterStart } from "../ssh/ssh-cluster-start";
import { renderUpgradeConfig } from "./kubeadm-config";
import { kubeadmHaInput, kubeadmScript, type KubeadmNodes } from "./kubeadm-node";
import { hostStep } from "../../hosts/host-step";
import { kubeadmEtcdMembersStep } from "../../day2/kubeadm-ha";

/** What the rollout waits for. */
export interface KubeadmRolloutInput {
    /** The cluster's start (spec, table, plan, version). */
    start: SshClusterStart;
    /** The nodes' shared parts. */
    nodes: KubeadmNodes;
    /** Each node's converge, by node name. */
    installs: Map<string, pulumi.Resource>;
    /** The first step of the rollout waits for it (the admin kubeconfig read). */
    after: pulumi.Resource;
}

/** Declare the rollout; returns the last control plane's lifecycle (the API, upgraded). */
export function declareKubeadmRollout(
    name: string,
    input: KubeadmRolloutInput,
    parent: pulumi.Resource,
): { controlPlaneReady: pulumi.Resource } {
    const { spec, table, cluster, plan, version, waitSeconds } = input.start;
    const first = input.nodes.connectionOf(plan.first);
    const upgradeConfig = renderUpgradeConfig(input.nodes.clusterInput);
    const sha = (a: HostArtifactName, arch: string): string =>
        resolveDigest(pinnedFile(table, a, arch), spec.airgap.artifactDir).hex;
    // A step on one worker waits for its join; add-ons wait for the control planes'.
    let previous: pulumi.Resource = input.after;
    let controlPlaneReady: pulumi.Resource = input.after;
    for (const node of [...plan.controls, ...plan.workers]) {
        const control = plan.controls.includes(node);
        const lifecycle = new NodeLifecycle(
            `${name}-${node.name}-lifecycle`,
            {
                nodeName: node.name,
                node: input.nodes.connectionOf(node),
                control: first,
                kubectlFlavor: "kubeadm",
                targetVersion: version,
                upgradeScript: kubeadmScript("kubeadm-upgrade.sh"),
                upgradeParams: {
                    KUBERNETES_VERSION: version,
                    UPGRADE_MODE: node === plan.first ? "apply" : "node",
                    UPGRADE_CONFIG: upgradeConfig,
                    KUBEADM_SHA256: sha("kubeadm", node.arch),
                    KUBELET_SHA256: sha("kubelet", node.arch),
                    KUBECTL_SHA256: sha("kubectl", node.arch),
                    CONTROL_PLANE: String(control),
                    WAIT_SECONDS: waitSeconds,
                },
            },
            { parent, dependsOn: [input.installs.get(node.name) as pulumi.Resource, previous] },
        );
        previous = lifecycle.done;
        if (control) controlPlaneReady = lifecycle.done;
    }
    // The etcd members of control planes that left the spec, removed from a survivor while their Nodes
    // still exist, before their hosts' uninstalls (Pulumi deletes after this update; day2/kubeadm-ha.ts).
    const members = kubeadmEtcdMembersStep(kubeadmHaInput(input.start));
    const membersStep = hostStep(`${name}-etcd-members`, {
        connection: first,
        script: members.script,
        params: members.params,
        dependsOn: [previous, ...input.installs.values()],
        parent,
    });
    // Every node: labels (the runtime labels among them), taints, removal of nodes that left the spec.
    nodePoolStep(
        `${name}-nodes`,
        first,
        nodePoolParams({
            cluster: cluster.name,
            kubectlFlavor: "kubeadm",
            nodes: input.nodes.nodeInfos,
            taints: cluster.nodes,
            waitSeconds: Number(waitSeconds),
        }),
        [membersStep.run],
        parent,
    );
    return { controlPlaneReady };
}
