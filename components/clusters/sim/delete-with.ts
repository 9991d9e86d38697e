import * as pulumi from "@pulumi/pulumi";

/** Sim cluster providers (by resource name) → the control plane their objects go with. */
const CONTROL_PLANES = new Map<string, pulumi.Resource>();
let registered = false;

const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> =>
    new Promise((resolve) =>
        o.apply((v) => {
            resolve(v);
            return v;
        }),
    );

/** `kubernetes` provider name of a provider URN (`urn:pulumi:<stack>::<project>::<type>::<name>`), if it is one. */
export function kubernetesProviderName(urn: string): string | undefined {
    const parts = urn.split("::");
    const type = parts[2]?.split("$").pop();
    return type === "pulumi:providers:kubernetes" ? parts[3] : undefined;
}

/**
 * A resource transform: every custom resource created through a sim cluster's provider is
 * `deletedWith` that cluster's control plane. Destroying a simulated cluster then deletes the
 * cluster — its etcd goes with it — instead of every object in it one by one (1,000 nodes,
 * Helm releases that wait for 1,000 pods to go), while removing one add-on from a running
 * cluster still deletes its objects. Resources that already name a `deletedWith` keep it.
 * Engine-side (registerResourceTransform), so it reaches the add-ons' resources whatever
 * component they sit in.
 */
export function deleteWithControlPlane(controlPlanes: ReadonlyMap<string, pulumi.Resource>): pulumi.ResourceTransform {
    return async (args) => {
        if (!args.custom || args.opts.deletedWith !== undefined || args.opts.provider === undefined) return undefined;
        const name = kubernetesProviderName(await promiseOf(args.opts.provider.urn));
        const controlPlane = name === undefined ? undefined : controlPlanes.get(name);
        if (controlPlane === undefined) return undefined;
        return { props: args.props, opts: { ...args.opts, deletedWith: controlPlane } };
    };
}

/**
 * Let objects through `providerName` go with `controlPlane`. The transform is registered once
 * per program; false where the engine cannot run transforms (e.g. under unit-test mocks).
 */
export function registerDeleteWith(providerName: string, controlPlane: pulumi.Resource): boolean {
    CONTROL_PLANES.set(providerName, controlPlane);
    if (registered) return true;
    try {
        pulumi.runtime.registerResourceTransform(deleteWithControlPlane(CONTROL_PLANES));
        registered = true;
    } catch {
        return false;
    }
    return true;
}
