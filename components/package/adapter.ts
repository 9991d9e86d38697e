/**
 * The one adapter between the component package and the toolkit's internals: flat, plain-data Args
 * in, the internal spec (parsed by the spec's own parser, so every default, rule and error message
 * is the spec's) or a `Cluster` handle out.
 *
 * What a component receives depends on who calls it. From TypeScript the Args are what the program
 * passed. Through the component provider (`pulumi package add`, any language) a value arrives as
 * itself when it is known and has no dependencies, as a `pulumi.Output` when it is a secret or
 * another resource's output, and a secret nested in an object as the RPC secret wrapper. The
 * adapter accepts all of these. Values that shape the resources (names, nodes, roles, CIDRs)
 * must be known when the component is constructed: an Output there is refused, naming the field.
 * Secrets may be Outputs; they are wrapped with `pulumi.secret` and never leave an Output.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterNodeInfo } from "../clusters/cluster";
import { CLUSTER_LABEL, EDGE_NODE_ROLE, TIER_LABEL } from "../clusters/cluster";
import { clusterHandle as internalHandle, clusterProvider } from "../clusters/handle";
import { SUBSTRATES, type ClusterSpec, type Substrate } from "../spec/cluster";
import type { ContinuumSpec } from "../spec/continuum-spec";
import { formatIssue } from "../spec/issues";
import { parseSpec } from "../spec/parse";
import { SecretValue } from "../spec/secret";
import type { ClusterAccessArgs, ClusterRefArgs, NodeRefArgs } from "./cluster-ref-args";

/** Field names whose values are secrets wherever they appear in a spec. */
const SECRET_FIELDS = new Set(["privateKey", "password", "kubeconfig"]);

/** A secret whose plain text is not in hand yet (an Output), and where the parsed spec holds it. */
interface LaterSecret {
    path: (string | number)[];
    value: pulumi.Output<string>;
}

/** Thrown for an argument a user got wrong: names the component and the field. */
export class ArgsError extends Error {}

const pathText = (path: (string | number)[]): string =>
    path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

const isUnknown = (v: unknown): boolean => v === pulumi.runtime.unknownValue;

/**
 * Plain data from Args: RPC secret wrappers unwrapped, known values passed through, secret fields
 * that arrive as Outputs collected (a placeholder stands in until the spec is parsed), and any
 * other Output refused with the field's path.
 */
function plainData(what: string, value: unknown, path: (string | number)[], later: LaterSecret[]): unknown {
    const key = path[path.length - 1];
    const secretField = typeof key === "string" && SECRET_FIELDS.has(key);
    if (pulumi.runtime.isRpcSecret(value)) {
        return plainData(what, pulumi.runtime.unwrapRpcSecret(value), path, later);
    }
    if (pulumi.Output.isInstance(value) || isUnknown(value)) {
        if (secretField && pulumi.Output.isInstance(value)) {
            later.push({ path, value: value as pulumi.Output<string> });
            return "[secret]";
        }
        throw new ArgsError(
            `${what}: ${pathText(path)} is not known when the component ` +
                `is constructed (it is another resource's output, or unknown in preview) ` +
                `— it decides which resources are declared, so pass the value itself; only ` +
                `secrets (${[...SECRET_FIELDS].join(", ")}) may be outputs`,
        );
    }
    if (Array.isArray(value)) return value.map((v, i) => plainData(what, v, [...path, i], later));
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== undefined) out[k] = plainData(what, v, [...path, k], later);
        }
        return out;
    }
    return value;
}

function setAt(target: unknown, path: (string | number)[], value: unknown): void {
    let at = target as Record<string | number, unknown>;
    for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
    at[path[path.length - 1]] = value;
}

/**
 * The internal spec from a `continuum:spec`-shaped value: parsed and cross-checked by the spec's
 * parser; a failure throws every issue with its YAML-style path under `<what>: spec`.
 * `what` names the component (`Continuum 'lab'`).
 */
export function specFromArgs(what: string, raw: unknown): ContinuumSpec {
    const later: LaterSecret[] = [];
    const data = plainData(what, raw, [], later);
    const result = parseSpec(data);
    if (!result.ok) {
        const issues = result.issues.map((i) => `  ${formatIssue(i)}`).join("\n");
        throw new ArgsError(`${what}: the continuum it describes is invalid:\n${issues}`);
    }
    for (const s of later) setAt(result.spec, s.path, SecretValue.output(pulumi.secret(s.value)));
    return result.spec;
}

/** A required plain value of Args, or a named error. */
export function known<T>(what: string, field: string, value: pulumi.Input<T> | undefined): T | undefined {
    return plainData(what, value, [field], []) as T | undefined;
}

/** A plain value Args must have, or an error naming the field. */
export function required<T>(what: string, field: string, value: pulumi.Input<T> | undefined): T {
    const v = known<T>(what, field, value);
    if (v === undefined || v === null || v === "") throw new ArgsError(`${what}: ${field} is required — set it`);
    return v;
}

/**
 * The `clusters[]` entry of a spec for a cluster an add-on receives as plain data (the spec's rules
 * then see the cluster as its own component declared it). KubeEdge edge nodes are left out: they
 * belong to `kubeedge.nodes`.
 */
export function clusterSpecOfRef(
    ref: ClusterRefArgs,
    kubeconfig?: pulumi.Input<string>,
    reachesHosts = false,
): Record<string, unknown> {
    // An add-on that never reaches the cluster's machines is checked as if the cluster were simulated
    // (no SSH key or host keys to ask for); its handle keeps the cluster's own substrate.
    const substrate = ref.substrate === "ssh" && !reachesHosts ? "sim" : (ref.substrate ?? "existing");
    return {
        name: ref.name,
        tier: ref.tier ?? "cloud",
        distribution: ref.distribution ?? "existing",
        substrate,
        network: { podCidr: ref.podCidr, serviceCidr: ref.serviceCidr, clusterDomain: ref.clusterDomain },
        apiEndpoint: { host: ref.apiHost, port: ref.apiPort },
        nodes: (ref.nodes ?? [])
            .filter((n) => !n.kubeEdge)
            .map((n) => ({
                name: n.name,
                roles: n.roles,
                arch: n.arch,
                labels: n.labels,
                capabilities: n.capabilities,
                runtimes: n.runtimes,
                ...(substrate === "ssh" ? { host: n.host, port: n.port, user: n.user, hostKey: n.hostKey } : {}),
            })),
        ...(substrate === "existing" && kubeconfig !== undefined ? { existing: { kubeconfig } } : {}),
    };
}

/** A secret Input as a secret Output (a plain string is wrapped; an Output keeps its dependencies). */
export function secretInput(value: pulumi.Input<string>): pulumi.Output<string> {
    const v = pulumi.runtime.isRpcSecret(value) ? (pulumi.runtime.unwrapRpcSecret(value) as string) : value;
    return pulumi.secret(v);
}

/**
 * The `Cluster` handle an add-on works on: the cluster's entry of the parsed spec (so its values are
 * checked like any spec's) plus what only the reference says (KubeEdge nodes, runtimes the cluster
 * installs itself), with the add-on's own `k8s.Provider` (child of `parent`) carrying the same
 * stable `clusterIdentifier` (cluster name and substrate) as the cluster's own provider, so objects
 * are never replaced when the kubeconfig changes.
 */
export function clusterHandle(
    what: string,
    name: string,
    parent: pulumi.Resource,
    c: ClusterSpec,
    ref: ClusterRefArgs,
    kubeconfig: pulumi.Input<string>,
    context?: pulumi.Input<string>,
): Cluster {
    const refNodes = (known<NodeRefArgs[]>(what, "cluster.nodes", ref.nodes) ?? []) as NodeRefPlain[];
    const installed = new Set(refNodes.filter((n) => n.runtimesInstalled).map((n) => n.name));
    const hosts = new Map(refNodes.map((n) => [n.name, n.host]));
    const secret = secretInput(kubeconfig);
    const labels = { [TIER_LABEL]: c.tier, [CLUSTER_LABEL]: c.name };
    const nodes: ClusterNodeInfo[] = [
        ...c.nodes.map((n) => ({
            name: n.name,
            roles: [...n.roles],
            arch: n.arch,
            labels: { ...c.nodeLabels, ...n.labels, ...labels },
            capabilities: [...n.capabilities],
            runtimes: [...n.runtimes],
            host: n.host ?? hosts.get(n.name),
            kubeEdge: false,
            runtimesInstalled: installed.has(n.name),
        })),
        ...refNodes
            .filter((n) => n.kubeEdge)
            .map((n) => ({
                name: n.name,
                roles: [EDGE_NODE_ROLE] as ClusterNodeInfo["roles"],
                arch: (n.arch ?? "amd64") as ClusterNodeInfo["arch"],
                labels: { ...(n.labels ?? {}) },
                capabilities: n.capabilities ?? [],
                runtimes: n.runtimes ?? [],
                host: n.host,
                kubeEdge: true,
                runtimesInstalled: n.runtimesInstalled ?? false,
            })),
    ];
    const substrate = (known<string>(what, "cluster.substrate", ref.substrate) ?? "existing") as Substrate;
    if (!(SUBSTRATES as readonly string[]).includes(substrate))
        throw new ArgsError(`${what}: cluster.substrate '${substrate}' is not one of ${SUBSTRATES.join(", ")}`);
    const apiHost = c.apiEndpoint.host ?? "";
    if (apiHost === "")
        throw new ArgsError(
            `${what}: cluster.apiHost is required — the API host as the ` +
                `cluster's nodes reach it (a cluster component's clusterRef has it)`,
        );
    return internalHandle({
        name: c.name,
        tier: c.tier,
        distribution: c.distribution,
        substrate,
        kubeconfig: secret,
        provider: clusterProvider(`${name}-k8s`, c.name, substrate, secret, parent, {
            context: known<string>(what, "context", context),
        }),
        apiEndpoint: pulumi.output(`https://${apiHost.includes(":") ? `[${apiHost}]` : apiHost}:${c.apiEndpoint.port}`),
        apiHost,
        apiPort: c.apiEndpoint.port,
        network: c.network,
        nodes,
        ready: [],
    });
}

/**
 * The spec and `Cluster` handle of an add-on component on one cluster (Akri, RuntimeCatalog): its
 * `cluster` reference and kubeconfig become a one-cluster spec with `blocks` (the add-on's top-level
 * spec fields) and `clusterFields` (its fields of the cluster entry), so the spec's rules apply to them.
 */
export function addOnCluster(
    what: string,
    name: string,
    parent: pulumi.Resource,
    args: ClusterAccessArgs,
    blocks: Record<string, unknown>,
    clusterFields: Record<string, unknown> = {},
): { spec: ContinuumSpec; cluster: Cluster } {
    const ref = known<ClusterRefArgs>(what, "cluster", args.cluster)!;
    const clusters = [{ ...clusterSpecOfRef(ref, args.kubeconfig), ...clusterFields }];
    const spec = specFromArgs(what, { ...blocks, clusters });
    return { spec, cluster: clusterHandle(what, name, parent, spec.clusters[0], ref, args.kubeconfig, args.context) };
}

/** NodeRefArgs once every value is known. */
interface NodeRefPlain {
    name: string;
    arch?: string;
    labels?: Record<string, string>;
    capabilities?: string[];
    runtimes?: string[];
    host?: string;
    kubeEdge?: boolean;
    runtimesInstalled?: boolean;
}
