/**
 * The HA steps of a kubeadm control plane (issue 23), planned from the spec: plain step
 * descriptions (script, uninstall, parameters) that KubeadmCluster adds to a control plane's
 * fleet converge — no Pulumi resources here.
 *
 * Before kubeadm-install.sh, on the control plane holding the init role (the first in spec order):
 *   kubeadm-etcd-quorum-guard.sh   refuses a change that could lose etcd quorum, before anything of
 *                                  it runs (read-only; passes on a new cluster)
 *   kubeadm-kube-vip-init.sh       with `apiEndpoint.vip`: kube-vip's static pod before `kubeadm
 *                                  init` (init reaches the API through the VIP), on super-admin.conf
 * After it, on every control plane:
 *   kubeadm-kube-vip.sh            with `apiEndpoint.vip`: the static pod on admin.conf (after join:
 *                                  join's preflight wants no foreign static pods), then the VIP waited for
 * A one-shot step on the init node once every node converged, before the pool step
 * (`kubeadmEtcdMembersStep`):
 *   kubeadm-etcd-members.sh        removes the etcd members of control planes that left the spec,
 *                                  before Pulumi deletes (uninstalls) their hosts
 */
import * as path from "node:path";
import type { ClusterSpec } from "../spec/cluster";
import type { VersionTable } from "../versions";
import type { Day2Step } from "./k3s-day2";

/** One planned step (no pushed files: a fleet converge step as it is). */
export type KubeadmHaStep = Pick<Day2Step, "script" | "uninstallScript" | "params">;
import { kubeVipImage, renderKubeadmKubeVip } from "./kube-vip";

const KUBEADM_SCRIPTS = path.join(__dirname, "..", "clusters", "kubeadm", "scripts");
const script = (name: string): string => path.join(KUBEADM_SCRIPTS, name);

/** The HA scripts of a kubeadm control plane. */
export const KUBEADM_HA_SCRIPTS = {
    quorumGuard: script("kubeadm-etcd-quorum-guard.sh"),
    kubeVipInit: script("kubeadm-kube-vip-init.sh"),
    kubeVip: script("kubeadm-kube-vip.sh"),
    kubeVipUninstall: script("kubeadm-kube-vip-uninstall.sh"),
    etcdMembers: script("kubeadm-etcd-members.sh"),
} as const;

/** The kubeconfig kube-vip reads during `kubeadm init` (Kubernetes ≥ 1.29), and after it. */
export const SUPER_ADMIN_CONF = "/etc/kubernetes/super-admin.conf";
export const ADMIN_CONF = "/etc/kubernetes/admin.conf";

/** What a control plane's HA steps are planned from. */
export interface KubeadmHaInput {
    cluster: ClusterSpec;
    /** Every control plane's name, in spec order (the first holds the init role). */
    controls: string[];
    /** The version table (the default kube-vip image). */
    table: VersionTable;
    /** Seconds a step waits for the API. */
    waitSeconds: string;
}

/** Steps of one control plane before and after kubeadm-install.sh (a worker: none). */
export function kubeadmControlPlaneSteps(
    input: KubeadmHaInput,
    node: string,
): { before: KubeadmHaStep[]; after: KubeadmHaStep[] } {
    const { cluster, controls } = input;
    const before: KubeadmHaStep[] = [];
    const after: KubeadmHaStep[] = [];
    if (!controls.includes(node)) return { before, after };
    const first = controls[0] === node;
    // Every time, not only with several control planes now: removing two of three leaves one.
    if (first) {
        before.push({
            script: KUBEADM_HA_SCRIPTS.quorumGuard,
            params: { NODE_NAME: node, CLUSTER: cluster.name, CONTROL_PLANES: controls.join(",") },
        });
    }
    const vip = cluster.apiEndpoint.vip;
    if (vip === undefined) return { before, after };
    const kubeVip = {
        vip,
        interface: cluster.apiEndpoint.interface,
        port: cluster.apiEndpoint.port,
        image: kubeVipImage(cluster, input.table),
    };
    const manifest = renderKubeadmKubeVip(kubeVip, ADMIN_CONF);
    if (first) {
        before.push({
            script: KUBEADM_HA_SCRIPTS.kubeVipInit,
            params: {
                NODE_NAME: node,
                KUBE_VIP_INIT_MANIFEST: renderKubeadmKubeVip(kubeVip, SUPER_ADMIN_CONF),
                KUBE_VIP_MANIFEST: manifest,
            },
        });
    }
    after.push({
        script: KUBEADM_HA_SCRIPTS.kubeVip,
        uninstallScript: KUBEADM_HA_SCRIPTS.kubeVipUninstall,
        params: {
            NODE_NAME: node,
            KUBE_VIP_MANIFEST: manifest,
            VIP: vip,
            API_PORT: String(cluster.apiEndpoint.port),
            WAIT_SECONDS: input.waitSeconds,
        },
    });
    return { before, after };
}

/**
 * The member step on the init node, before the pool step drains and deletes the Nodes that left
 * (it finds leaving control planes by their Nodes); it runs again whenever the list changes.
 */
export function kubeadmEtcdMembersStep(input: KubeadmHaInput): KubeadmHaStep {
    return {
        script: KUBEADM_HA_SCRIPTS.etcdMembers,
        params: {
            NODE_NAME: input.controls[0],
            CLUSTER: input.cluster.name,
            CONTROL_PLANES: input.controls.join(","),
            WAIT_SECONDS: input.waitSeconds,
        },
    };
}
