/**
 * The distributions and their node roles as literal unions, from the descriptors: the spec's
 * enums, the `Cluster` handle and every component's args take these types.
 */
import type { DistributionDescriptor, DistributionRoles } from "./descriptor";
import { EXISTING } from "./existing";
import { K3S } from "./k3s";
import { KUBEADM } from "./kubeadm";
import { Distribution, K3sRole, KubeadmRole } from "./names";

export { Distribution, NodeRole } from "./names";

/** The spec's order of the distributions (its enum). */
export const DISTRIBUTION_NAMES = [Distribution.Kubeadm, Distribution.K3s, Distribution.Existing] as const;

/** The spec's order of the roles (its enum). */
export const NODE_ROLE_NAMES = [K3sRole.Server, K3sRole.Agent, KubeadmRole.ControlPlane, KubeadmRole.Worker] as const;

/** Distribution name → its descriptor. */
export const DISTRIBUTIONS: { readonly [D in Distribution]: DistributionDescriptor } = {
    kubeadm: KUBEADM,
    k3s: K3S,
    existing: EXISTING,
};

/** The descriptor of a distribution. Throws, naming the value, for a name the toolkit does not know. */
export function distribution(name: string): DistributionDescriptor {
    const d = (DISTRIBUTIONS as Record<string, DistributionDescriptor | undefined>)[name];
    if (!d) throw new Error(`distribution '${name}' is unknown — use one of ${DISTRIBUTION_NAMES.join(", ")}`);
    return d;
}

/** The roles of a distribution the toolkit installs; throws for one it only connects to. */
export function rolesOf(name: string): DistributionRoles {
    const d = distribution(name);
    if (!d.roles) throw new Error(`distribution '${name}' has no node roles: continuum does not install it`);
    return d.roles;
}

/** True when the roles include a control role of any distribution (control-plane, server). */
export function hasControlRole(roles: readonly string[]): boolean {
    return roles.includes(KUBEADM.roles.control) || roles.includes(K3S.roles.control);
}
