/**
 * edge: edge nodes are small and shared. A workload placed there states how much CPU and
 * memory it may take, and only the system add-ons run privileged. Advisory in the lab;
 * a team raises them with `enforcementLevel: mandatory` in the pack config.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, stringList } from "./lib/config";
import {
    containersOf,
    namespaceOf,
    parseLabel,
    placementOf,
    placementRequiresLabel,
    podSpecOf,
    workloadType,
} from "./lib/kubernetes";
import { at, patterns, toPlain, UNKNOWN, type PlainObject } from "./lib/values";

const LIMIT_DEFAULTS = {
    edgeNodeLabels: ["node-role.kubernetes.io/edge", "continuum.dev/tier=edge"],
    edgeProviderPatterns: [] as string[],
};

/** Why a workload lands on edge nodes, or undefined. */
function edgeReason(
    podSpec: PlainObject,
    providerName: string | undefined,
    cfg: typeof LIMIT_DEFAULTS,
): string | undefined {
    const placement = placementOf(podSpec);
    if (placement !== UNKNOWN) {
        for (const text of cfg.edgeNodeLabels) {
            const { key, value } = parseLabel(text);
            if (placementRequiresLabel(placement, key, value)) return `it selects nodes with ${text}`;
        }
    }
    if (providerName !== undefined) {
        const hit = patterns(cfg.edgeProviderPatterns, "edgeProviderPatterns").find((re) => re.test(providerName));
        if (hit) return `its cluster's provider '${providerName}' is an edge cluster`;
    }
    return undefined;
}

export const edgeWorkloadLimits: ResourceValidationPolicy = {
    name: "edge-workload-limits",
    description:
        "Workloads scheduled to edge nodes (selecting `node-role.kubernetes.io/edge` " +
        "or `continuum.dev/tier=edge`, or deployed to an edge cluster) " +
        "set CPU and memory limits on every container: an edge node has " +
        "a few cores and gigabytes, and one unbounded pod starves the device workloads next to it.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            edgeNodeLabels: stringList(
                "Node labels (`key` or `key=value`) that mark edge nodes.",
                LIMIT_DEFAULTS.edgeNodeLabels,
            ),
            edgeProviderPatterns: stringList(
                "Regular expressions on the Kubernetes provider's name that " +
                    "mark a cluster whose nodes are all edge nodes.",
                LIMIT_DEFAULTS.edgeProviderPatterns,
            ),
        },
    },
    remediationSteps: "Set `resources.limits.cpu` and `resources.limits.memory` on every container.",
    validateResource: (args, report) => {
        const wt = workloadType(args.type);
        if (!wt || wt.patch) return;
        const cfg = configOf(args, LIMIT_DEFAULTS);
        const spec = podSpecOf(wt.kind, toPlain(args.props));
        if (spec === undefined || spec === UNKNOWN) return;
        const why = edgeReason(spec, args.provider?.name, cfg);
        if (!why) return;
        for (const { where, container } of containersOf(spec)) {
            if (where.startsWith("ephemeralContainers")) continue;
            const limits = at(container, "resources", "limits");
            if (limits === UNKNOWN) continue;
            const missing = ["cpu", "memory"].filter((k) => at(limits, k) === undefined);
            if (missing.length > 0) {
                report(
                    `${wt.kind} '${args.name}' runs on edge nodes (${why}) ` +
                        `but ${where} sets no ${missing.join(" or ")} limit: set resources.limits.`,
                );
            }
        }
    },
};

const PRIVILEGED_DEFAULTS = {
    systemNamespaces: ["kube-system", "kubeedge", "akri", "cilium", "cilium-secrets", "kata-deploy", "edgemesh"],
};

export const privilegedPodsSystemNamespaces: ResourceValidationPolicy = {
    name: "privileged-only-system-namespaces",
    description:
        "Privileged containers (`securityContext.privileged: true`) only " +
        "run in system namespaces (kube-system, kubeedge, akri, cilium's, …): " +
        "a privileged container owns its node, and on an edge node that is the device it is attached to.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            systemNamespaces: stringList(
                "Namespaces where privileged containers are accepted.",
                PRIVILEGED_DEFAULTS.systemNamespaces,
            ),
        },
    },
    remediationSteps:
        "Drop `privileged` and grant only the capabilities or devices the " +
        "container needs, or move the system component to a system namespace.",
    validateResource: (args, report) => {
        const wt = workloadType(args.type);
        if (!wt) return;
        const cfg = configOf(args, PRIVILEGED_DEFAULTS);
        const props = toPlain(args.props);
        const ns = namespaceOf(props);
        if (ns === UNKNOWN || cfg.systemNamespaces.includes(ns)) return;
        const spec = podSpecOf(wt.kind, props);
        if (spec === undefined || spec === UNKNOWN) return;
        for (const { where, container } of containersOf(spec)) {
            if (at(container, "securityContext", "privileged") === true) {
                report(
                    `${wt.kind} '${args.name}' runs ${where} privileged ` +
                        `in namespace '${ns}': only system namespaces (${cfg.systemNamespaces.join(", ")}) may.`,
                );
            }
        }
    },
};

export const edgePolicies = [edgeWorkloadLimits, privilegedPodsSystemNamespaces];
