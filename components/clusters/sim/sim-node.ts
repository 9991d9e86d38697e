import * as pulumi from "@pulumi/pulumi";
import type { SimNodeObject } from "./node-manifest";

/**
 * A Node registered the way a kubelet registers itself: one create carrying `status`
 * (capacity, allocatable, architecture). The API server keeps a Node's status on create —
 * through a plain POST and through server-side apply alike — and ignores it on later writes.
 * `k8s.core.v1.Node` cannot carry status (its constructor drops it), so this registers the
 * same `kubernetes:core/v1:Node` type with the whole object through the cluster's provider.
 */
export class SimNode extends pulumi.CustomResource {
    /** Node name. */
    declare readonly metadata: pulumi.Output<{ name: string; labels?: Record<string, string> }>;

    constructor(name: string, node: pulumi.Input<SimNodeObject>, opts: pulumi.CustomResourceOptions) {
        const props = pulumi.output(node);
        super("kubernetes:core/v1:Node", name, {
            apiVersion: "v1",
            kind: "Node",
            metadata: props.metadata,
            spec: props.spec,
            status: props.status,
        }, opts);
    }
}
