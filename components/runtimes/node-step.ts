/**
 * A node's extra runtimes (crun, Kata, WasmEdge) as a step of its converge over SSH
 * (hosts/fleet-node.ts): scripts/runtimes-install.sh with the node's pinned artifacts, undone by
 * scripts/runtimes-uninstall.sh. K3s and kubeadm nodes and KubeEdge edge nodes all get their
 * runtimes this way, in the same converge as their install or join.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { VersionTable } from "../versions";
import { artifactHostFile } from "../hosts/artifacts";
import type { FleetNodeStep } from "../hosts/fleet-node";
import { planRuntimes, type NodeRuntimePlan, type PlanCluster } from "./plan";
import { runtimeInstall } from "./install-params";
import type { Distribution } from "../distributions/distribution";

/** The runtime install and uninstall scripts. */
export const RUNTIME_SCRIPTS = {
    install: path.join(__dirname, "scripts", "runtimes-install.sh"),
    uninstall: path.join(__dirname, "scripts", "runtimes-uninstall.sh"),
};

/** Kata's hypervisor shim on SSH nodes. */
const SSH_KATA_SHIM = "qemu";

/** The runtime plan of every node of a cluster that has extra runtimes, by node name. */
export function runtimePlansByNode(cluster: PlanCluster): Map<string, NodeRuntimePlan> {
    return new Map(planRuntimes(cluster, { kataShim: SSH_KATA_SHIM }).nodes.map((n) => [n.node, n]));
}

/** What the runtime step of one node is made from. */
export interface NodeRuntimeStepInput {
    /** The node's runtime plan. */
    node: NodeRuntimePlan;
    /** `k3s` or `kubeadm` (a KubeEdge node: its cloud cluster's; it gets the containerd drop-in). */
    distribution: Distribution;
    /** The version table (with the stack's pins). */
    table: VersionTable;
    /** Airgap directory with the pinned files. @default the files are fetched */
    artifactDir?: string;
    /** Parent of the fetch commands. @default none */
    parent?: pulumi.Resource;
}

/** The converge step that installs a node's runtimes. */
export function nodeRuntimeStep(input: NodeRuntimeStepInput): FleetNodeStep {
    const install = runtimeInstall({
        node: input.node,
        distribution: input.distribution,
        table: input.table,
        kataShim: SSH_KATA_SHIM,
    });
    return {
        script: RUNTIME_SCRIPTS.install,
        uninstallScript: RUNTIME_SCRIPTS.uninstall,
        params: install.params,
        files: install.artifacts.map((f) =>
            artifactHostFile(f, { airgapDir: input.artifactDir, parent: input.parent }),
        ),
    };
}
