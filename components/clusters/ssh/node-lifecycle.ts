import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { scriptWaitSeconds, type HostConnection } from "../../hosts/connection";
import { hostStep } from "../../hosts/host-step";

const SCRIPTS = path.join(__dirname, "scripts");

/** Arguments of NodeLifecycle. */
export interface NodeLifecycleArgs {
    /** Kubernetes node name. */
    nodeName: string;
    /** How the node itself is reached (runs the upgrade script). */
    node: HostConnection;
    /** How the first control-plane node is reached (runs kubectl: drain, uncordon). */
    control: HostConnection;
    /** `k3s` or `kubeadm`: which kubectl and admin credentials the control node has. */
    kubectlFlavor: string;
    /** The kubelet version every node must end on (`v1.35.0+k3s1`, `v1.35.1`). */
    targetVersion: string;
    /** The distribution's upgrade script (runs on the node; no-op when already on the target). */
    upgradeScript: string;
    /** Its parameters (an env file on stdin). */
    upgradeParams: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Seconds a drain may take before it fails the upgrade. @default 300 */
    drainTimeoutSeconds?: number;
}

/**
 * A node's rolling upgrade, as three one-shot steps chained behind the previous node's (so a
 * version change upgrades one node at a time): on the control node cordon + drain when the node
 * is not on the target version (scripts/node-drain.sh); on the node the upgrade; on the control
 * node the health check and uncordon (scripts/node-reconcile.sh). Labels, taints and the removal
 * of nodes that left the spec are the cluster's pool step (node-pool.ts), once for every node.
 */
export class NodeLifecycle extends pulumi.ComponentResource {
    /** The last step: the next node's lifecycle waits for it. */
    readonly done: pulumi.Resource;

    constructor(name: string, args: NodeLifecycleArgs, opts?: pulumi.ComponentResourceOptions) {
        // `dependsOn` goes to the first step, not the component: under --continue-on-error the engine
        // skips a component whose dependency failed, then refuses its outputs and stops the update.
        super("continuum:index:NodeLifecycle", name, {}, { ...opts, dependsOn: undefined });
        const common = {
            KUBECTL_FLAVOR: args.kubectlFlavor,
            NODE_NAME: args.nodeName,
            TARGET_VERSION: args.targetVersion,
        };
        const drain = hostStep(`${name}-drain`, {
            connection: args.control,
            script: path.join(SCRIPTS, "node-drain.sh"),
            params: { ...common, DRAIN_TIMEOUT: String(args.drainTimeoutSeconds ?? 300) },
            dependsOn: opts?.dependsOn,
            parent: this,
        });
        const upgrade = hostStep(`${name}-upgrade`, {
            connection: args.node,
            script: args.upgradeScript,
            params: args.upgradeParams,
            dependsOn: [drain.run],
            parent: this,
        });
        const reconcile = hostStep(`${name}-reconcile`, {
            connection: args.control,
            script: path.join(SCRIPTS, "node-reconcile.sh"),
            params: { ...common, WAIT_SECONDS: String(scriptWaitSeconds(args.control.timeoutSeconds)) },
            dependsOn: [upgrade.run],
            parent: this,
        });
        this.done = reconcile.run;
        this.registerOutputs({});
    }
}
