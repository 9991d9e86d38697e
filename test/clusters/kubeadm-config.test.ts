import { parseAllDocuments } from "yaml";
import {
    hostPort,
    renderInitConfig,
    renderJoinConfig,
    renderUpgradeConfig,
    type KubeadmClusterInput,
} from "../../components/clusters/kubeadm/kubeadm-config";
import { renderContainerdConfig, renderRegistryHosts } from "../../components/clusters/kubeadm/containerd-files";
import { kubeadmPreflight } from "../../components/clusters/kubeadm/kubeadm-preflight";
import { caCertHash, caCertHashFromKubeconfig } from "../../components/hosts/ca-hash";
import { NODE_KUBECONFIG, sshSpec, TEST_CA_HASH, TEST_CA_PEM } from "../hosts-unit/ssh-fixtures";

const TOKEN = "abcdef.0123456789abcdef";
const KEY = "a".repeat(64);
const cluster: KubeadmClusterInput = {
    clusterName: "cloud",
    kubernetesVersion: "v1.35.1",
    controlPlaneEndpoint: "api.cloud.example.net:6443",
    podSubnet: "10.10.0.0/16",
    serviceSubnet: "10.110.0.0/16",
    dnsDomain: "cluster.local",
    certSans: ["api.cloud.example.net", "10.0.0.11", "cloud-s1", "10.0.0.11"],
    kubeProxyReplacement: true,
};
const node = {
    nodeName: "cloud-s1",
    host: "10.0.0.11",
    taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" as const }],
};
const docsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe("kubeadm init configuration", () => {
    test("snapshot: HA first control plane with Cilium kube-proxy replacement", () => {
        expect(renderInitConfig(cluster, node, 6443, TOKEN, KEY)).toMatchSnapshot();
    });

    test("podSubnet, serviceSubnet, controlPlaneEndpoint, skipPhases and a systemd kubelet", () => {
        const [init, cc, kubelet] = docsOf(renderInitConfig(cluster, node, 6443, TOKEN, KEY));
        expect(init.kind).toBe("InitConfiguration");
        expect(init.skipPhases).toEqual(["addon/kube-proxy"]);
        expect(init.localAPIEndpoint).toEqual({ advertiseAddress: "10.0.0.11", bindPort: 6443 });
        expect(cc.networking).toEqual({
            podSubnet: "10.10.0.0/16",
            serviceSubnet: "10.110.0.0/16",
            dnsDomain: "cluster.local",
        });
        expect(cc.controlPlaneEndpoint).toBe("api.cloud.example.net:6443");
        expect(cc.apiServer.certSANs).toEqual(["api.cloud.example.net", "10.0.0.11", "cloud-s1"]);
        expect(kubelet.cgroupDriver).toBe("systemd");
    });

    test("kube-proxy stays without kube-proxy replacement", () => {
        const [init] = docsOf(renderInitConfig({ ...cluster, kubeProxyReplacement: false }, node, 6443, TOKEN, KEY));
        expect(init.skipPhases).toBeUndefined();
    });

    test("a DNS host is not an advertise address", () => {
        const [init] = docsOf(renderInitConfig(cluster, { ...node, host: "cp1.example.net" }, 6443, TOKEN, KEY));
        expect(init.localAPIEndpoint).toEqual({ bindPort: 6443 });
    });

    test("malformed token or certificate key is refused", () => {
        expect(() => renderInitConfig(cluster, node, 6443, "nope", KEY)).toThrow(/bootstrap token must look like/);
        expect(() => renderInitConfig(cluster, node, 6443, TOKEN, "xyz")).toThrow(/certificate key must be 32 bytes/);
    });
});

describe("kubeadm join configuration", () => {
    test("snapshot: control-plane join with certificate key", () => {
        expect(
            renderJoinConfig(
                { nodeName: "cloud-s2", host: "10.0.0.12", taints: node.taints },
                "10.0.0.11:6443",
                TOKEN,
                TEST_CA_HASH,
                { apiPort: 6443, certificateKey: KEY },
            ),
        ).toMatchSnapshot();
    });

    test("snapshot: worker join (no controlPlane section)", () => {
        const text = renderJoinConfig(
            { nodeName: "cloud-a1", host: "10.0.0.21", taints: [] },
            "api.cloud.example.net:6443",
            TOKEN,
            TEST_CA_HASH,
            undefined,
        );
        expect(text).toMatchSnapshot();
        expect(docsOf(text)[0].controlPlane).toBeUndefined();
    });

    test("a join without a CA hash is refused", () => {
        expect(() => renderJoinConfig({ nodeName: "w", host: "h" }, "x:6443", TOKEN, "sha256:", undefined)).toThrow(
            /node 'w': CA certificate hash/,
        );
    });
});

describe("kubeadm upgrade configuration", () => {
    test("skips the kube-proxy addon with kube-proxy replacement", () => {
        expect(renderUpgradeConfig(cluster)).toMatchSnapshot();
        expect(
            docsOf(renderUpgradeConfig({ ...cluster, kubeProxyReplacement: false }))[0].apply.skipPhases,
        ).toBeUndefined();
    });
});

describe("containerd files", () => {
    test("SystemdCgroup matches the kubelet's systemd driver; conf.d imported; certs.d for mirrors", () => {
        const text = renderContainerdConfig(true);
        expect(text).toMatchSnapshot();
        expect(text).toContain("SystemdCgroup = true");
        expect(text).toContain('imports = ["/etc/containerd/conf.d/*.toml"]');
    });

    test("registry mirrors become hosts.toml files", () => {
        expect(
            renderRegistryHosts({
                "docker.io": ["https://m1.example.net"],
                "registry.example.net:5000": ["https://m2.example.net"],
            }),
        ).toMatchSnapshot();
        expect(() => renderRegistryHosts({ "bad/name": ["https://x"] })).toThrow(
            /registry mirror key 'bad\/name' is not a registry host/,
        );
    });
});

describe("CA hash", () => {
    test("matches openssl's SPKI sha256 of the CA", () => {
        expect(caCertHash(TEST_CA_PEM)).toBe(TEST_CA_HASH);
        expect(caCertHashFromKubeconfig(NODE_KUBECONFIG)).toBe(TEST_CA_HASH);
    });
    test("a kubeconfig without a CA is refused", () => {
        expect(() => caCertHashFromKubeconfig("clusters: [{cluster: {server: x}}]")).toThrow(
            /no certificate-authority-data/,
        );
    });
});

describe("kubeadm preflight requirements", () => {
    const nodes = sshSpec("kubeadm").clusters[0].nodes;
    test("control plane: 2 GiB, swap off, control-plane ports", () => {
        const r = kubeadmPreflight(nodes[0], true, 6443, true);
        expect(r.minMemoryMiB).toBe(2048);
        expect(r.swapOff).toBe(true);
        expect(r.ports).toEqual([6443, 2379, 2380, 10250, 10257, 10259]);
        expect(r.tools).toContain("runc");
    });
    test("worker without kube-proxy replacement also needs kube-proxy's port", () => {
        expect(kubeadmPreflight(nodes[3], false, 6443, false).ports).toEqual([10250, 10256]);
    });
    test("IPv6 endpoints are bracketed", () => {
        expect(hostPort("fd00::1", 6443)).toBe("[fd00::1]:6443");
        expect(hostPort("10.0.0.1", 6443)).toBe("10.0.0.1:6443");
    });
});
