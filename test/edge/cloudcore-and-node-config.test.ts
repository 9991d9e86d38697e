import { parseToml } from "../runtimes/toml";
import { cloudCoreValues, hostPort, joinEndpoint } from "../../components/edge/cloudcore-values";
import { checkCloudCorePorts, type CloudCorePorts } from "../../components/spec/rules/cloudcore-ports";
import {
    checkEdgeSubnet,
    containerdConfig,
    edgeCniConflist,
    joinLabels,
    joinParams,
    keadmMap,
    runtimeParams,
} from "../../components/edge/edge-node-config";
import { edgeAffinityPatch, edgeAffinityPatchTargets } from "../../components/edge/edge-affinity";
import { edgeMeshRelays, edgeMeshValues } from "../../components/edge/edgemesh";

const DEFAULT_PORTS: CloudCorePorts = { cloudHub: 10000, certs: 10002, stream: 10003, tunnel: 10004 };
const get = (v: unknown, p: string): unknown =>
    p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v);

describe("CloudCore values", () => {
    const base = {
        advertiseAddress: ["192.0.2.10"],
        serviceType: "HostNetwork",
        ports: DEFAULT_PORTS,
        dynamicController: false,
        version: "1.23.0",
    };

    it("sets cloudHub.advertiseAddress (CloudCore exits without it) and pins the image tags", () => {
        const v = cloudCoreValues(base);
        expect(get(v, "cloudCore.modules.cloudHub.advertiseAddress")).toEqual(["192.0.2.10"]);
        expect(get(v, "cloudCore.image.tag")).toBe("v1.23.0");
        expect(get(v, "iptablesManager.image.tag")).toBe("v1.23.0");
        expect(() => cloudCoreValues({ ...base, advertiseAddress: [] })).toThrow(
            /advertiseAddress is empty \(CloudCore exits without it\)/,
        );
        expect(() => cloudCoreValues({ ...base, advertiseAddress: [""] })).toThrow(/advertiseAddress is empty/);
    });

    it("enables dynamicController when asked (EdgeMesh)", () => {
        expect(
            get(cloudCoreValues({ ...base, dynamicController: true }), "cloudCore.modules.dynamicController.enable"),
        ).toBe(true);
        expect(get(cloudCoreValues(base), "cloudCore.modules.dynamicController.enable")).toBe(false);
    });

    it("puts DNS advertise addresses into the certificate's dnsNames", () => {
        const v = cloudCoreValues({ ...base, advertiseAddress: ["cloudcore.example.net", "192.0.2.10"] });
        expect(get(v, "cloudCore.modules.cloudHub.dnsNames")).toEqual(["cloudcore.example.net"]);
        expect(get(cloudCoreValues(base), "cloudCore.modules.cloudHub.dnsNames")).toBeUndefined();
    });

    it("HostNetwork: host network, the cloudHub port is the websocket port", () => {
        const v = cloudCoreValues({ ...base, ports: { ...DEFAULT_PORTS, cloudHub: 11000 } });
        expect(get(v, "cloudCore.hostNetWork")).toBe(true);
        expect(get(v, "cloudCore.modules.cloudHub.websocket.port")).toBe(11000);
        expect(get(v, "cloudCore.service.type")).toBe("ClusterIP");
    });

    it("NodePort: the spec ports become the Service NodePorts, the container keeps 10000", () => {
        const ports = { cloudHub: 30000, certs: 30002, stream: 30003, tunnel: 30004 };
        const v = cloudCoreValues({ ...base, serviceType: "NodePort", ports });
        expect(get(v, "cloudCore.hostNetWork")).toBe(false);
        expect(get(v, "cloudCore.service.type")).toBe("NodePort");
        expect([
            get(v, "cloudCore.service.cloudhubNodePort"),
            get(v, "cloudCore.service.cloudhubHttpsNodePort"),
            get(v, "cloudCore.service.cloudstreamNodePort"),
            get(v, "cloudCore.service.tunnelNodePort"),
        ]).toEqual(["30000", "30002", "30003", "30004"]);
        expect(get(v, "cloudCore.modules.cloudHub.websocket.port")).toBe(10000);
    });

    it.each<[string, string, CloudCorePorts, RegExp]>([
        [
            "HostNetwork with a moved certs port",
            "HostNetwork",
            { ...DEFAULT_PORTS, certs: 12002 },
            /kubeedge.ports.certs is 12002.*fixed by the chart/,
        ],
        [
            "NodePort with the default ports",
            "NodePort",
            DEFAULT_PORTS,
            /kubeedge.ports.cloudHub is 10000, but with serviceType NodePort.*30000–32767/,
        ],
        ["duplicate ports", "LoadBalancer", { cloudHub: 1, certs: 1, stream: 2, tunnel: 3 }, /four different ports/],
        ["unknown exposure", "Ingress", DEFAULT_PORTS, /serviceType 'Ingress' is not one of/],
    ])("refuses %s", (_what, serviceType, ports, message) => {
        expect(checkCloudCorePorts(serviceType, ports).join("\n")).toMatch(message);
        expect(() => cloudCoreValues({ ...base, serviceType, ports })).toThrow(/CloudCore cannot be configured/);
    });

    it("edge nodes join the first advertise address on the exposed ports, tunnel included", () => {
        expect(
            joinEndpoint(["192.0.2.10", "x"], { cloudHub: 30000, certs: 30002, stream: 30003, tunnel: 30004 }),
        ).toEqual({
            cloudCoreIpPort: "192.0.2.10:30000",
            certPort: "30002",
            tunnelServer: "192.0.2.10:30004",
        });
        expect(hostPort("2001:db8::1", 10000)).toBe("[2001:db8::1]:10000");
    });
});

describe("edge node configuration", () => {
    it("containerd's runc cgroup driver follows the edge node's (systemd ⇒ SystemdCgroup = true)", () => {
        const sys = parseToml(containerdConfig("systemd"));
        const fs = parseToml(containerdConfig("cgroupfs"));
        type Cri = {
            containerd: { runtimes: { runc: { options: { SystemdCgroup: boolean } } } };
            cni: { conf_dir: string };
        };
        const cri = (doc: Record<string, unknown>) =>
            (doc.plugins as Record<string, Cri>)["io.containerd.cri.v1.runtime"];
        expect(cri(sys).containerd.runtimes.runc.options.SystemdCgroup).toBe(true);
        expect(cri(fs).containerd.runtimes.runc.options.SystemdCgroup).toBe(false);
        expect(cri(sys).cni.conf_dir).toBe("/etc/cni/net.d");
        expect(sys.version).toBe(3);
        expect(sys.imports).toEqual(["/etc/containerd/conf.d/*.toml"]);
        expect(() => containerdConfig("systemdd")).toThrow(/cgroup driver 'systemdd' is not systemd or cgroupfs/);
    });

    it("the CNI conflist is valid JSON with a bridge over the given subnet", () => {
        const c = JSON.parse(edgeCniConflist("10.88.0.0/16")) as {
            cniVersion: string;
            plugins: { type: string; ipam?: { ranges: { subnet: string }[][] } }[];
        };
        expect(c.cniVersion).toBe("1.0.0");
        expect(c.plugins.map((p) => p.type)).toEqual(["bridge", "portmap"]);
        expect(c.plugins[0].ipam?.ranges[0][0].subnet).toBe("10.88.0.0/16");
        expect(() => edgeCniConflist("10.88.0.0")).toThrow(/edge pod subnet: '10.88.0.0' is not a CIDR/);
    });

    it("the edge pod subnet must not overlap a cluster range", () => {
        expect(checkEdgeSubnet("10.88.0.0/16", [{ what: "cluster 'cloud' podCidr", cidr: "10.10.0.0/16" }])).toEqual(
            [],
        );
        expect(
            checkEdgeSubnet("10.88.0.0/16", [{ what: "cluster 'cloud' podCidr", cidr: "10.0.0.0/8" }]).join(),
        ).toMatch(/overlaps cluster 'cloud' podCidr \(10.0.0.0\/8\)/);
    });

    it("join parameters carry the node, endpoint, version, cgroup driver and labels — and no token", () => {
        const p = joinParams({
            nodeName: "ke-gateway-1",
            endpoint: { cloudCoreIpPort: "192.0.2.10:10000", certPort: "10002", tunnelServer: "192.0.2.10:10004" },
            kubeedgeVersion: "1.23.0",
            cgroupDriver: "systemd",
            labels: { site: "field-1", "continuum.dev/tier": "edge" },
        });
        expect(p).toEqual({
            EDGENODE_NAME: "ke-gateway-1",
            CLOUDCORE_IPPORT: "192.0.2.10:10000",
            CERT_PORT: "10002",
            TUNNEL_SERVER: "192.0.2.10:10004",
            KUBEEDGE_VERSION: "v1.23.0",
            CGROUP_DRIVER: "systemd",
            REMOTE_RUNTIME_ENDPOINT: "unix:///run/containerd/containerd.sock",
            LABELS: "continuum.dev/tier=edge,site=field-1",
        });
        expect(Object.keys(p)).not.toContain("TOKEN");
        expect(joinLabels({})).toBe("");
        expect(
            joinParams({
                nodeName: "ke-gateway-1",
                endpoint: { cloudCoreIpPort: "192.0.2.10:10000", certPort: "10002", tunnelServer: "192.0.2.10:10004" },
                kubeedgeVersion: "1.23.0",
                cgroupDriver: "systemd",
                labels: {},
                evictionHard: { "memory.available": "100Mi", "imagefs.available": "5%" },
            }).EVICTION_HARD,
        ).toBe("{imagefs.available:5%,memory.available:100Mi}");
        expect(() => keadmMap({ "nodefs.available": "1000" })).toThrow(/cannot be passed to keadm join --set/);
        expect(() => keadmMap({ "nodefs.available": "1Gi,x:y" })).toThrow(/cannot be passed/);
        expect(Object.keys(runtimeParams("systemd", "10.88.0.0/16")).sort()).toEqual([
            "CNI_CONFLIST",
            "CONTAINERD_CONFIG",
            "CONTAINERD_DROPIN_DIR",
        ]);
    });
});

describe("edge affinity patches", () => {
    it.each<[string, Parameters<typeof edgeAffinityPatchTargets>[0], string[]]>([
        [
            "kubeadm over ssh with kube-proxy",
            { distribution: "kubeadm", substrate: "ssh", ciliumManaged: true, kubeProxyReplacement: false },
            ["kube-system/kube-proxy", "kube-system/coredns"],
        ],
        [
            "kubeadm with kube-proxy replacement",
            { distribution: "kubeadm", substrate: "ssh", ciliumManaged: true, kubeProxyReplacement: true },
            ["kube-system/coredns"],
        ],
        [
            "kind without Cilium: kube-proxy and kindnet",
            { distribution: "kubeadm", substrate: "kind", ciliumManaged: false, kubeProxyReplacement: false },
            ["kube-system/kube-proxy", "kube-system/kindnet", "kube-system/coredns"],
        ],
        [
            "K3s (embedded kube-proxy and flannel)",
            { distribution: "k3s", substrate: "ssh", ciliumManaged: false, kubeProxyReplacement: false },
            [],
        ],
        ["sim", { distribution: "kubeadm", substrate: "sim", ciliumManaged: true, kubeProxyReplacement: false }, []],
        [
            "existing",
            { distribution: "existing", substrate: "existing", ciliumManaged: false, kubeProxyReplacement: false },
            [],
        ],
    ])("%s", (_what, input, want) => {
        expect(edgeAffinityPatchTargets(input).map((t) => `${t.namespace}/${t.name}`)).toEqual(want);
    });

    it("the patch adds node-role.kubernetes.io/edge DoesNotExist and forces only that change", () => {
        const p = edgeAffinityPatch({ namespace: "kube-system", name: "kube-proxy", owner: "kubeadm" });
        expect(get(p, "metadata.annotations")).toEqual({
            "pulumi.com/patchForce": "true",
            "pulumi.com/skipAwait": "true",
        });
        expect(JSON.stringify(get(p, "spec.template.spec.affinity.nodeAffinity"))).toBe(
            JSON.stringify({
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [
                        { matchExpressions: [{ key: "node-role.kubernetes.io/edge", operator: "DoesNotExist" }] },
                    ],
                },
            }),
        );
    });
});

describe("EdgeMesh values", () => {
    it("pins the agent image and relays through the cloud nodes that have an address", () => {
        const relays = edgeMeshRelays({
            nodes: [
                {
                    name: "cp",
                    host: "192.0.2.10",
                    kubeEdge: false,
                    roles: [],
                    arch: "amd64",
                    labels: {},
                    capabilities: [],
                    runtimes: [],
                },
                {
                    name: "ke",
                    host: "192.0.2.99",
                    kubeEdge: true,
                    roles: [],
                    arch: "amd64",
                    labels: {},
                    capabilities: [],
                    runtimes: [],
                },
                { name: "w", kubeEdge: false, roles: [], arch: "amd64", labels: {}, capabilities: [], runtimes: [] },
            ],
        });
        expect(relays).toEqual([{ nodeName: "cp", advertiseAddress: ["192.0.2.10"] }]);
        const v = edgeMeshValues("1.17.0", relays);
        expect(get(v, "agent.image")).toBe("kubeedge/edgemesh-agent:v1.17.0");
        expect(get(v, "agent.relayNodes")).toEqual([{ nodeName: "cp", advertiseAddress: ["192.0.2.10"] }]);
        expect(JSON.stringify(v)).not.toContain("psk");
    });
});
