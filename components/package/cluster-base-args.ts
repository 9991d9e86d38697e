/**
 * The Args every cluster component (KubeadmCluster, K3sCluster, SimCluster, KindCluster, K3dCluster)
 * shares: one cluster of `continuum:spec` without `substrate` (the component is the substrate),
 * plus the spec's continuum-wide blocks a cluster reads (ssh, versions, artifacts, airgap).
 */
import type * as pulumi from "@pulumi/pulumi";
import type {
    ApiEndpointArgs,
    BackupArgs,
    CertificatesArgs,
    CiliumArgs,
    HostSystemArgs,
    NetworkArgs,
    NodeSpecArgs,
} from "./cluster-spec-args";
import type { AirgapArgs, ArtifactPinArgs, SshArgs, VersionsArgs } from "./continuum-spec-args";

/** Fields shared by the cluster components. */
export interface ClusterBaseArgs {
    /** Cluster name in the continuum (lowercase DNS label, at most 32 characters). @default the component's name */
    clusterName?: pulumi.Input<string>;
    /** Address ranges. */
    network: NetworkArgs;
    /** Cilium settings the cluster is configured for (flannel and kube-proxy off); Cilium itself comes from ClusterMesh
     * or Continuum. @default none */
    cilium?: CiliumArgs;
    /** API endpoint. @default the first server's host, port 6443 */
    apiEndpoint?: ApiEndpointArgs;
    /** Registry mirrors: registry host to mirror URLs. @default {} */
    registryMirrors?: { [registry: string]: pulumi.Input<string>[] };
    /** Machines of the cluster. */
    nodes: NodeSpecArgs[];
    /** Labels every node of the cluster gets. @default {} */
    nodeLabels?: { [key: string]: pulumi.Input<string> };
    /** Unusual hosts (kubeadm over SSH). @default { allowCgroupV1: false, systemContainer: false } */
    hostSystem?: HostSystemArgs;
    /** Scheduled etcd snapshots (SSH clusters). @default none */
    backup?: BackupArgs;
    /** An etcd snapshot file to rebuild the cluster from. @default none */
    restoreFrom?: pulumi.Input<string>;
    /** Certificate rotation (SSH clusters). @default { rotate: 0, warnDays: 30 } */
    certificates?: CertificatesArgs;
    /** SSH defaults (ssh substrate). @default { user: "continuum", port: 22 } */
    ssh?: SshArgs;
    /** Version overrides. @default {} */
    versions?: VersionsArgs;
    /** Pins of host artifacts, by artifact name. @default {} */
    artifacts?: { [artifact: string]: ArtifactPinArgs };
    /** Airgap sources. @default {} */
    airgap?: AirgapArgs;
}
