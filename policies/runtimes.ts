/**
 * runtimes: a RuntimeClass only works on nodes that have its containerd handler, and Kata
 * pods need room for their VM. A pod naming a RuntimeClass the cluster does not have is
 * refused by the API server; one scheduled to a node without the handler never starts.
 */
import type { PolicyResource, ResourceValidationPolicy } from "@pulumi/policy";
import { propsOf, stackPolicy } from "./lib/declared";
import { configOf, stringList } from "./lib/config";
import { objectName, podSpecOf, RUNTIME_CLASS_TYPES, workloadType } from "./lib/kubernetes";
import { at, isObject, patterns, str, toPlain, UNKNOWN } from "./lib/values";

export const runtimeClassNodeSelector: ResourceValidationPolicy = {
    name: "runtimeclass-node-selector",
    description:
        "Every RuntimeClass (and RuntimeClassPatch of a class the distribution " +
        "ships) sets `scheduling.nodeSelector` to the label of the nodes that have " +
        "its handler, so pods that use it " +
        "are only scheduled where the runtime is installed (instead of failing " +
        "with 'no runtime for handler' elsewhere).",
    enforcementLevel: "mandatory",
    remediationSteps: 'Select the nodes by the runtime label, e.g. `runtime.continuum.dev/kata: "true"`.',
    validateResource: (args, report) => {
        if (!RUNTIME_CLASS_TYPES.includes(args.type)) return;
        const props = toPlain(args.props);
        const selector = at(props, "scheduling", "nodeSelector");
        if (selector === UNKNOWN) return;
        if (!isObject(selector) || Object.keys(selector).length === 0) {
            report(
                `RuntimeClass '${args.name}' (handler ${String(str(props, "handler") ?? "?")}) ` +
                    `has no scheduling.nodeSelector: select the nodes that have the runtime installed.`,
            );
        }
    },
};

const KATA_DEFAULTS = { kataHandlerPatterns: ["^kata"] };

export const kataRuntimeClassOverhead: ResourceValidationPolicy = {
    name: "kata-runtimeclass-overhead",
    description:
        "A Kata Containers RuntimeClass (handler `kata*`) declares `overhead.podFixed` " +
        "CPU and memory: every Kata pod runs a VM, and " +
        "without the overhead the scheduler packs nodes as if it did not, and quotas and limits under-count.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            kataHandlerPatterns: stringList(
                "Regular expressions on the RuntimeClass handler that mark a VM-based runtime.",
                KATA_DEFAULTS.kataHandlerPatterns,
            ),
        },
    },
    remediationSteps: "Set `overhead.podFixed` (kata-deploy uses cpu 250m, memory 160Mi for QEMU).",
    validateResource: (args, report) => {
        if (!RUNTIME_CLASS_TYPES.includes(args.type)) return;
        const cfg = configOf(args, KATA_DEFAULTS);
        const props = toPlain(args.props);
        const handler = str(props, "handler");
        if (typeof handler !== "string") return;
        if (!patterns(cfg.kataHandlerPatterns, "kataHandlerPatterns").some((re) => re.test(handler))) return;
        const podFixed = at(props, "overhead", "podFixed");
        if (podFixed === UNKNOWN) return;
        const missing = ["cpu", "memory"].filter(
            (k) => !isObject(podFixed) || podFixed[k] === undefined || podFixed[k] === null || podFixed[k] === "",
        );
        if (missing.length > 0) {
            report(
                `RuntimeClass '${args.name}' runs VMs (handler ${handler}) ` +
                    `but sets no overhead.podFixed ${missing.join(" and ")}: declare the VM's overhead.`,
            );
        }
    },
};

/** Key of the cluster a resource is in: its Kubernetes provider. */
function clusterOf(r: PolicyResource): string {
    return r.provider?.urn ?? "(default provider)";
}

const DECLARED_DEFAULTS = { implicitRuntimeClasses: [] as string[] };

export const runtimeClassDeclared = stackPolicy({
    name: "runtimeclass-declared",
    description:
        "Every pod or workload that names a `runtimeClassName` names a RuntimeClass " +
        "declared in the same cluster (same Kubernetes provider) " +
        "in this stack. Otherwise the API server refuses the pods, or they run under a class nobody here configured.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            implicitRuntimeClasses: stringList(
                "RuntimeClass names that exist without being declared (e.g. created by the distribution).",
                DECLARED_DEFAULTS.implicitRuntimeClasses,
            ),
        },
    },
    remediationSteps:
        "Install the runtime on the cluster's nodes in the stack spec (`runtimes: " +
        "[...]`) so the toolkit declares its RuntimeClass.",
    validateStack: (args, report) => {
        const cfg = configOf(args, DECLARED_DEFAULTS);
        const declared = new Map<string, Set<string>>();
        const unknownNames = new Set<string>();
        for (const r of args.resources) {
            if (!RUNTIME_CLASS_TYPES.includes(r.type)) continue;
            const name = objectName(propsOf(r));
            const cluster = clusterOf(r);
            if (name === UNKNOWN || name === undefined) {
                unknownNames.add(cluster);
                continue;
            }
            declared.set(cluster, (declared.get(cluster) ?? new Set()).add(name));
        }
        for (const r of args.resources) {
            const wt = workloadType(r.type);
            if (!wt) continue;
            const spec = podSpecOf(wt.kind, propsOf(r));
            if (spec === undefined || spec === UNKNOWN) continue;
            const rc = str(spec, "runtimeClassName");
            if (typeof rc !== "string" || rc === "" || cfg.implicitRuntimeClasses.includes(rc)) continue;
            const cluster = clusterOf(r);
            if (declared.get(cluster)?.has(rc) || unknownNames.has(cluster)) continue;
            const elsewhere = [...declared.entries()].filter(([c, names]) => c !== cluster && names.has(rc)).length;
            report(
                `${wt.kind} '${r.name}' uses runtimeClassName '${rc}', but ` +
                    `no RuntimeClass '${rc}' is declared in its cluster` +
                    (elsewhere > 0 ? ` (only in ${elsewhere} other cluster${elsewhere > 1 ? "s" : ""})` : "") +
                    ": install that runtime on the cluster or use a class it has.",
                r.urn,
            );
        }
    },
});

export const runtimePolicies = [runtimeClassNodeSelector, kataRuntimeClassOverhead, runtimeClassDeclared];
