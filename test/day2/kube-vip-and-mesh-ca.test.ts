import { parse, parseAllDocuments } from "yaml";
import { renderK3sKubeVip, renderKubeadmKubeVip } from "../../components/day2/kube-vip";
import { meshCaName, planMeshCa, rotationStepProblem, withMeshCaBundle } from "../../components/day2/mesh-ca-rotation";
import { ciliumValues, withMeshCa } from "../../components/network/cilium-values";

const IMAGE = `ghcr.io/kube-vip/kube-vip:v1.0.1@sha256:${"b".repeat(64)}`;

describe("kube-vip", () => {
    it("kubeadm: a static pod holding the VIP by ARP with leader election, reading admin.conf from the host", () => {
        const pod = parse(renderKubeadmKubeVip({ vip: "10.0.0.100", interface: "eth0", port: 6443, image: IMAGE }));
        expect(pod).toMatchObject({
            kind: "Pod",
            metadata: { name: "kube-vip", namespace: "kube-system" },
            spec: { hostNetwork: true },
        });
        const c = pod.spec.containers[0];
        expect(c.image).toBe(IMAGE);
        expect(Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]))).toEqual({
            vip_arp: "true",
            vip_interface: "eth0",
            port: "6443",
            cp_enable: "true",
            cp_namespace: "kube-system",
            vip_leaderelection: "true",
            vip_leasename: "plndr-cp-lock",
            vip_leaseduration: "5",
            vip_renewdeadline: "3",
            vip_retryperiod: "1",
            address: "10.0.0.100",
        });
        expect(pod.spec.volumes).toEqual([
            { name: "kubeconfig", hostPath: { path: "/etc/kubernetes/admin.conf", type: "FileOrCreate" } },
        ]);
        expect(c.securityContext.capabilities.add).toEqual(["NET_ADMIN", "NET_RAW"]);
    });

    it("K3s: RBAC and a DaemonSet on the servers; no interface set means kube-vip detects it", () => {
        const docs = parseAllDocuments(renderK3sKubeVip({ vip: "10.0.0.100", port: 6443, image: IMAGE })).map((d) =>
            d.toJS(),
        );
        expect(docs.map((d) => d.kind)).toEqual(["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "DaemonSet"]);
        const ds = docs[3];
        expect(ds.spec.template.spec.nodeSelector).toEqual({ "node-role.kubernetes.io/control-plane": "true" });
        expect(ds.spec.template.spec.serviceAccountName).toBe("kube-vip");
        const env = ds.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
        expect(env).not.toContain("vip_interface");
        expect(env).toContain("address");
    });

    it("refuses an image without a digest", () => {
        expect(() =>
            renderK3sKubeVip({ vip: "10.0.0.100", port: 6443, image: "ghcr.io/kube-vip/kube-vip:v1.0.1" }),
        ).toThrow(
            "kube-vip image 'ghcr.io/kube-vip/kube-vip:v1.0.1' is not pinned " +
                "by digest — set apiEndpoint.vipImage to <image>@sha256:<digest>",
        );
    });
});

describe("mesh CA rotation in two phases", () => {
    const base = () =>
        withMeshCa(
            ciliumValues({
                clusterName: "edge-a",
                clusterId: 2,
                podCidr: "10.20.0.0/16",
                distribution: "k3s",
                apiHost: "",
                apiPort: 6443,
                kubeProxyReplacement: false,
                routingMode: "tunnel",
                hasKataNodes: false,
            }),
            "U0lHTkVS",
            "S0VZ",
        );

    it("without a rotation the epoch-0 CA signs and no bundle is set (the values stay as they were)", () => {
        expect(planMeshCa(undefined)).toEqual({ cas: [{ epoch: 0, signs: true }], bundle: [] });
        expect(withMeshCaBundle(base(), undefined)).toEqual(base());
        expect(meshCaName("mesh", 0)).toBe("mesh-ca");
    });

    it(
        "trust: the old CA still signs, both are trusted; switch: the new " +
            "one signs, both trusted; done: only the new one",
        () => {
            expect(planMeshCa({ epoch: 1, phase: "trust" })).toEqual({
                cas: [
                    { epoch: 0, signs: true },
                    { epoch: 1, signs: false },
                ],
                bundle: [0, 1],
            });
            expect(planMeshCa({ epoch: 1, phase: "switch" })).toEqual({
                cas: [
                    { epoch: 0, signs: false },
                    { epoch: 1, signs: true },
                ],
                bundle: [0, 1],
            });
            expect(planMeshCa({ epoch: 1, phase: "done" })).toEqual({ cas: [{ epoch: 1, signs: true }], bundle: [] });
            expect(meshCaName("mesh", 1)).toBe("mesh-ca-1");
        },
    );

    it("renders the trust bundle next to the signing CA in the Cilium values", () => {
        const v = withMeshCaBundle(
            base(),
            "-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----\n-----BEGIN " +
                "CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----\n",
        );
        expect(v.tls).toEqual({
            ca: { cert: "U0lHTkVS", key: "S0VZ" },
            caBundle: {
                enabled: true,
                content:
                    "-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----\n-----BEGIN " +
                    "CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----\n",
            },
        });
        expect(v.cluster).toEqual({ name: "edge-a", id: 2 });
    });

    it("goes one phase per up", () => {
        expect(rotationStepProblem(undefined, { epoch: 1, phase: "trust" })).toBeUndefined();
        expect(rotationStepProblem({ epoch: 1, phase: "trust" }, { epoch: 1, phase: "switch" })).toBeUndefined();
        expect(rotationStepProblem({ epoch: 1, phase: "switch" }, { epoch: 1, phase: "done" })).toBeUndefined();
        expect(rotationStepProblem({ epoch: 1, phase: "done" }, { epoch: 2, phase: "trust" })).toBeUndefined();
        expect(rotationStepProblem({ epoch: 1, phase: "switch" }, { epoch: 1, phase: "switch" })).toBeUndefined();
        expect(rotationStepProblem(undefined, { epoch: 1, phase: "switch" })).toBe(
            "the mesh CA is at 0, phase done; going to 1, phase switch skips " +
                "a phase and would leave members with certificates their peers do not trust " +
                "— set mesh.caRotation to { epoch: 1, phase: trust } and run pulumi up, one phase per up",
        );
        expect(rotationStepProblem({ epoch: 1, phase: "trust" }, { epoch: 1, phase: "done" })).toContain(
            "set mesh.caRotation to { epoch: 1, phase: switch }",
        );
    });
});
