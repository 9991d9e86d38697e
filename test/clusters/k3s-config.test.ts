import {
    renderK3sConfig,
    renderK3sRegistries,
    type K3sNodeConfigInput,
} from "../../components/clusters/k3s/k3s-config";
import { taintString } from "../../components/core/taint";
import { k3sPreflight } from "../../components/clusters/k3s/k3s-preflight";
import { sshSpec } from "../hosts-unit/ssh-fixtures";

const base: K3sNodeConfigInput = {
    role: "server",
    nodeName: "edge-a-s1",
    clusterInit: true,
    podCidr: "10.20.0.0/16",
    serviceCidr: "10.120.0.0/16",
    clusterDomain: "cluster.local",
    tlsSans: ["api.edge-a.example.net", "10.0.0.11", "10.0.0.12", "10.0.0.11"],
    taints: [],
    cilium: true,
    kubeProxyReplacement: true,
};

describe("renderK3sConfig", () => {
    test("first server of an HA cluster with Cilium kube-proxy replacement", () => {
        expect(renderK3sConfig(base)).toMatchSnapshot();
    });

    test("joining server without Cilium (flannel stays)", () => {
        expect(
            renderK3sConfig({
                ...base,
                nodeName: "edge-a-s2",
                clusterInit: false,
                serverUrl: "https://10.0.0.11:6443",
                cilium: false,
                kubeProxyReplacement: false,
            }),
        ).toMatchSnapshot();
    });

    test("agent with taints: no cluster-wide flags", () => {
        const text = renderK3sConfig({
            ...base,
            role: "agent",
            nodeName: "edge-a-a1",
            clusterInit: false,
            serverUrl: "https://api.edge-a.example.net:6443",
            taints: [
                { key: "dedicated", value: "camera", effect: "NoSchedule" },
                { key: "gpu", effect: "NoExecute" },
            ],
        });
        expect(text).toMatchSnapshot();
        expect(text).not.toMatch(/cluster-cidr|tls-san|flannel|cluster-init/);
    });

    test("Cilium without kube-proxy replacement keeps kube-proxy", () => {
        const text = renderK3sConfig({ ...base, kubeProxyReplacement: false });
        expect(text).toContain("flannel-backend: none");
        expect(text).not.toContain("disable-kube-proxy");
    });

    test("the token never goes into config.yaml, only the token file path", () => {
        const text = renderK3sConfig(base);
        expect(text).toContain("token-file: /etc/rancher/k3s/continuum-token");
        expect(text).not.toMatch(/^token:/m);
    });

    test("refuses contradictions with a message naming the node", () => {
        expect(() => renderK3sConfig({ ...base, role: "agent", serverUrl: undefined, clusterInit: false })).toThrow(
            /K3s agent 'edge-a-s1' needs the server URL/,
        );
        expect(() => renderK3sConfig({ ...base, serverUrl: "https://x:6443" })).toThrow(
            /cannot both start the cluster/,
        );
        expect(() => renderK3sConfig({ ...base, role: "master" as never })).toThrow(
            /K3s role 'master' is not server or agent/,
        );
    });

    test("taint strings", () => {
        expect(taintString({ key: "a", value: "b", effect: "NoSchedule" })).toBe("a=b:NoSchedule");
        expect(taintString({ key: "a", effect: "NoExecute" })).toBe("a:NoExecute");
    });
});

describe("renderK3sRegistries", () => {
    test("mirrors from the spec", () => {
        expect(
            renderK3sRegistries({
                "registry.k8s.io": ["https://m2.example.net"],
                "docker.io": ["https://m1.example.net", "https://m1b.example.net"],
            }),
        ).toMatchSnapshot();
    });

    test("no mirrors, no file", () => {
        expect(renderK3sRegistries({})).toBe("");
    });

    test("a mirror without endpoints is refused", () => {
        expect(() => renderK3sRegistries({ "docker.io": [] })).toThrow(/registry mirror 'docker.io' lists no endpoint/);
    });
});

describe("k3sPreflight", () => {
    const nodes = sshSpec("k3s").clusters[0].nodes;
    test("server of an HA cluster: 512 MiB, API + kubelet + etcd ports", () => {
        const r = k3sPreflight(nodes[0], true, true, true);
        expect(r.minMemoryMiB).toBe(512);
        expect(r.ports).toEqual([6443, 10250, 2379, 2380]);
        expect(r.modules).toEqual(["overlay"]);
        expect(r.installedMarker).toBe("k3s-server");
    });
    test("agent with kata: 256 MiB, /dev/kvm, br_netfilter for flannel", () => {
        const r = k3sPreflight(nodes[4], false, true, false);
        expect(r.minMemoryMiB).toBe(256);
        expect(r.kvm).toBe(true);
        expect(r.ports).toEqual([10250]);
        expect(r.modules).toEqual(["overlay", "br_netfilter"]);
    });
});
