import type { ContinuumSpec } from "../continuum-spec";
import type { ClusterSpec } from "../cluster";
import { issue, type SpecIssue } from "../issues";
import { checkCloudCorePorts } from "./cloudcore-ports";
import { DISTRIBUTIONS } from "../../distributions/distribution";

/** Substrate → the distributions it can run. */
export const SUBSTRATE_DISTRIBUTIONS: Record<ClusterSpec["substrate"], readonly ClusterSpec["distribution"][]> = {
    kind: ["kubeadm"],
    k3d: ["k3s"],
    sim: ["kubeadm", "k3s", "existing"],
    ssh: ["kubeadm", "k3s"],
    existing: ["existing"],
};

/** Substrate/distribution pairs that exist, and what each substrate needs. */
export function substrateRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        const path = ["clusters", ci];
        const allowed = SUBSTRATE_DISTRIBUTIONS[c.substrate];
        if (!allowed.includes(c.distribution)) {
            out.push(
                issue(
                    [...path, "distribution"],
                    `substrate '${c.substrate}' cannot run distribution '${c.distribution}'`,
                    `use distribution ${allowed.map((d) => `'${d}'`).join(" or ")} with substrate '${c.substrate}'`,
                ),
            );
        }
        if (c.substrate === "existing" && !c.existing) {
            out.push(
                issue(
                    path,
                    `cluster '${c.name}' is on the existing substrate but has no kubeconfig`,
                    `add existing.kubeconfig as a secret: \`pulumi config ` +
                        `set --secret --path 'continuum:spec.clusters[${ci}].existing.kubeconfig' < kubeconfig\``,
                ),
            );
        }
        if (c.existing && c.substrate !== "existing") {
            out.push(
                issue(
                    [...path, "existing"],
                    `only clusters on the existing substrate take a kubeconfig`,
                    "remove existing: or set substrate: existing",
                ),
            );
        }
        if (c.substrate !== "existing" && c.nodes.length === 0) {
            out.push(
                issue(
                    [...path, "nodes"],
                    `cluster '${c.name}' has no nodes`,
                    "add at least one node with a control-plane/server role",
                ),
            );
        }
    });
    return out;
}

/** Roles fit the distribution; a control plane exists; K3s servers and kubeadm control planes are odd when > 1. */
export function roleRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        const d = DISTRIBUTIONS[c.distribution];
        const names = d.roles;
        if (!names) return;
        let control = 0;
        c.nodes.forEach((n, ni) => {
            for (const role of n.roles) {
                if (role !== names.control && role !== names.worker) {
                    out.push(
                        issue(
                            ["clusters", ci, "nodes", ni, "roles"],
                            `role '${role}' does not exist in ${c.distribution}`,
                            `use '${names.control}' or '${names.worker}'`,
                        ),
                    );
                }
            }
            if ((n.roles as readonly string[]).includes(names.control)) control++;
        });
        if (c.nodes.length > 0 && control === 0) {
            out.push(
                issue(
                    ["clusters", ci, "nodes"],
                    `cluster '${c.name}' has no ${names.control} node`,
                    `give at least one node the role '${names.control}'`,
                ),
            );
        }
    });
    return out;
}

/** KubeEdge: a cloud cluster hosts CloudCore; devices reference their models, properties and edge nodes. */
export function kubeEdgeRules(spec: ContinuumSpec): SpecIssue[] {
    const ke = spec.kubeedge;
    if (!ke) return [];
    const out: SpecIssue[] = [];
    const host = spec.clusters.find((c) => c.name === ke.cloudCluster);
    if (!host) {
        const clouds = spec.clusters.filter((c) => c.tier === "cloud").map((c) => c.name);
        out.push(
            issue(
                ["kubeedge", "cloudCluster"],
                `no cluster is named '${ke.cloudCluster}'`,
                clouds.length > 0
                    ? `name the cloud cluster that hosts CloudCore: ${clouds.join(", ")}`
                    : "add a cluster with tier: cloud to host CloudCore",
            ),
        );
    } else if (host.tier !== "cloud") {
        out.push(
            issue(
                ["kubeedge", "cloudCluster"],
                `'${ke.cloudCluster}' is an edge cluster`,
                "KubeEdge edge nodes need a cloud cluster to host CloudCore: name a cluster with tier: cloud",
            ),
        );
    }
    const ports = new Map<number, string>();
    for (const [name, port] of Object.entries(ke.ports)) {
        const prev = ports.get(port);
        if (prev !== undefined)
            out.push(
                issue(
                    ["kubeedge", "ports", name],
                    `port ${port} is already CloudCore's ${prev} port`,
                    "give each CloudCore port its own number (they all listen on the same host)",
                ),
            );
        else ports.set(port, name);
    }
    // What the CloudCore chart values would refuse at preview/up (ports fixed under HostNetwork,
    // NodePorts in 30000–32767), reported here with its YAML path; the duplicate check is above.
    for (const problem of checkCloudCorePorts(ke.serviceType, ke.ports)) {
        const m = /^kubeedge\.ports\.(\w+) (.*?) — (.*)$/.exec(problem);
        if (m) out.push(issue(["kubeedge", "ports", m[1]], m[2], m[3]));
    }
    const models = new Map(ke.deviceModels.map((m) => [m.name, m]));
    const edgeNodes = new Set(ke.nodes.map((n) => n.name));
    ke.devices.forEach((d, di) => {
        const path = ["kubeedge", "devices", di];
        const model = models.get(d.model);
        if (!model) {
            out.push(
                issue(
                    [...path, "model"],
                    `DeviceModel '${d.model}' is not declared`,
                    `add it under kubeedge.deviceModels or use one of: ` +
                        ([...models.keys()].join(", ") || "(none declared)"),
                ),
            );
        }
        if (!edgeNodes.has(d.node)) {
            out.push(
                issue(
                    [...path, "node"],
                    `'${d.node}' is not a KubeEdge edge node`,
                    `bind the device to one of kubeedge.nodes: ${[...edgeNodes].join(", ") || "(none declared)"}`,
                ),
            );
        }
        if (model) {
            const props = new Set(model.properties.map((p) => p.name));
            d.properties.forEach((p, pi) => {
                if (!props.has(p.name)) {
                    out.push(
                        issue(
                            [...path, "properties", pi, "name"],
                            `model '${model.name}' has no property '${p.name}'`,
                            `use one of: ${[...props].join(", ")}`,
                        ),
                    );
                }
            });
        }
    });
    return out;
}

/** Akri: every Configuration names a handler that is enabled in the same cluster. */
export function akriRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        const akri = c.akri;
        if (!akri) return;
        akri.configurations.forEach((conf, i) => {
            if (!akri[conf.handler]) {
                out.push(
                    issue(
                        ["clusters", ci, "akri", "configurations", i, "handler"],
                        `handler '${conf.handler}' is not enabled in cluster '${c.name}'`,
                        `add akri.${conf.handler}: {...} to the cluster`,
                    ),
                );
            }
        });
    });
    return out;
}
