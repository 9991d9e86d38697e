import * as pulumi from "@pulumi/pulumi";
import { certificateExpiry, kubeconfigCertificateExpiry } from "./day2/certificates";
import type { StackCertificates } from "./day2/certificate-lines";
import { controlPlaneNames, day2Plan } from "./day2/plan-summary";
import type { ContinuumSpec } from "./spec/continuum-spec";
import { parseSpecOrThrow } from "./spec/parse";
import { SPEC_KEY } from "./spec/stack-file";
import { parseSpecSources, SPEC_FILE_KEY } from "./spec/spec-file";
import { formatIssue } from "./spec/issues";
import type { Cluster } from "./clusters/cluster";
import { createCluster } from "./from-spec/clusters";
import { topologyOf, type Topology } from "./topology";
import { runtimesAndDiscovery, type ClusterDeviceOutputs } from "./from-spec/add-ons";
import { networkFromSpec } from "./from-spec/network";
import type { MeshTopologyEntry } from "./network/cluster-mesh";
import { kubeEdgeFromSpec } from "./from-spec/edge";
import type { KubeEdge } from "./edge/kubeedge";
import { checkAirgapImages } from "./hosts/images";
import { tableFor } from "./artifact-pins";
import type { VersionTable } from "./versions";

/** Arguments of the Continuum. */
export interface ContinuumArgs {
    /** The validated, defaulted spec (see `parseSpec`). */
    spec: ContinuumSpec;
}

/** What the stack exports, one entry per cluster. */
export interface ClusterOutputs {
    tier: string;
    substrate: string;
    distribution: string;
    apiEndpoint: pulumi.Output<string>;
    /** Secret. */
    kubeconfig: pulumi.Output<string>;
    podCidr: string;
    serviceCidr: string;
    nodes: string[];
    /** When the cluster's certificates expire (components/day2/certificates.ts) and the spec's warning window. */
    certificates: pulumi.Output<{ expires: string; warnDays: number }>;
    /** The day-2 plan in plain words (components/day2/plan-summary.ts): a change shows in preview. */
    day2: string[];
    /** The control planes in spec order (`continuum validate --deployed` checks a change against them). */
    controlPlanes: string[];
}

/**
 * The whole continuum: wires a validated spec through hosts → clusters → add-ons.
 * Each step only consumes what the step before it produced.
 */
export class Continuum extends pulumi.ComponentResource {
    /** One handle per cluster, by name. */
    readonly clusters: Record<string, Cluster> = {};
    /** Per-cluster outputs (kubeconfigs are secret). */
    readonly clusterOutputs: Record<string, ClusterOutputs> = {};
    /** Which cluster sees which, the tiers and the edge nodes. */
    readonly topology: Topology;
    /** Per cluster: RuntimeClasses, Akri Configurations and the extended resources they offer. */
    readonly devices: Record<string, ClusterDeviceOutputs> = {};
    /** ClusterMesh: which cluster lists which, on which endpoint. */
    readonly meshTopology: MeshTopologyEntry[];
    /** KubeEdge (CloudCore, edge nodes, devices), when the spec has it. */
    readonly kubeEdge?: KubeEdge;
    /** Certificate expiry (plain dates): per cluster, and the ClusterMesh CA (components/day2/certificate-lines.ts). */
    readonly certificates: pulumi.Output<StackCertificates>;

    constructor(name: string, args: ContinuumArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:Continuum", name, {}, opts);
        const spec = args.spec;
        // airgap.images: every archive every node needs is there, before anything is declared.
        checkAirgapImages(spec, tableFor(spec));
        this.topology = topologyOf(spec);

        // clusters: one handle per cluster, whatever the substrate.
        for (const clusterSpec of spec.clusters) {
            const cluster = createCluster(spec, clusterSpec, { parent: this });
            this.clusters[cluster.name] = cluster;
            this.clusterOutputs[cluster.name] = {
                tier: cluster.tier,
                substrate: cluster.substrate,
                distribution: cluster.distribution,
                apiEndpoint: cluster.apiEndpoint,
                kubeconfig: pulumi.secret(cluster.kubeconfig),
                podCidr: cluster.podCidr,
                serviceCidr: cluster.serviceCidr,
                nodes: cluster.nodes.map((n) => n.name),
                day2: day2Plan(clusterSpec),
                controlPlanes: controlPlaneNames(clusterSpec),
                certificates: pulumi.unsecret(
                    cluster.kubeconfig.apply((k) => ({
                        expires: kubeconfigCertificateExpiry(k) ?? "unknown",
                        warnDays: clusterSpec.certificates.warnDays,
                    })),
                ),
            };
        }

        // add-ons: network, edge, discovery, runtimes (each consumes only Cluster handles).
        const network = networkFromSpec(spec, this.clusters, this);
        this.meshTopology = network.meshTopology;
        const cloudCni = spec.kubeedge ? network.cilium[spec.kubeedge.cloudCluster] : undefined;
        this.kubeEdge = kubeEdgeFromSpec(spec, this.clusters, this, cloudCni ? [cloudCni.release] : []);
        for (const cluster of Object.values(this.clusters)) {
            this.devices[cluster.name] = runtimesAndDiscovery(spec, cluster, this);
        }

        // The mesh CA's notAfter from its (public) PEM, warned with the widest window of the clusters.
        const meshWarnDays = Math.max(...spec.clusters.map((c) => c.certificates.warnDays));
        const meshCa = network.mesh?.caCertPem.apply((pem) => ({
            expires: certificateExpiry(pem ?? "") ?? "unknown", // absent until the provider has made it
            warnDays: meshWarnDays,
        }));
        this.certificates = pulumi
            .all([
                pulumi.all(
                    Object.fromEntries(Object.entries(this.clusterOutputs).map(([n, c]) => [n, c.certificates])),
                ),
                meshCa,
            ])
            .apply(([clusters, mesh]) => ({ clusters, ...(mesh ? { meshCa: mesh } : {}) }));

        this.registerOutputs({
            clusters: this.clusterOutputs,
            certificates: this.certificates,
            topology: this.topology,
            devices: this.devices,
            meshTopology: this.meshTopology,
        });
    }
}

/** Options of `specFromConfig`. */
export interface SpecFromConfigOptions {
    /**
     * The version table the spec's artifacts are checked against: a program that installs from
     * another table (K3sCluster's `table` arg) checks the spec against that one.
     * @default VERSION_TABLE (the toolkit's table; the stack's `artifacts:` pins apply over it either way)
     */
    versions?: VersionTable;
}

/**
 * Read and validate `continuum:spec` inside a Pulumi program (values decrypted by the engine),
 * merged over the file `continuum:specFile` names when the spec is too large for stack config
 * (see spec/spec-file.ts; relative to the project directory, the program's working directory).
 */
export function specFromConfig(options: SpecFromConfigOptions = {}): ContinuumSpec {
    const parseOptions = { versions: options.versions };
    const text = pulumi.runtime.getConfig(SPEC_KEY);
    const file = pulumi.runtime.getConfig(SPEC_FILE_KEY);
    if (text === undefined && file === undefined) {
        throw new Error(
            `the stack has no ${SPEC_KEY} config key — describe the continuum ` +
                `under config.${SPEC_KEY} in stacks/Pulumi.<stack>.yaml (see stacks/Pulumi.lab.yaml), ` +
                `or name a spec file with ${SPEC_FILE_KEY}`,
        );
    }
    let raw: unknown;
    try {
        raw = text === undefined ? undefined : JSON.parse(text);
    } catch {
        raw = text;
    }
    if (file === undefined) return parseSpecOrThrow(raw, parseOptions);
    const result = parseSpecSources(raw, file, process.cwd(), parseOptions);
    if (result.ok) return result.spec;
    const issues = result.issues.map((i) => `  ${formatIssue(i)}`).join("\n");
    throw new Error(`continuum:spec (with ${SPEC_FILE_KEY} ${file}) is invalid:\n${issues}`);
}
