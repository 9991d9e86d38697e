import * as pulumi from "@pulumi/pulumi";

/**
 * A stack transformation: every resource created through `provider` (the sim cluster's) is
 * `deletedWith` the cluster's control plane. Destroying a simulated cluster then deletes the
 * cluster — its etcd goes with it — instead of every object in it one by one (10,000 nodes,
 * Helm releases), while removing one add-on from a running cluster still deletes its objects.
 * Resources that already name a `deletedWith` keep it.
 */
export function deleteWithControlPlane(provider: pulumi.ProviderResource, controlPlane: pulumi.Resource): pulumi.ResourceTransformation {
    return (args) => {
        if (args.opts.provider !== provider || args.opts.deletedWith !== undefined) return undefined;
        return { props: args.props, opts: { ...args.opts, deletedWith: controlPlane } };
    };
}

/** Register it for the rest of the program (no-op outside a stack, e.g. under some test mocks). */
export function registerDeleteWith(provider: pulumi.ProviderResource, controlPlane: pulumi.Resource): boolean {
    try {
        pulumi.runtime.registerStackTransformation(deleteWithControlPlane(provider, controlPlane));
        return true;
    } catch {
        return false;
    }
}
