import {
    ciliumValues,
    k8sServiceEndpoint,
    withMeshCa,
    EDGE_ROLE_LABEL,
    type CiliumValuesInput,
} from "../../components/network/cilium-values";
import { coveringCidr, cidrFamily } from "../../components/core/cidr";

const base: CiliumValuesInput = {
    clusterName: "cloud",
    clusterId: 1,
    podCidr: "10.10.0.0/16",
    distribution: "kubeadm",
    apiHost: "192.0.2.10",
    apiPort: 6443,
    kubeProxyReplacement: false,
    routingMode: "tunnel",
    hasKataNodes: false,
};

const get = (v: unknown, path: string): unknown =>
    path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v);

describe("ciliumValues", () => {
    it("names the cluster and uses the spec's pod CIDR as the only IPAM pool", () => {
        const v = ciliumValues({ ...base, clusterName: "edge-a", clusterId: 2, podCidr: "10.20.0.0/16" });
        expect(v.cluster).toEqual({ name: "edge-a", id: 2 });
        expect(get(v, "ipam.mode")).toBe("cluster-pool");
        expect(get(v, "ipam.operator.clusterPoolIPv4PodCIDRList")).toEqual(["10.20.0.0/16"]);
        expect(get(v, "ipam.operator.clusterPoolIPv4MaskSize")).toBe(24);
        expect(JSON.stringify(v)).not.toContain("10.0.0.0/8");
    });

    it("two clusters never share a pool or an id", () => {
        const a = ciliumValues(base);
        const b = ciliumValues({ ...base, clusterName: "edge", clusterId: 2, podCidr: "10.20.0.0/16" });
        expect(get(a, "ipam.operator.clusterPoolIPv4PodCIDRList")).not.toEqual(
            get(b, "ipam.operator.clusterPoolIPv4PodCIDRList"),
        );
        expect(get(a, "cluster.id")).not.toBe(get(b, "cluster.id"));
    });

    it("kube-proxy replacement is the boolean true with the kubeadm control-plane endpoint, never 'strict'", () => {
        const v = ciliumValues({ ...base, kubeProxyReplacement: true });
        expect(v.kubeProxyReplacement).toBe(true);
        expect(v.k8sServiceHost).toBe("192.0.2.10");
        expect(v.k8sServicePort).toBe(6443);
        expect(JSON.stringify(v)).not.toContain("strict");
    });

    it("on K3s the agent reaches the API through the node-local load balancer 127.0.0.1:6444", () => {
        const v = ciliumValues({ ...base, distribution: "k3s", apiHost: "198.51.100.7", kubeProxyReplacement: true });
        expect([v.k8sServiceHost, v.k8sServicePort]).toEqual(["127.0.0.1", 6444]);
        expect(k8sServiceEndpoint("kubeadm", "cp.example", 8443, "x")).toEqual({ host: "cp.example", port: 8443 });
    });

    it("without kube-proxy replacement sets false explicitly and no service host", () => {
        const v = ciliumValues(base);
        expect(v.kubeProxyReplacement).toBe(false);
        expect(v).not.toHaveProperty("k8sServiceHost");
    });

    it("refuses kube-proxy replacement on kubeadm without an API host, naming the cluster", () => {
        expect(() => ciliumValues({ ...base, apiHost: "", kubeProxyReplacement: true })).toThrow(
            /cluster 'cloud'.*apiEndpoint.host/,
        );
    });

    it("limits socket LB to the host namespace only when the cluster has Kata nodes", () => {
        expect(ciliumValues({ ...base, hasKataNodes: true }).socketLB).toEqual({ hostNamespaceOnly: true });
        expect(ciliumValues(base)).not.toHaveProperty("socketLB");
    });

    it("keeps agent, envoy, operator (and the clustermesh-apiserver) off KubeEdge edge nodes", () => {
        const v = ciliumValues({
            ...base,
            mesh: {
                serviceType: "NodePort",
                nodePort: 32379,
                maxConnectedClusters: 255,
                peers: [],
                serverDnsNames: [],
                serverIps: [],
            },
        });
        for (const path of ["affinity", "envoy.affinity", "operator.affinity", "clustermesh.apiserver.affinity"]) {
            const terms = get(
                v,
                `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
            ) as { matchExpressions: { key: string; operator: string }[] }[];
            expect(terms).toHaveLength(1);
            expect(terms[0].matchExpressions).toContainEqual({ key: EDGE_ROLE_LABEL, operator: "DoesNotExist" });
        }
        // envoy keeps the chart's own no-schedule expression (lists are replaced, not merged, by Helm)
        expect(JSON.stringify(get(v, "envoy.affinity"))).toContain("cilium.io/no-schedule");
    });

    it("native routing sets the non-masqueraded range and direct routes; tunnel uses vxlan", () => {
        const n = ciliumValues({ ...base, routingMode: "native", nativeRoutingCidr: "10.0.0.0/11" });
        expect(n.ipv4NativeRoutingCIDR).toBe("10.0.0.0/11");
        expect(n.autoDirectNodeRoutes).toBe(true);
        expect(ciliumValues(base).tunnelProtocol).toBe("vxlan");
    });

    it("IPv6 pod CIDRs go to the IPv6 pool", () => {
        const v = ciliumValues({ ...base, podCidr: "fd00:10::/56" });
        expect(get(v, "ipam.operator.clusterPoolIPv6PodCIDRList")).toEqual(["fd00:10::/56"]);
        expect(get(v, "ipv6.enabled")).toBe(true);
        expect(get(v, "ipv4.enabled")).toBe(false);
    });

    it("refuses a pod CIDR too small for per-node /24 blocks", () => {
        expect(() => ciliumValues({ ...base, podCidr: "10.10.0.0/24" })).toThrow(
            /cluster 'cloud'.*too small.*\/20 or wider/,
        );
    });

    it("adds the mesh CA under tls.ca without touching the rest", () => {
        const v = withMeshCa(ciliumValues(base), "Q0VSVA==", "S0VZ");
        expect(v.tls).toEqual({ ca: { cert: "Q0VSVA==", key: "S0VZ" } });
        expect(v.cluster).toEqual({ name: "cloud", id: 1 });
    });
});

describe("cidr helpers", () => {
    it.each([
        [["10.10.0.0/16", "10.20.0.0/16", "10.30.0.0/16"], "10.0.0.0/11"],
        [["10.10.0.0/16"], "10.10.0.0/16"],
        [["10.10.0.0/16", "10.10.128.0/17"], "10.10.0.0/16"],
        [["192.168.0.0/24", "192.168.1.0/24"], "192.168.0.0/23"],
        [["fd00:0:0:100::/56", "fd00:0:0:200::/56"], "fd00::/54"],
    ])("coveringCidr(%j) = %s", (input, want) => {
        expect(coveringCidr(input)).toBe(want);
    });

    it("refuses to cover mixed families and reports bad CIDRs by name", () => {
        expect(() => coveringCidr(["10.0.0.0/8", "fd00::/8"])).toThrow(/mix IPv4 and IPv6/);
        expect(() => cidrFamily("10.0.0.0", "cluster 'x' podCidr")).toThrow(
            /cluster 'x' podCidr: '10.0.0.0' is not a CIDR/,
        );
    });
});
