/**
 * kubeadm HA planning (components/day2/kubeadm-ha.ts, pure): which control plane gets the quorum
 * guard and kube-vip before init, kube-vip after init/join, the member step, and the kube-vip image
 * (the spec's, else the version table's, pinned by digest).
 */
import { parse } from "yaml";
import {
    ADMIN_CONF,
    KUBEADM_HA_SCRIPTS,
    kubeadmControlPlaneSteps,
    kubeadmEtcdMembersStep,
    SUPER_ADMIN_CONF,
    type KubeadmHaInput,
} from "../../components/day2/kubeadm-ha";
import { kubeVipImage } from "../../components/day2/kube-vip";
import { VERSION_TABLE } from "../../components/version-table";
import type { VersionTable } from "../../components/versions";
import { sshSpec } from "../hosts-unit/ssh-fixtures";

const DIGEST = "sha256:108ce6796a05536b54f40f97eb0bc6746ee0c91eb62e8d3261951bb7f342e1fc";
const KUBE_VIP_REF = "ghcr.io/kube-vip/kube-vip:v1.0.0";
const OWN = `registry.example.net/kube-vip:v1.0.0@sha256:${"c".repeat(64)}`;

function input(apiEndpoint: Record<string, unknown> | undefined, controls = ["cloud-s1", "cloud-s2", "cloud-s3"]) {
    const spec = sshSpec("kubeadm", (raw) => {
        if (apiEndpoint) raw.clusters[0].apiEndpoint = apiEndpoint;
    });
    const ha: KubeadmHaInput = { cluster: spec.clusters[0], controls, table: VERSION_TABLE, waitSeconds: "600" };
    return ha;
}
const names = (steps: { script: string }[]) => steps.map((s) => s.script.split("/").pop());
const volumePath = (manifest: string): string => parse(manifest).spec.volumes[0].hostPath.path;

describe("kubeadm HA steps", () => {
    it("the first control plane: the guard and kube-vip (super-admin.conf) before init, kube-vip after", () => {
        const steps = kubeadmControlPlaneSteps(input({ vip: "10.0.0.100", interface: "eth0" }), "cloud-s1");
        expect(names(steps.before)).toEqual(["kubeadm-etcd-quorum-guard.sh", "kubeadm-kube-vip-init.sh"]);
        expect(names(steps.after)).toEqual(["kubeadm-kube-vip.sh"]);
        expect(steps.before[0].params).toEqual({
            NODE_NAME: "cloud-s1",
            CLUSTER: "cloud",
            CONTROL_PLANES: "cloud-s1,cloud-s2,cloud-s3",
        });
        const init = steps.before[1].params;
        expect(volumePath(init.KUBE_VIP_INIT_MANIFEST)).toBe(SUPER_ADMIN_CONF);
        expect(volumePath(init.KUBE_VIP_MANIFEST)).toBe(ADMIN_CONF);
        const after = steps.after[0];
        expect(after.uninstallScript).toBe(KUBEADM_HA_SCRIPTS.kubeVipUninstall);
        expect(after.params.KUBE_VIP_MANIFEST).toBe(init.KUBE_VIP_MANIFEST);
        expect(after.params).toMatchObject({ VIP: "10.0.0.100", API_PORT: "6443", WAIT_SECONDS: "600" });
        // The table's image, by digest; the interface and the VIP in kube-vip's environment.
        const c = parse(after.params.KUBE_VIP_MANIFEST).spec.containers[0];
        expect(c.image).toBe(`ghcr.io/kube-vip/kube-vip:v1.0.0@${DIGEST}`);
        expect(c.env).toEqual(
            expect.arrayContaining([
                { name: "address", value: "10.0.0.100" },
                { name: "vip_interface", value: "eth0" },
                { name: "vip_arp", value: "true" },
                { name: "cp_enable", value: "true" },
                { name: "vip_leaderelection", value: "true" },
            ]),
        );
    });

    it("a joining control plane: kube-vip after the join only; a worker: nothing", () => {
        const i = input({ vip: "10.0.0.100" });
        const s2 = kubeadmControlPlaneSteps(i, "cloud-s2");
        expect(s2.before).toEqual([]);
        expect(names(s2.after)).toEqual(["kubeadm-kube-vip.sh"]);
        expect(kubeadmControlPlaneSteps(i, "cloud-w1")).toEqual({ before: [], after: [] });
    });

    it("without a VIP the first control plane still gets the guard (removing two of three leaves one)", () => {
        const one = kubeadmControlPlaneSteps(input(undefined, ["cloud-s1"]), "cloud-s1");
        expect(names(one.before)).toEqual(["kubeadm-etcd-quorum-guard.sh"]);
        expect(one.before[0].params.CONTROL_PLANES).toBe("cloud-s1");
        expect(one.after).toEqual([]);
    });

    it("the init role moves with the list: the new first gets the guard and the init manifest", () => {
        const i = input({ vip: "10.0.0.100" }, ["cloud-s2", "cloud-s3"]);
        expect(names(kubeadmControlPlaneSteps(i, "cloud-s2").before)).toEqual([
            "kubeadm-etcd-quorum-guard.sh",
            "kubeadm-kube-vip-init.sh",
        ]);
        expect(kubeadmControlPlaneSteps(i, "cloud-s1")).toEqual({ before: [], after: [] });
        expect(kubeadmEtcdMembersStep(i)).toEqual({
            script: KUBEADM_HA_SCRIPTS.etcdMembers,
            params: {
                NODE_NAME: "cloud-s2",
                CLUSTER: "cloud",
                CONTROL_PLANES: "cloud-s2,cloud-s3",
                WAIT_SECONDS: "600",
            },
        });
    });

    it("kube-vip's image: the spec's vipImage wins; a table without a digest is an error naming the field", () => {
        const i = input({ vip: "10.0.0.100", vipImage: OWN });
        expect(kubeVipImage(i.cluster, VERSION_TABLE)).toBe(OWN);
        const bare = input({ vip: "10.0.0.100" });
        const table: VersionTable = {
            ...VERSION_TABLE,
            nodeImages: { ...VERSION_TABLE.nodeImages, kubeVip: { version: "1.0.0", images: [KUBE_VIP_REF] } },
        };
        expect(() => kubeVipImage(bare.cluster, table)).toThrow(
            "cluster 'cloud' apiEndpoint.vip: the version table pins no kube-vip image digest " +
                "— set apiEndpoint.vipImage to <image>@sha256:<digest>",
        );
    });
});
