/**
 * Cross-field rules of the day-2 fields (spec/day2.ts): where snapshots, restores, certificate
 * rotation and an API VIP can be provisioned, what a VIP needs, and — given the control planes
 * deployed before — that a change keeps etcd's quorum (day2/quorum.ts).
 */
import type { ContinuumSpec } from "../continuum-spec";
import type { ClusterSpec } from "../cluster";
import { issue, type SpecIssue } from "../issues";
import { normalizeHost } from "../address";
import { planControlPlaneChange } from "../../day2/quorum";
import { DISTRIBUTIONS } from "../../distributions/distribution";

/**
 * The day-2 fields continuum provisions over SSH, by distribution (the field's first path
 * element): K3s all of them; kubeadm snapshots, restores, certificate rotation and the API VIP.
 */
export const DAY2_PROVISIONED: Readonly<Record<string, readonly string[]>> = {
    k3s: ["backup", "restoreFrom", "certificates", "apiEndpoint"],
    kubeadm: ["backup", "restoreFrom", "certificates", "apiEndpoint"],
};

/** The control role of a distribution continuum installs (its descriptor's); none for `existing`. */
const controlRole = (c: ClusterSpec): string | undefined => DISTRIBUTIONS[c.distribution].roles?.control;

function day2Used(c: ClusterSpec): { field: (string | number)[]; what: string }[] {
    const used: { field: (string | number)[]; what: string }[] = [];
    if (c.backup) used.push({ field: ["backup"], what: "etcd snapshots (backup)" });
    if (c.restoreFrom !== undefined)
        used.push({ field: ["restoreFrom"], what: "a restore from a snapshot (restoreFrom)" });
    if (c.certificates.rotate > 0) used.push({ field: ["certificates", "rotate"], what: "certificate rotation" });
    if (c.apiEndpoint.vip !== undefined) used.push({ field: ["apiEndpoint", "vip"], what: "an API VIP" });
    return used;
}

/** Day-2 fields only where continuum provisions them; what a VIP and a restore need. */
export function day2Rules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        const path = ["clusters", ci];
        for (const u of day2Used(c)) {
            if (c.substrate !== "ssh") {
                out.push(
                    issue(
                        [...path, ...u.field],
                        `${u.what} is provisioned on the ssh substrate only; ` +
                            `cluster '${c.name}' is on '${c.substrate}'`,
                        "remove the field, or run the cluster on machines over SSH (substrate: ssh)",
                    ),
                );
            } else if (!(DAY2_PROVISIONED[c.distribution] ?? []).includes(String(u.field[0]))) {
                out.push(
                    issue(
                        [...path, ...u.field],
                        `${u.what} is not provisioned on ${c.distribution} clusters yet (docs/day2.md)`,
                        "remove the field; docs/day2.md says what each distribution provisions",
                    ),
                );
            }
        }
        const vip = c.apiEndpoint.vip;
        if (vip === undefined) {
            if (c.apiEndpoint.vipImage !== undefined || c.apiEndpoint.interface !== undefined) {
                out.push(
                    issue(
                        [...path, "apiEndpoint"],
                        "interface and vipImage only apply to a VIP",
                        "set apiEndpoint.vip, or remove interface and vipImage",
                    ),
                );
            }
        } else {
            const taken = c.nodes.findIndex(
                (n) => n.host !== undefined && normalizeHost(n.host) === normalizeHost(vip),
            );
            if (taken >= 0) {
                out.push(
                    issue(
                        [...path, "apiEndpoint", "vip"],
                        `${vip} is the address of node '${c.nodes[taken].name}'`,
                        "a VIP must be an unused address in the control planes' subnet: pick another one",
                    ),
                );
            }
            const host = c.apiEndpoint.host;
            if (host !== undefined && /^[0-9.]+$|:/.test(host) && normalizeHost(host) !== normalizeHost(vip)) {
                out.push(
                    issue(
                        [...path, "apiEndpoint", "host"],
                        `the API endpoint host ${host} is an address other than the VIP ${vip}`,
                        "remove apiEndpoint.host (the VIP becomes the endpoint), " +
                            "or set it to a DNS name that resolves to the VIP",
                    ),
                );
            }
            const controls = c.nodes.filter((n) =>
                (n.roles as readonly string[]).includes(controlRole(c) ?? ""),
            ).length;
            if (controls < 2) {
                out.push(
                    issue(
                        [...path, "apiEndpoint", "vip"],
                        `a VIP moves between control planes; cluster '${c.name}' has ${controls}`,
                        "add control planes (3 for etcd quorum), or remove the VIP and use the node's address",
                    ),
                );
            }
        }
    });
    const rotation = spec.mesh.caRotation;
    if (rotation && !spec.clusters.some((c) => c.mesh !== undefined)) {
        out.push(
            issue(
                ["mesh", "caRotation"],
                "no cluster is a ClusterMesh member: there is no mesh CA to rotate",
                "remove mesh.caRotation",
            ),
        );
    }
    return out;
}

/**
 * The quorum rule: given each cluster's control planes as deployed before (in order), refuse a
 * spec that removes more of them at once than etcd's quorum allows, naming the steps that do it
 * safely. Clusters absent from `deployed` are new and pass.
 */
export function quorumRules(spec: ContinuumSpec, deployed: Record<string, readonly string[]>): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        const role = controlRole(c);
        const before = deployed[c.name];
        if (role === undefined || before === undefined) return;
        const now = c.nodes.filter((n) => (n.roles as readonly string[]).includes(role)).map((n) => n.name);
        const plan = planControlPlaneChange(c.name, before, now);
        if (plan.refusal)
            out.push(
                issue(
                    ["clusters", ci, "nodes"],
                    plan.refusal.replace(/ — .*$/, ""),
                    plan.refusal.replace(/^.*? — /, ""),
                ),
            );
    });
    return out;
}
