/**
 * kubeedge: KubeEdge edge nodes join the cloud cluster but run EdgeCore, not a kubelet with
 * the cloud's networking. kube-proxy and the CNI's DaemonSets scheduled there crash-loop
 * (and, for the CNI, take the node's network with them), so on every cluster that runs
 * CloudCore they keep off nodes labelled `node-role.kubernetes.io/edge`.
 */
import type { PolicyResource } from "@pulumi/policy";
import { propsOf, stackPolicy } from "./lib/declared";
import { configOf, stringList } from "./lib/config";
import { isChart, CHART_TYPES, valuesOf } from "./lib/helm";
import { objectName, placementExcludesLabel, placementOf, podSpecOf, workloadType } from "./lib/kubernetes";
import { at, isObject, UNKNOWN, type Plain } from "./lib/values";

const DEFAULTS = {
    edgeLabel: "node-role.kubernetes.io/edge",
    cloudCoreCharts: ["cloudcore"],
    cloudDaemonSets: ["kube-proxy", "kindnet", "cilium", "cilium-envoy", "kube-flannel-ds", "calico-node"],
    cniCharts: ["cilium"],
};

function clusterOf(r: PolicyResource): string {
    return r.provider?.urn ?? "(default provider)";
}

/** Whether an affinity object keeps pods off nodes carrying `label` (UNKNOWN: cannot tell yet). */
function affinityExcludes(affinity: Plain | undefined, label: string): boolean | typeof UNKNOWN {
    if (affinity === UNKNOWN) return UNKNOWN;
    const placement = placementOf({ affinity: isObject(affinity) ? affinity : null });
    if (placement === UNKNOWN) return UNKNOWN;
    return placementExcludesLabel(placement, label);
}

/** The DaemonSets a CNI chart renders, by the values path of their affinity. */
function cniAffinities(values: Plain | undefined): { daemonSet: string; path: string; affinity: Plain | undefined }[] {
    const out: { daemonSet: string; path: string; affinity: Plain | undefined }[] = [
        { daemonSet: "cilium", path: "affinity", affinity: at(values, "affinity") },
    ];
    if (at(values, "envoy", "enabled") !== false)
        out.push({ daemonSet: "cilium-envoy", path: "envoy.affinity", affinity: at(values, "envoy", "affinity") });
    return out;
}

export const kubeEdgeCloudDaemonSetsExcludeEdge = stackPolicy({
    name: "kubeedge-cloud-daemonsets-exclude-edge",
    description:
        "On a cluster that runs KubeEdge CloudCore, kube-proxy and the CNI's " +
        "DaemonSets (Cilium agent and envoy) require " +
        "`node-role.kubernetes.io/edge DoesNotExist` in every required node-affinity " +
        "term: KubeEdge edge nodes run EdgeCore, and these pods fail there.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            edgeLabel: {
                type: "string",
                default: DEFAULTS.edgeLabel,
                description: "Label KubeEdge puts on edge nodes.",
            },
            cloudCoreCharts: stringList(
                "Chart names that install CloudCore (marking the cluster as a KubeEdge cloud).",
                DEFAULTS.cloudCoreCharts,
            ),
            cloudDaemonSets: stringList(
                "DaemonSet names (or DaemonSetPatch targets) that must stay off edge nodes.",
                DEFAULTS.cloudDaemonSets,
            ),
            cniCharts: stringList("CNI charts whose DaemonSets must stay off edge nodes.", DEFAULTS.cniCharts),
        },
    },
    remediationSteps:
        "Add to the DaemonSet (or the CNI chart's `affinity`): " +
        "nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[*].matchExpressions " +
        "`{ key: node-role.kubernetes.io/edge, operator: DoesNotExist }`.",
    validateStack: (args, report) => {
        const cfg = configOf(args, DEFAULTS);
        const kubeEdgeClusters = new Set(
            args.resources
                .filter((r) => CHART_TYPES.includes(r.type) && isChart(propsOf(r), cfg.cloudCoreCharts))
                .map(clusterOf),
        );
        if (kubeEdgeClusters.size === 0) return;
        for (const r of args.resources) {
            if (!kubeEdgeClusters.has(clusterOf(r))) continue;
            const props = propsOf(r);
            const wt = workloadType(r.type);
            if (wt?.kind === "DaemonSet") {
                const name = objectName(props);
                if (typeof name !== "string" || !cfg.cloudDaemonSets.includes(name)) continue;
                const spec = podSpecOf(wt.kind, props);
                if (spec === UNKNOWN) continue;
                const placement = spec === undefined ? { selector: [], terms: [] } : placementOf(spec);
                if (placement === UNKNOWN || placementExcludesLabel(placement, cfg.edgeLabel)) continue;
                report(
                    `DaemonSet${wt.patch ? "Patch" : ""} '${r.name}' (${name}) ` +
                        `runs on a KubeEdge cloud cluster but does not keep off edge nodes: require ${cfg.edgeLabel} ` +
                        `DoesNotExist in every node-affinity term.`,
                    r.urn,
                );
                continue;
            }
            if (CHART_TYPES.includes(r.type) && isChart(props, cfg.cniCharts)) {
                for (const { daemonSet, path, affinity } of cniAffinities(valuesOf(props))) {
                    const excluded = affinityExcludes(affinity, cfg.edgeLabel);
                    if (excluded === UNKNOWN || excluded) continue;
                    report(
                        `CNI release '${r.name}' runs on a KubeEdge cloud ` +
                            `cluster but its ${daemonSet} DaemonSet does not keep off edge nodes: set ` +
                            `values ${path}.nodeAffinity to require ${cfg.edgeLabel} DoesNotExist.`,
                        r.urn,
                    );
                }
            }
        }
    },
});

export const kubeEdgePolicies = [kubeEdgeCloudDaemonSetsExcludeEdge];
