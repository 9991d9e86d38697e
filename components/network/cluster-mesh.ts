import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { Cluster } from "../clusters/cluster";
import { meshNodePort } from "../core/mesh-port";
import { Cilium } from "./cilium";
import { planMesh, type MeshMemberInput } from "./mesh-plan";
import { meshCaName, meshCaPhase, planMeshCa } from "../day2/mesh-ca-rotation";

/** One cluster of the mesh. */
export interface ClusterMeshMemberArgs {
    /** The cluster. */
    cluster: Cluster;
    /** Cilium cluster id, unique in the mesh (1–255). */
    id: number;
    /** How clustermesh-apiserver is exposed: `NodePort` or `LoadBalancer`. @default "NodePort" */
    serviceType?: string;
    /** The clustermesh-apiserver NodePort. @default 32379 + id - 1 */
    nodePort?: number;
    /** Replace kube-proxy. @default false */
    kubeProxyReplacement?: boolean;
    /** `tunnel` or `native`; identical across the mesh. @default "tunnel" */
    routingMode?: string;
    /** A chart directory or .tgz archive replacing the chart repo (airgap). */
    chartPath?: string;
}

/** Arguments of `ClusterMesh`. */
export interface ClusterMeshArgs {
    /** The members; each lists every other one. */
    members: ClusterMeshMemberArgs[];
    /** Identical on every member: 255 or 511. @default 255 */
    maxConnectedClusters?: number;
    /** Cilium chart version. @default charts.cilium in the version table */
    version?: string;
    /** Validity of the mesh CA in hours. @default 87600 (10 years) */
    caValidityHours?: number;
    /** Rotation of the mesh CA (spec `mesh.caRotation`; day2/mesh-ca-rotation.ts). @default none: the epoch-0 CA */
    caRotation?: { epoch: number; phase: string };
}

/** Which member lists which (the mesh topology output). */
export interface MeshTopologyEntry {
    cluster: string;
    id: number;
    /** `<address or ips>:<port>` peers use. */
    endpoint: string;
    peers: string[];
}

/**
 * Cilium ClusterMesh, declared rather than `cilium clustermesh connect`: one CA generated here
 * and given to every member (a per-render CA would never trust itself), each member's Cilium
 * listing every other member with its address and distinct NodePort.
 */
export class ClusterMesh extends pulumi.ComponentResource {
    /** Cilium per member, by cluster name. */
    readonly members: Record<string, Cilium> = {};
    /** Who sees whom. */
    readonly topology: MeshTopologyEntry[];
    /** The mesh CA certificate (PEM; public). */
    readonly caCertPem: pulumi.Output<string>;

    constructor(name: string, args: ClusterMeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:ClusterMesh", name, {}, opts);
        const max = args.maxConnectedClusters ?? 255;
        const inputs: MeshMemberInput[] = args.members.map((m) => {
            const serviceType = m.serviceType ?? "NodePort";
            if (serviceType !== "NodePort" && serviceType !== "LoadBalancer") {
                throw new Error(
                    `ClusterMesh '${name}': cluster '${m.cluster.name}' ` +
                        `serviceType '${serviceType}' is not one of NodePort, LoadBalancer`,
                );
            }
            return {
                name: m.cluster.name,
                id: m.id,
                serviceType,
                nodePort: meshNodePort({ id: m.id, nodePort: m.nodePort }),
                podCidr: m.cluster.podCidr,
                routingMode: m.routingMode ?? "tunnel",
                nodeHosts: m.cluster.nodes.filter((n) => !n.kubeEdge && n.host).map((n) => n.host as string),
                apiHost: m.cluster.apiHost,
            };
        });
        // Checks (unique names/ids/NodePorts, one routing mode, disjoint pod CIDRs) throw here, before any resource.
        const plans = planMesh(inputs, max);

        // The CAs of the rotation phase (epoch 0 alone without one): one signs, the bundle trusts old and new.
        const caPlan = planMeshCa(
            args.caRotation && { epoch: args.caRotation.epoch, phase: meshCaPhase(args.caRotation.phase) },
        );
        const cas = new Map(
            caPlan.cas.map((ca) => {
                const caName = meshCaName(name, ca.epoch);
                const key = new tls.PrivateKey(caName, { algorithm: "RSA", rsaBits: 2048 }, { parent: this });
                const cert = new tls.SelfSignedCert(
                    caName,
                    {
                        privateKeyPem: key.privateKeyPem,
                        isCaCertificate: true,
                        validityPeriodHours: args.caValidityHours ?? 87600,
                        allowedUses: ["cert_signing", "crl_signing", "digital_signature", "key_encipherment"],
                        subject: { commonName: "Cilium CA", organization: "continuum" },
                    },
                    { parent: this },
                );
                return [ca.epoch, { key, cert, signs: ca.signs }] as const;
            }),
        );
        const signing = [...cas.values()].find((ca) => ca.signs) as { key: tls.PrivateKey; cert: tls.SelfSignedCert };
        const caKey = signing.key;
        const caCert = signing.cert;
        this.caCertPem = caCert.certPem;
        const caKeyPem = pulumi.secret(caKey.privateKeyPem);
        const caBundlePem =
            caPlan.bundle.length === 0
                ? undefined
                : pulumi
                      .all(caPlan.bundle.map((e) => (cas.get(e) as { cert: tls.SelfSignedCert }).cert.certPem))
                      .apply((pems) => pems.map((p) => p.trimEnd()).join("\n") + "\n");

        args.members.forEach((m, i) => {
            const plan = plans[m.cluster.name];
            this.members[m.cluster.name] = new Cilium(
                `${name}-${m.cluster.name}`,
                {
                    cluster: m.cluster,
                    clusterId: m.id,
                    kubeProxyReplacement: m.kubeProxyReplacement,
                    routingMode: inputs[i].routingMode,
                    nativeRoutingCidr: plan.nativeRoutingCidr,
                    version: args.version,
                    chartPath: m.chartPath,
                    mesh: {
                        caCertPem: caCert.certPem,
                        caKeyPem,
                        caBundlePem,
                        serviceType: inputs[i].serviceType,
                        nodePort: inputs[i].nodePort,
                        maxConnectedClusters: max,
                        peers: plan.mesh.peers,
                        serverDnsNames: plan.mesh.serverDnsNames,
                        serverIps: plan.mesh.serverIps,
                    },
                },
                { parent: this },
            );
        });

        this.topology = inputs.map((m) => {
            const own = plans[m.name];
            const where = own.mesh.serverDnsNames[0] ?? own.mesh.serverIps.join(",");
            const port = m.serviceType === "NodePort" ? m.nodePort : 2379;
            return { cluster: m.name, id: m.id, endpoint: `${where}:${port}`, peers: own.peers };
        });
        this.registerOutputs({ topology: this.topology, caCertPem: this.caCertPem });
    }
}
