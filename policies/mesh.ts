/**
 * mesh: Cilium ClusterMesh joins clusters by name and id and routes pod addresses between
 * them. This checks what the stack actually declares (the Cilium Releases' values), not the
 * spec: two Releases with the same identity, or the chart's default 10.0.0.0/8 pool in two
 * meshed clusters, break the mesh however the spec looked.
 */
import { cidrsOverlap, parseCidrRange } from "../components/core/cidr";
import type { PolicyResource } from "@pulumi/policy";
import { propsOf, stackPolicy } from "./lib/declared";
import { configOf, stringList } from "./lib/config";
import { isChart, RELEASE_TYPE, CHART_V4_TYPE, valuesOf } from "./lib/helm";
import { at, isObject, UNKNOWN, type Plain } from "./lib/values";

/** Chart defaults (cilium/cilium install/kubernetes/cilium/values.yaml). */
const CHART_DEFAULT_NAME = "default";
const CHART_DEFAULT_V4_POOL = ["10.0.0.0/8"];
const CHART_DEFAULT_V6_POOL = ["fd00::/104"];

/** What a Cilium Release says about its place in the mesh. */
export interface CiliumIdentity {
    resource: PolicyResource;
    /** `cluster.name` (chart default `default`), or undefined when not known yet. */
    name?: string;
    /** `cluster.id` (chart default 0 = not meshed), or undefined when not known yet. */
    id?: number;
    /** `maxConnectedClusters` (chart default 255). */
    maxConnected: number;
    /** Pod CIDRs of the cluster's Cilium IPAM, or undefined when Cilium does not own them (ipam.mode kubernetes) or
     * unknown. */
    podCidrs?: string[];
}

function numberOf(v: Plain | undefined): number | undefined {
    if (typeof v === "number") return v;
    if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v);
    return undefined;
}

/** A list of CIDRs given as a YAML list or a comma/space separated string. */
function cidrList(v: Plain | undefined, fallback: string[]): string[] | undefined {
    if (v === undefined || v === null) return fallback;
    if (v === UNKNOWN) return undefined;
    if (typeof v === "string") return v.split(/[\s,]+/).filter(Boolean);
    if (Array.isArray(v)) {
        if (v.includes(UNKNOWN)) return undefined;
        return v.filter((x): x is string => typeof x === "string");
    }
    return undefined;
}

/** Pod CIDRs Cilium hands out in this Release's IPAM mode. */
export function podCidrsOf(values: Plain | undefined): string[] | undefined {
    const mode = at(values, "ipam", "mode") ?? "cluster-pool";
    if (mode === UNKNOWN) return undefined;
    const ipv4 = at(values, "ipv4", "enabled") ?? true;
    const ipv6 = at(values, "ipv6", "enabled") ?? false;
    if (mode === "cluster-pool") {
        const out: string[] = [];
        if (ipv4 === true) {
            const v4 = cidrList(at(values, "ipam", "operator", "clusterPoolIPv4PodCIDRList"), CHART_DEFAULT_V4_POOL);
            if (!v4) return undefined;
            out.push(...v4);
        }
        if (ipv6 === true) {
            const v6 = cidrList(at(values, "ipam", "operator", "clusterPoolIPv6PodCIDRList"), CHART_DEFAULT_V6_POOL);
            if (!v6) return undefined;
            out.push(...v6);
        }
        return out;
    }
    if (mode === "multi-pool") {
        const pools = at(values, "ipam", "operator", "autoCreateCiliumPodIPPools");
        if (!isObject(pools)) return undefined;
        const out: string[] = [];
        for (const pool of Object.values(pools)) {
            for (const family of ["ipv4", "ipv6"]) {
                const cidrs = cidrList(at(pool, family, "cidrs"), []);
                if (!cidrs) return undefined;
                out.push(...cidrs);
            }
        }
        return out;
    }
    return undefined; // kubernetes, cluster-pool-v2beta, cloud IPAMs: the pod ranges are not in the values
}

/** The mesh identity of one Cilium Release. */
export function ciliumIdentity(resource: PolicyResource): CiliumIdentity {
    const values = valuesOf(propsOf(resource));
    const name = at(values, "cluster", "name") ?? CHART_DEFAULT_NAME;
    const id = at(values, "cluster", "id") ?? 0;
    return {
        resource,
        name: typeof name === "string" ? name : undefined,
        id: numberOf(id),
        maxConnected: numberOf(at(values, "maxConnectedClusters")) ?? 255,
        podCidrs: podCidrsOf(values),
    };
}

const CILIUM_DEFAULTS = { ciliumCharts: ["cilium"] };
const ciliumChartsSchema = stringList("Chart names that install Cilium.", CILIUM_DEFAULTS.ciliumCharts);

/** Every Cilium Release (or v4 Chart) of the stack. */
export function ciliumReleases(resources: PolicyResource[], charts: readonly string[]): PolicyResource[] {
    return resources.filter(
        (r) => (r.type === RELEASE_TYPE || r.type === CHART_V4_TYPE) && isChart(propsOf(r), charts),
    );
}

const NAME_FORMAT = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

export const ciliumClusterIdentity = stackPolicy({
    name: "cilium-cluster-identity",
    description:
        "Every Cilium installation has its own `cluster.name` (≤ 32 characters, " +
        "lowercase letters, digits, '-'; not `default` in a mesh) and " +
        "every meshed one its own `cluster.id` (1–255): ClusterMesh tells " +
        "clusters apart by these, and two equal ones make their identities collide.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ciliumCharts: ciliumChartsSchema } },
    remediationSteps: "Give each cluster its own name and its own `mesh.id` in the stack spec.",
    validateStack: (args, report) => {
        const cfg = configOf(args, CILIUM_DEFAULTS);
        const names = new Map<string, CiliumIdentity>();
        const ids = new Map<number, CiliumIdentity>();
        for (const c of ciliumReleases(args.resources, cfg.ciliumCharts).map(ciliumIdentity)) {
            const r = c.resource;
            if (c.id !== undefined) {
                const max = c.maxConnected > 255 ? 511 : 255;
                if (c.id < 0 || c.id > max || !Number.isInteger(c.id)) {
                    report(
                        `Cilium release '${r.name}' has cluster.id ${c.id}: ` +
                            `use an integer in 1–${max} (0 = not meshed).`,
                        r.urn,
                    );
                } else if (c.id > 0) {
                    const other = ids.get(c.id);
                    if (other)
                        report(
                            `Cilium release '${r.name}' has cluster.id ${c.id}, ` +
                                `already used by '${other.resource.name}': give every meshed cluster its own id.`,
                            r.urn,
                        );
                    else ids.set(c.id, c);
                }
            }
            if (c.name === undefined) continue;
            if (!NAME_FORMAT.test(c.name)) {
                report(
                    `Cilium release '${r.name}' has cluster.name '${c.name}': ` +
                        `use at most 32 lowercase letters, digits and '-'.`,
                    r.urn,
                );
            }
            if (c.name === CHART_DEFAULT_NAME && c.id !== undefined && c.id > 0) {
                report(
                    `Cilium release '${r.name}' is meshed (cluster.id ${c.id}) ` +
                        `but keeps the chart's cluster.name 'default': name the cluster.`,
                    r.urn,
                );
            }
            const other = names.get(c.name);
            if (other)
                report(
                    `Cilium release '${r.name}' has cluster.name '${c.name}', ` +
                        `already used by '${other.resource.name}': give every cluster its own name.`,
                    r.urn,
                );
            else names.set(c.name, c);
        }
    },
});

export const ciliumPodCidrsDisjoint = stackPolicy({
    name: "cilium-pod-cidrs-disjoint",
    description:
        "Meshed clusters (Cilium `cluster.id` ≠ 0) hand out pod addresses " +
        "from ranges that do not overlap: ClusterMesh routes pod IPs " +
        "between clusters, so an address in two clusters is unreachable " +
        "in one of them. Leaving `ipam.operator.clusterPoolIPv4PodCIDRList` unset " +
        "gives every cluster the chart's 10.0.0.0/8. (Releases with `ipam.mode: " +
        "kubernetes` take node podCIDRs and are not checked here.)",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ciliumCharts: ciliumChartsSchema } },
    remediationSteps:
        "Set each cluster's `network.podCidr` in the stack spec to its own " +
        "range (the toolkit passes it to Cilium's cluster pool).",
    validateStack: (args, report) => {
        const cfg = configOf(args, CILIUM_DEFAULTS);
        const claimed: { cidr: string; owner: CiliumIdentity }[] = [];
        for (const c of ciliumReleases(args.resources, cfg.ciliumCharts).map(ciliumIdentity)) {
            if (c.id === undefined || c.id === 0 || c.podCidrs === undefined) continue;
            const r = c.resource;
            for (const cidr of c.podCidrs) {
                if (!parseCidrRange(cidr)) {
                    report(
                        `Cilium release '${r.name}' has pod CIDR '${cidr}', ` +
                            `which is not an address range: write it like 10.42.0.0/16.`,
                        r.urn,
                    );
                    continue;
                }
                for (const other of claimed) {
                    // The toolkit's one overlap check (components/core/cidr.ts), as the spec rules use it.
                    if (other.owner === c || !cidrsOverlap(cidr, other.cidr)) continue;
                    report(
                        `Cilium release '${r.name}' (cluster.id ${c.id}) ` +
                            `hands out pods from ${cidr}, which overlaps ${other.cidr} ` +
                            `of '${other.owner.resource.name}' ` +
                            `(cluster.id ${other.owner.id}): give each meshed cluster its own pod range.`,
                        r.urn,
                    );
                }
                claimed.push({ cidr, owner: c });
            }
        }
    },
});

export const meshPolicies = [ciliumClusterIdentity, ciliumPodCidrsDisjoint];
