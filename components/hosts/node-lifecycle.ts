import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { scriptTarget, scriptWaitSeconds, type HostAccess } from "./connection";
import { HostScript } from "./host-script";

const SCRIPTS = path.join(__dirname, "scripts");

/** Arguments of NodeLifecycle. */
export interface NodeLifecycleArgs {
    /** Kubernetes node name. */
    nodeName: string;
    /** How the node itself is reached (runs the upgrade script). */
    node: HostAccess;
    /** How the first control-plane node is reached (runs kubectl: drain, reconcile, removal). */
    control: HostAccess;
    /** `k3s` or `kubeadm`: which kubectl and admin credentials the control node has. */
    kubectlFlavor: string;
    /** The kubelet version every node must end on (`v1.35.0+k3s1`, `v1.35.1`). */
    targetVersion: string;
    /** The distribution's upgrade script (runs on the node; no-op when already on the target). */
    upgradeScript: string;
    /** Its parameters (the same env-file rules as HostScript). */
    upgradeParams: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Desired labels as `k=v,...` (see `labelList`). */
    labels: string;
    /** Desired taints as `key=value:Effect,...` (see `taintList`). */
    taints: string;
    /** Drain and delete the Node when it leaves the spec. False for the first control node (it runs kubectl). @default true */
    removeOnDelete?: boolean;
    /** Seconds a drain may take before it is forced (removal) or fails (upgrade). @default 120 */
    drainTimeoutSeconds?: number;
}

/**
 * What happens to a node after it joined, as three steps chained behind the previous node's
 * (so a version change upgrades one node at a time): on the control node cordon + drain when
 * the node is not on the target version; on the node the upgrade; on the control node the
 * health check, uncordon and label/taint reconciliation. Deleting it (the node left the spec,
 * or destroy) drains the node and deletes its Node object before the node's own uninstall runs.
 */
export class NodeLifecycle extends pulumi.ComponentResource {
    /** The last step: the next node's lifecycle waits for it. */
    readonly done: pulumi.Resource;

    constructor(name: string, args: NodeLifecycleArgs, opts?: pulumi.ComponentResourceOptions) {
        // `dependsOn` goes to the first step, not the component: under --continue-on-error the engine
        // skips a component whose dependency failed, then refuses its outputs and stops the update.
        super("continuum:index:NodeLifecycle", name, {}, { ...opts, dependsOn: undefined });
        const drainTimeout = String(args.drainTimeoutSeconds ?? 120);
        const common = { KUBECTL_FLAVOR: args.kubectlFlavor, NODE_NAME: args.nodeName, TARGET_VERSION: args.targetVersion };
        const drain = new HostScript(`${name}-drain`, {
            ...scriptTarget(args.control),
            nodeName: args.nodeName,
            script: path.join(SCRIPTS, "node-drain.sh"),
            params: { ...common, DRAIN_TIMEOUT: String(Math.max(Number(drainTimeout), 300)) },
        }, { parent: this, dependsOn: opts?.dependsOn });
        const upgrade = new HostScript(`${name}-upgrade`, {
            ...scriptTarget(args.node),
            script: args.upgradeScript,
            params: args.upgradeParams,
        }, { parent: this, dependsOn: [drain.run] });
        const reconcile = new HostScript(`${name}-reconcile`, {
            ...scriptTarget(args.control),
            nodeName: args.nodeName,
            script: path.join(SCRIPTS, "node-reconcile.sh"),
            uninstallScript: args.removeOnDelete === false ? undefined : path.join(SCRIPTS, "node-remove.sh"),
            params: {
                ...common,
                NODE_LABELS: args.labels,
                NODE_TAINTS: args.taints,
                WAIT_SECONDS: String(scriptWaitSeconds(args.control.timeoutSeconds)),
                DRAIN_TIMEOUT: drainTimeout,
            },
        }, { parent: this, dependsOn: [upgrade.run] });
        this.done = reconcile.run;
        this.registerOutputs({});
    }
}
