import type { ContinuumSpec } from "../continuum-spec";
import { formatPath, issue, type SpecIssue } from "../issues";
import { normalizeHost } from "../address";

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Cluster names: unique, lowercase DNS labels ≤ 32 chars (Cilium), not `default` when meshed. */
export function clusterNames(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    const seen = new Map<string, number>();
    spec.clusters.forEach((c, i) => {
        const path = ["clusters", i, "name"];
        if (!CLUSTER_NAME.test(c.name)) {
            out.push(
                issue(
                    path,
                    `'${c.name}' is not a lowercase DNS label`,
                    "use a-z, 0-9 and '-', starting and ending with a letter or digit",
                ),
            );
        }
        if (c.name.length > 32) {
            out.push(
                issue(
                    path,
                    `'${c.name}' is ${c.name.length} characters long`,
                    "shorten it to at most 32 characters (Cilium's cluster.name limit)",
                ),
            );
        }
        if (c.name === "default" && c.mesh) {
            out.push(
                issue(
                    path,
                    "'default' cannot be a meshed cluster's name",
                    "rename the cluster: Cilium reserves 'default' for clusters outside a mesh",
                ),
            );
        }
        const prev = seen.get(c.name);
        if (prev !== undefined) {
            out.push(
                issue(path, `'${c.name}' is already the name of clusters[${prev}]`, "give every cluster its own name"),
            );
        } else {
            seen.set(c.name, i);
        }
    });
    return out;
}

/**
 * Node names unique within a cluster (KubeEdge nodes count in their cloud cluster); hosts unique
 * across the continuum, compared normalised (`192.0.2.11.` is `192.0.2.11`, `Node1.example` is
 * `node1.example`, `::ffff:192.0.2.11` is `192.0.2.11`).
 */
export function nodeIdentity(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    const hosts = new Map<string, string>();
    const claimHost = (host: string | undefined, path: (string | number)[]): void => {
        if (host === undefined) return;
        const key = normalizeHost(host);
        const prev = hosts.get(key);
        if (prev !== undefined) {
            const same = key === host ? "" : ` (${key})`;
            out.push(
                issue(
                    [...path, "host"],
                    `host ${host}${same} is already used by ${prev}`,
                    "each machine belongs to one node: fix the address or remove the duplicate node",
                ),
            );
        } else {
            hosts.set(key, formatPath(path));
        }
    };
    const namesByCluster = new Map<string, Map<string, string>>();
    spec.clusters.forEach((c, ci) => {
        const names = new Map<string, string>();
        namesByCluster.set(c.name, names);
        c.nodes.forEach((n, ni) => {
            const path = ["clusters", ci, "nodes", ni];
            const prev = names.get(n.name);
            if (prev !== undefined) {
                out.push(
                    issue(
                        [...path, "name"],
                        `node '${n.name}' is already defined at ${prev}`,
                        `node names must be unique within cluster '${c.name}'`,
                    ),
                );
            } else {
                names.set(n.name, formatPath(path));
            }
            claimHost(n.host, path);
        });
    });
    const ke = spec.kubeedge;
    if (ke) {
        const names = namesByCluster.get(ke.cloudCluster) ?? new Map<string, string>();
        ke.nodes.forEach((n, ni) => {
            const path = ["kubeedge", "nodes", ni];
            const prev = names.get(n.name);
            if (prev !== undefined) {
                out.push(
                    issue(
                        [...path, "name"],
                        `node '${n.name}' is already defined at ${prev}`,
                        `KubeEdge nodes join cluster '${ke.cloudCluster}': ` +
                            `their names must differ from its other nodes`,
                    ),
                );
            } else {
                names.set(n.name, formatPath(path));
            }
            claimHost(n.host, path);
        });
    }
    return out;
}
