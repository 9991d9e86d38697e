import * as pulumi from "@pulumi/pulumi";
import type { ContinuumSpec } from "../../spec/continuum-spec";
import type { ClusterNodeSpec } from "../../spec/node";
import type { VersionTable } from "../../versions";
import type { Cluster } from "../cluster";
import { hostStep } from "../../hosts/host-step";
import { caCertHashFromKubeconfig } from "../../hosts/ca-hash";
import { sshClusterHandle } from "../ssh/ssh-cluster-handle";
import { startSshCluster } from "../ssh/ssh-cluster-start";
import { hostPort, renderInitConfig, renderJoinConfig, renderJoinPreparationConfig } from "./kubeadm-config";
import { kubeadmVersion } from "./kubeadm-version";
import { declareKubeadmJoinSecrets } from "./kubeadm-join-secrets";
import { kubeadmNodes, kubeadmScript as script } from "./kubeadm-node";
import { declareKubeadmRollout } from "./kubeadm-rollout";
import { declareKubeadmSnapshotCopy, kubeadmDay2Steps } from "../../day2/kubeadm-day2-steps";
import { restorePreflightIgnores } from "../../day2/kubeadm-day2";

export { kubeadmVersion } from "./kubeadm-version";

/** Arguments of KubeadmCluster. */
export interface KubeadmClusterArgs {
    /** The validated continuum spec (SSH defaults, versions, airgap). */
    spec: ContinuumSpec;
    /** Name of the cluster in `spec.clusters` (distribution kubeadm, substrate ssh). */
    cluster: string;
    /** The version table to install from. @default the toolkit's table with the spec's `artifacts:` pins (tableFor) */
    table?: VersionTable;
}

/**
 * A kubeadm cluster on machines reached over SSH. containerd, the CNI plugins and
 * kubeadm/kubelet/kubectl are the pinned files (sha256 checked on the host); the kubelet and
 * containerd both use the systemd cgroup driver. The first control plane runs `kubeadm init`
 * (uploading the control-plane certificates under a generated certificate key when there are
 * more), the other control planes join one at a time, workers join in parallel. The bootstrap
 * token and certificate key are generated secrets, refreshed on the first control plane right
 * before each join. Joiners pin the cluster CA by its hash.
 */
export class KubeadmCluster extends pulumi.ComponentResource {
    /** The handle add-ons use. */
    readonly cluster: Cluster;

    constructor(name: string, args: KubeadmClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:KubeadmCluster", name, {}, opts);
        const start = startSshCluster(args, "kubeadm", kubeadmVersion);
        const { spec, table, cluster, plan, version, waitSeconds } = start;
        const { tokenId, bootstrapToken, certificateKey } = declareKubeadmJoinSecrets(name, this);
        // One converge per node (kubeadm-node.ts): preflight, kubeadm init or join, extra runtimes.
        const nodes = kubeadmNodes(name, start, this);
        const first = nodes.connectionOf(plan.first);
        // Day 2 (components/day2/kubeadm-day2.ts): certificate renewal, restore, snapshots.
        const day2 = {
            spec,
            table,
            cluster,
            controls: plan.controls,
            version,
            apiPort: plan.apiPort,
            waitSeconds,
            parent: this,
        };

        // First control plane: kubeadm init (over a restored etcd with restoreFrom), then its admin
        // kubeconfig (after the API answers; read again after a certificate renewal).
        const firstRegistration = nodes.registration(plan.first, true);
        firstRegistration.ignorePreflightErrors = [
            ...(firstRegistration.ignorePreflightErrors ?? []),
            ...restorePreflightIgnores(cluster, true),
        ];
        const firstFleet = nodes.converge({
            node: plan.first,
            control: true,
            action: "init",
            config: pulumi
                .all([bootstrapToken, certificateKey])
                .apply(([t, k]) => renderInitConfig(nodes.clusterInput, firstRegistration, plan.apiPort, t, k)),
            after: [],
            day2: kubeadmDay2Steps(day2, plan.first),
        });
        const firstInstall = firstFleet.converge;
        // backup: the first control plane's latest snapshot and the cluster's CAs copied here, checked.
        declareKubeadmSnapshotCopy(name, day2, { connection: first, fleet: firstFleet });
        const kubeconfig = hostStep(`${name}-kubeconfig`, {
            connection: first,
            script: script("kubeadm-kubeconfig.sh"),
            params: {
                WAIT_SECONDS: waitSeconds,
                // A new rotation epoch reads the renewed admin kubeconfig (the expiry output moves).
                ...(cluster.certificates.rotate > 0 ? { CERT_EPOCH: String(cluster.certificates.rotate) } : {}),
            },
            printsSecrets: true,
            dependsOn: [firstInstall],
            parent: this,
        });
        const caHash = kubeconfig.stdout.apply(caCertHashFromKubeconfig);

        // Every other node: prepare the join on the first control plane, then join.
        const join = (node: ClusterNodeSpec, control: boolean, after: pulumi.Resource[]): pulumi.Resource => {
            const prepare = hostStep(`${name}-${node.name}-prepare-join`, {
                connection: first,
                script: script("kubeadm-prepare-join.sh"),
                params: {
                    TOKEN_ID: tokenId,
                    UPLOAD_CERTS: String(control),
                    PREPARE_CONFIG: pulumi
                        .all([bootstrapToken, certificateKey])
                        .apply(([t, k]) => renderJoinPreparationConfig(version, t, control ? k : undefined)),
                },
                dependsOn: [kubeconfig.run, ...after],
                parent: this,
            });
            const endpoint = control
                ? hostPort(plan.first.host as string, plan.apiPort)
                : nodes.clusterInput.controlPlaneEndpoint;
            const config = pulumi
                .all([bootstrapToken, certificateKey, caHash])
                .apply(([t, k, h]) =>
                    renderJoinConfig(
                        nodes.registration(node, control),
                        endpoint,
                        t,
                        h,
                        control ? { apiPort: plan.apiPort, certificateKey: k } : undefined,
                    ),
                );
            const steps = control ? kubeadmDay2Steps(day2, node) : undefined;
            return nodes.converge({ node, control, action: "join", config, after: [prepare.run], day2: steps })
                .converge;
        };
        const installs = new Map<string, pulumi.Resource>([[plan.first.name, firstInstall]]);
        let previousControl: pulumi.Resource = firstInstall;
        for (const node of plan.controls.slice(1)) {
            previousControl = join(node, true, [previousControl]);
            installs.set(node.name, previousControl);
        }
        for (const node of plan.workers) installs.set(node.name, join(node, false, [previousControl]));

        // Rolling upgrade, one node at a time, control planes first; then the pool step.
        const { controlPlaneReady } = declareKubeadmRollout(
            name,
            { start, nodes, installs, after: kubeconfig.run },
            this,
        );

        const nodesReady = Object.fromEntries([...installs].map(([node, i]) => [node, [i]]));
        this.cluster = sshClusterHandle({
            cluster,
            plan,
            adminKubeconfig: kubeconfig.stdout,
            ready: [controlPlaneReady],
            nodesReady,
            parent: this,
            runtimesInstalled: true,
        });
        this.registerOutputs({ apiEndpoint: this.cluster.apiEndpoint, kubeconfig: this.cluster.kubeconfig });
    }
}
