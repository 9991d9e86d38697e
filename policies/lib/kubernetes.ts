/**
 * Kubernetes objects as the policies see them: which resource types carry a pod template,
 * where it sits, and how a pod is placed on nodes.
 */
import { at, isObject, list, str, UNKNOWN, type Plain, type PlainObject, type Unknown } from "./values";

/** Path from the object's root to its pod spec, per kind. */
const POD_SPEC_PATH: Record<string, string[]> = {
    Pod: ["spec"],
    Deployment: ["spec", "template", "spec"],
    DaemonSet: ["spec", "template", "spec"],
    StatefulSet: ["spec", "template", "spec"],
    ReplicaSet: ["spec", "template", "spec"],
    Job: ["spec", "template", "spec"],
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const WORKLOAD_API: Record<string, string> = {
    Pod: "core/v1",
    Deployment: "apps/v1",
    DaemonSet: "apps/v1",
    StatefulSet: "apps/v1",
    ReplicaSet: "apps/v1",
    Job: "batch/v1",
    CronJob: "batch/v1",
};

/** A workload type token, split. */
export interface WorkloadType {
    kind: string;
    /** A `*Patch` resource (server-side apply of a partial object). */
    patch: boolean;
}

/** The workload kind of a Pulumi type token, or undefined for anything else. */
export function workloadType(type: string): WorkloadType | undefined {
    const m = /^kubernetes:([a-z0-9.]+\/v1):([A-Za-z]+?)(Patch)?$/.exec(type);
    if (!m) return undefined;
    const [, api, kind, patch] = m;
    if (WORKLOAD_API[kind] !== api) return undefined;
    return { kind, patch: patch !== undefined };
}

/** Every workload type token (full objects and patches). */
export const WORKLOAD_TYPES: string[] = Object.entries(WORKLOAD_API).flatMap(([kind, api]) => [
    `kubernetes:${api}:${kind}`,
    `kubernetes:${api}:${kind}Patch`,
]);

/** RuntimeClass type tokens (full objects and patches). */
export const RUNTIME_CLASS_TYPES = [
    "kubernetes:node.k8s.io/v1:RuntimeClass",
    "kubernetes:node.k8s.io/v1:RuntimeClassPatch",
];

/** The pod spec of a workload's properties, `UNKNOWN`, or undefined when absent. */
export function podSpecOf(kind: string, props: Plain): PlainObject | Unknown | undefined {
    const path = POD_SPEC_PATH[kind];
    if (!path) return undefined;
    const spec = at(props, ...path);
    if (spec === UNKNOWN) return UNKNOWN;
    return isObject(spec) ? spec : undefined;
}

/** `metadata.name` of an object (string, `UNKNOWN` or undefined). */
export function objectName(props: Plain): string | Unknown | undefined {
    return str(props, "metadata", "name");
}

/** `metadata.namespace`, `default` when unset (as the API server does). */
export function namespaceOf(props: Plain): string | Unknown {
    return str(props, "metadata", "namespace") ?? "default";
}

/** A container of a pod spec with where it sits, for messages. */
export interface ContainerRef {
    /** e.g. `containers[0] (app)`. */
    where: string;
    container: PlainObject;
}

/** Containers, init containers and ephemeral containers of a pod spec. */
export function containersOf(podSpec: PlainObject): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
        const items = list(podSpec, field);
        if (items === UNKNOWN) continue;
        items.forEach((c, i) => {
            if (!isObject(c)) return;
            const name = str(c, "name");
            out.push({ where: `${field}[${i}]${typeof name === "string" ? ` (${name})` : ""}`, container: c });
        });
    }
    return out;
}

/** One node-selector requirement: key, operator, values (nodeSelector entries are `In [value]`). */
export interface NodeRequirement {
    key: string;
    operator: string;
    values: string[];
}

/**
 * How a pod is constrained to nodes: the `nodeSelector` entries (which every node must match)
 * and the required node-affinity terms (a node must match one term; each term is a list of
 * requirements that must all hold). `UNKNOWN` when the engine cannot tell yet.
 */
export interface NodePlacement {
    selector: NodeRequirement[];
    terms: NodeRequirement[][];
}

/** Read `nodeSelector` and required node affinity of a pod spec. */
export function placementOf(podSpec: PlainObject): NodePlacement | Unknown {
    const nodeSelector = at(podSpec, "nodeSelector");
    if (nodeSelector === UNKNOWN) return UNKNOWN;
    const selector: NodeRequirement[] = [];
    if (isObject(nodeSelector)) {
        for (const [key, value] of Object.entries(nodeSelector)) {
            if (value === UNKNOWN) return UNKNOWN;
            selector.push({ key, operator: "In", values: [String(value)] });
        }
    }
    const rawTerms = list(
        podSpec,
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
    );
    if (rawTerms === UNKNOWN) return UNKNOWN;
    const terms: NodeRequirement[][] = [];
    for (const term of rawTerms) {
        const exprs = list(term, "matchExpressions");
        if (exprs === UNKNOWN) return UNKNOWN;
        const reqs: NodeRequirement[] = [];
        for (const e of exprs) {
            const key = str(e, "key");
            const operator = str(e, "operator");
            const values = list(e, "values");
            if (key === UNKNOWN || operator === UNKNOWN || values === UNKNOWN) return UNKNOWN;
            if (key === undefined || operator === undefined) continue;
            reqs.push({ key, operator, values: values.filter((v): v is string => typeof v === "string") });
        }
        terms.push(reqs);
    }
    return { selector, terms };
}

/** Whether a requirement admits only nodes that carry `key` (with `value`, when given). */
function requiresLabel(r: NodeRequirement, key: string, value: string | undefined): boolean {
    if (r.key !== key) return false;
    if (value === undefined) return r.operator === "Exists" || (r.operator === "In" && r.values.length > 0);
    return r.operator === "In" && r.values.length > 0 && r.values.every((v) => v === value);
}

/**
 * Whether the placement only admits nodes with label `key` (=`value` when given): through
 * `nodeSelector`, or through every required node-affinity term.
 */
export function placementRequiresLabel(p: NodePlacement, key: string, value?: string): boolean {
    if (p.selector.some((r) => requiresLabel(r, key, value))) return true;
    return p.terms.length > 0 && p.terms.every((term) => term.some((r) => requiresLabel(r, key, value)));
}

/**
 * Whether the placement keeps pods off nodes that carry label `key`: every required
 * node-affinity term has `key DoesNotExist` (terms are alternatives, so one term without it
 * lets the pod onto such a node).
 */
export function placementExcludesLabel(p: NodePlacement, key: string): boolean {
    return (
        p.terms.length > 0 && p.terms.every((term) => term.some((r) => r.key === key && r.operator === "DoesNotExist"))
    );
}

/** Parse `key` or `key=value` (policy config form of a node label). */
export function parseLabel(text: string): { key: string; value?: string } {
    const i = text.indexOf("=");
    return i < 0 ? { key: text } : { key: text.slice(0, i), value: text.slice(i + 1) };
}
