/**
 * kube-vip for an API VIP (clusters[].apiEndpoint.vip), rendered from the spec — pure, no Pulumi.
 *
 * kube-vip holds the VIP on one control plane at a time (ARP, leader election on a Lease in
 * kube-system) and moves it when that node fails. Two forms, as kube-vip documents them:
 *  - kubeadm: a static pod in /etc/kubernetes/manifests on every control plane (it must run
 *    before the API does, so it reads a kubeconfig from the host);
 *  - K3s: a DaemonSet on the servers, in K3s's auto-deploy manifests directory
 *    (/var/lib/rancher/k3s/server/manifests), with its ServiceAccount and RBAC.
 * The image is pinned by digest (the spec's apiEndpoint.vipImage); kube-vip's own settings are
 * its environment variables (kube-vip: docs/installation/static, docs/usage/k3s).
 */
import { stringify } from "yaml";
import type { ClusterSpec } from "../spec/cluster";
import type { VersionTable } from "../versions";

/** Where K3s applies manifests from at start (and whenever a file there changes). */
export const K3S_MANIFESTS_DIR = "/var/lib/rancher/k3s/server/manifests";
/** The file continuum writes there. */
export const K3S_KUBE_VIP_FILE = `${K3S_MANIFESTS_DIR}/continuum-kube-vip.yaml`;
/** kubeadm's static pod manifest. */
export const KUBEADM_KUBE_VIP_FILE = "/etc/kubernetes/manifests/kube-vip.yaml";

/** What kube-vip is configured from. */
export interface KubeVipInput {
    /** The VIP. */
    vip: string;
    /** Interface to announce it on; unset: the interface of the default route (kube-vip detects it). */
    interface?: string;
    /** API server port behind the VIP. */
    port: number;
    /** The image, pinned by digest. */
    image: string;
}

function env(input: KubeVipInput): { name: string; value: string }[] {
    const vars: [string, string][] = [
        ["vip_arp", "true"],
        ["port", String(input.port)],
        ["cp_enable", "true"],
        ["cp_namespace", "kube-system"],
        ["vip_leaderelection", "true"],
        ["vip_leasename", "plndr-cp-lock"],
        ["vip_leaseduration", "5"],
        ["vip_renewdeadline", "3"],
        ["vip_retryperiod", "1"],
        ["address", input.vip],
    ];
    if (input.interface !== undefined) vars.splice(1, 0, ["vip_interface", input.interface]);
    return vars.map(([name, value]) => ({ name, value }));
}

function container(input: KubeVipInput, extra: Record<string, unknown> = {}): Record<string, unknown> {
    if (!/@sha256:[0-9a-f]{64}$/.test(input.image)) {
        throw new Error(
            `kube-vip image '${input.image}' is not pinned by digest — set ` +
                `apiEndpoint.vipImage to <image>@sha256:<digest>`,
        );
    }
    return {
        name: "kube-vip",
        image: input.image,
        imagePullPolicy: "IfNotPresent",
        args: ["manager"],
        env: env(input),
        securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"], drop: ["ALL"] } },
        ...extra,
    };
}

/** The static pod of a kubeadm control plane (`kubeconfig`: the host file kube-vip authenticates with). */
export function renderKubeadmKubeVip(input: KubeVipInput, kubeconfig = "/etc/kubernetes/admin.conf"): string {
    const pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name: "kube-vip",
            namespace: "kube-system",
            labels: { "app.kubernetes.io/name": "kube-vip", "app.kubernetes.io/managed-by": "continuum" },
        },
        spec: {
            hostNetwork: true,
            hostAliases: [{ ip: "127.0.0.1", hostnames: ["kubernetes"] }],
            containers: [
                container(input, {
                    volumeMounts: [{ name: "kubeconfig", mountPath: "/etc/kubernetes/admin.conf", readOnly: true }],
                }),
            ],
            volumes: [{ name: "kubeconfig", hostPath: { path: kubeconfig, type: "FileOrCreate" } }],
        },
    };
    return stringify(pod, { lineWidth: 0 });
}

/** The DaemonSet (and RBAC) of a K3s cluster, for the servers' auto-deploy manifests directory. */
export function renderK3sKubeVip(input: KubeVipInput): string {
    const labels = { "app.kubernetes.io/name": "kube-vip", "app.kubernetes.io/managed-by": "continuum" };
    const docs: Record<string, unknown>[] = [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-vip", namespace: "kube-system", labels } },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: "system:kube-vip-role", labels },
            rules: [
                { apiGroups: [""], resources: ["services/status"], verbs: ["update"] },
                { apiGroups: [""], resources: ["services", "endpoints"], verbs: ["list", "get", "watch", "update"] },
                { apiGroups: [""], resources: ["nodes"], verbs: ["list", "get", "watch", "update", "patch"] },
                {
                    apiGroups: ["coordination.k8s.io"],
                    resources: ["leases"],
                    verbs: ["list", "get", "watch", "update", "create"],
                },
                {
                    apiGroups: ["discovery.k8s.io"],
                    resources: ["endpointslices"],
                    verbs: ["list", "get", "watch", "update"],
                },
            ],
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: "system:kube-vip-binding", labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:kube-vip-role" },
            subjects: [{ kind: "ServiceAccount", name: "kube-vip", namespace: "kube-system" }],
        },
        {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            metadata: { name: "kube-vip", namespace: "kube-system", labels },
            spec: {
                selector: { matchLabels: { "app.kubernetes.io/name": "kube-vip" } },
                template: {
                    metadata: { labels },
                    spec: {
                        // K3s labels its servers node-role.kubernetes.io/control-plane=true.
                        nodeSelector: { "node-role.kubernetes.io/control-plane": "true" },
                        tolerations: [
                            { effect: "NoSchedule", operator: "Exists" },
                            { effect: "NoExecute", operator: "Exists" },
                        ],
                        serviceAccountName: "kube-vip",
                        hostNetwork: true,
                        containers: [container(input)],
                    },
                },
            },
        },
    ];
    return docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
}

/**
 * The kube-vip image of a cluster: `apiEndpoint.vipImage`, else the version table's (nodeImages.kubeVip,
 * the image `npm run toolchain -- --real` builds, pinned by its digest).
 */
export function kubeVipImage(cluster: ClusterSpec, table: VersionTable): string {
    if (cluster.apiEndpoint.vipImage !== undefined) return cluster.apiEndpoint.vipImage;
    const set = table.nodeImages.kubeVip;
    const image = set.images[0];
    const digest = set.digests?.[image];
    if (image === undefined || digest === undefined) {
        throw new Error(
            `cluster '${cluster.name}' apiEndpoint.vip: the version table pins no kube-vip image digest ` +
                `— set apiEndpoint.vipImage to <image>@sha256:<digest>`,
        );
    }
    return `${image}@${digest}`;
}
