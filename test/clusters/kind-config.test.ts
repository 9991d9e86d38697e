import { parse } from "yaml";
import { kindArgsFromSpec } from "../../components/from-spec/local-clusters";
import type { KindClusterArgs } from "../../components/clusters/kind/args";
import {
    KIND_API_VERSION,
    kindApiHost,
    kindConfigYaml,
    kindNodeNames,
    kindStateFiles,
    renderKindConfig,
} from "../../components/clusters/kind/kind-config";
import { CRI_RUNTIME_PLUGIN } from "../../components/runtimes/containerd-config";
import { VERSION_TABLE } from "../../components/version-table";
import { parseToml, runtimesTable } from "../runtimes/toml";
import { clusterNamed, labDocker, specOf } from "./kind-fixtures";

const base = (over: Partial<KindClusterArgs> = {}): KindClusterArgs => ({
    clusterName: "c1",
    podCidr: "10.1.0.0/16",
    serviceCidr: "10.101.0.0/16",
    nodes: [
        { name: "cp", role: "control-plane" },
        { name: "w", role: "worker" },
    ],
    ...over,
});

describe("kind config (kind.x-k8s.io/v1alpha4)", () => {
    const cloud = kindArgsFromSpec(labDocker(), clusterNamed(labDocker(), "cloud"));

    test("lab-docker cloud cluster snapshot", () => {
        expect(kindConfigYaml(renderKindConfig(cloud))).toMatchSnapshot();
    });

    test("the YAML parses back to the rendered object, with the kind header", () => {
        const config = renderKindConfig(cloud);
        expect(parse(kindConfigYaml(config))).toEqual(JSON.parse(JSON.stringify(config)));
        expect(config).toMatchObject({ kind: "Cluster", apiVersion: KIND_API_VERSION, name: "cloud" });
    });

    test("pod and service subnets come from the spec, per cluster", () => {
        expect(renderKindConfig(cloud).networking).toMatchObject({
            podSubnet: "10.10.0.0/16",
            serviceSubnet: "10.110.0.0/16",
        });
        expect(renderKindConfig(base()).networking).toMatchObject({
            podSubnet: "10.1.0.0/16",
            serviceSubnet: "10.101.0.0/16",
        });
    });

    test("Cilium with kube-proxy replacement: no default CNI and no kube-proxy", () => {
        expect(renderKindConfig(base({ ciliumCni: true, kubeProxyReplacement: true })).networking).toMatchObject({
            disableDefaultCNI: true,
            kubeProxyMode: "none",
        });
    });

    test("Cilium without kube-proxy replacement: no default CNI, kube-proxy stays", () => {
        const n = renderKindConfig(base({ ciliumCni: true })).networking;
        expect(n.disableDefaultCNI).toBe(true);
        expect(n.kubeProxyMode).toBeUndefined();
    });

    test("no Cilium: kind's own CNI and kube-proxy", () => {
        const n = renderKindConfig(base()).networking;
        expect(n.disableDefaultCNI).toBeUndefined();
        expect(n.kubeProxyMode).toBeUndefined();
    });

    test("kube-proxy replacement without Cilium is refused", () => {
        expect(() => renderKindConfig(base({ kubeProxyReplacement: true }))).toThrow(
            /kube-proxy replacement needs Cilium/,
        );
    });

    test("roles and the pinned node image on every node", () => {
        const config = renderKindConfig(cloud);
        expect(config.nodes.map((n) => n.role)).toEqual(["control-plane", "worker", "worker"]);
        expect(new Set(config.nodes.map((n) => n.image))).toEqual(new Set([VERSION_TABLE.images.kindNode]));
        expect(VERSION_TABLE.images.kindNode).toMatch(/^kindest\/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    });

    test("a Kubernetes version override picks the matching kindest/node tag", () => {
        const spec = labDocker();
        const args = kindArgsFromSpec({ ...spec, versions: { kubernetes: "1.34.3" } }, clusterNamed(spec, "cloud"));
        expect(renderKindConfig(args).nodes[0].image).toBe("kindest/node:v1.34.3");
    });

    test("node labels: the spec's, the cluster's, tier, cluster, spec name, one per runtime", () => {
        const config = renderKindConfig(
            base({
                nodeLabels: { "example.com/zone": "lab" },
                nodes: [
                    { name: "cp", role: "control-plane" },
                    { name: "w", role: "worker", labels: { site: "a" }, runtimes: ["crun", "kata"] },
                ],
            }),
        );
        expect(config.nodes[1].labels).toEqual({
            "continuum.dev/cluster": "c1",
            "continuum.dev/node": "w",
            "continuum.dev/tier": "cloud",
            "example.com/zone": "lab",
            "runtime.continuum.dev/crun": "true",
            "runtime.continuum.dev/kata": "true",
            site: "a",
        });
        expect(config.nodes[0].labels["runtime.continuum.dev/crun"]).toBeUndefined();
    });

    test("a label the kubelet may not set on itself is refused, naming node and label", () => {
        expect(() =>
            renderKindConfig(
                base({
                    nodes: [{ name: "cp", role: "control-plane", labels: { "node-role.kubernetes.io/edge": "" } }],
                }),
            ),
        ).toThrow(
            /node 'cp' of cluster 'c1': label 'node-role.kubernetes.io\/edge' is in a kubernetes.io\/k8s.io namespace/,
        );
        expect(() =>
            renderKindConfig(
                base({
                    nodes: [
                        {
                            name: "cp",
                            role: "control-plane",
                            labels: { "node.kubernetes.io/pool": "a", "topology.kubernetes.io/zone": "z" },
                        },
                    ],
                }),
            ),
        ).not.toThrow();
    });

    test(
        "containerd patches are version = 2 TOML with the runtime stanzas, " +
            "pointing into the mounted shim directory",
        () => {
            const patches = renderKindConfig(cloud).containerdConfigPatches ?? [];
            expect(patches).toHaveLength(1);
            expect(patches[0].startsWith("version = 2\n")).toBe(true);
            const doc = parseToml(patches[0]);
            const rt = runtimesTable(doc, CRI_RUNTIME_PLUGIN.v2);
            // kata is installed by kata-deploy, which writes its own stanza
            expect(Object.keys(rt)).toEqual(["crun"]);
            expect(rt.crun).toEqual({
                runtime_type: "io.containerd.runc.v2",
                options: { BinaryName: "/opt/continuum/bin/crun", SystemdCgroup: true },
            });
        },
    );

    test("wasmedge names its shim (not on containerd's PATH in a kind node)", () => {
        const config = renderKindConfig(
            base({
                nodes: [
                    { name: "cp", role: "control-plane" },
                    { name: "w", role: "worker", runtimes: ["wasmedge"] },
                ],
            }),
        );
        const rt = runtimesTable(parseToml((config.containerdConfigPatches ?? [])[0]), CRI_RUNTIME_PLUGIN.v2);
        expect(rt.wasmedge).toEqual({
            runtime_type: "io.containerd.wasmedge.v1",
            runtime_path: "/opt/continuum/bin/containerd-shim-wasmedge-v1",
        });
    });

    test("no extra runtimes: no containerd patch and no mounts", () => {
        const config = renderKindConfig(base());
        expect(config.containerdConfigPatches).toBeUndefined();
        expect(config.nodes.every((n) => n.extraMounts === undefined)).toBe(true);
    });

    test("the shim directory is mounted read-only on exactly the nodes with crun or wasmedge", () => {
        const config = renderKindConfig(cloud);
        expect(config.nodes.map((n) => n.extraMounts)).toEqual([
            undefined,
            [{ hostPath: "@CONTINUUM_SHIM_DIR@", containerPath: "/opt/continuum/bin", readOnly: true }],
            [{ hostPath: "@CONTINUUM_SHIM_DIR@", containerPath: "/opt/continuum/bin", readOnly: true }],
        ]);
        const kataOnly = renderKindConfig(
            base({ nodes: [{ name: "cp", role: "control-plane", runtimes: ["kata"], capabilities: ["kvm"] }] }),
        );
        expect(kataOnly.nodes[0].extraMounts).toBeUndefined();
    });

    test("taints: InitConfiguration on the first control plane, JoinConfiguration elsewhere", () => {
        const config = renderKindConfig(
            base({
                nodes: [
                    {
                        name: "cp",
                        role: "control-plane",
                        taints: [{ key: "example.com/dedicated", value: "infra", effect: "NoSchedule" }],
                    },
                    { name: "w", role: "worker", taints: [{ key: "example.com/gpu", effect: "NoExecute" }] },
                ],
            }),
        );
        expect(parse((config.nodes[0].kubeadmConfigPatches ?? [])[0])).toEqual({
            kind: "InitConfiguration",
            nodeRegistration: { taints: [{ key: "example.com/dedicated", value: "infra", effect: "NoSchedule" }] },
        });
        expect(parse((config.nodes[1].kubeadmConfigPatches ?? [])[0])).toEqual({
            kind: "JoinConfiguration",
            nodeRegistration: { taints: [{ key: "example.com/gpu", effect: "NoExecute" }] },
        });
    });

    test("a cluster domain other than cluster.local goes to kubeadm's ClusterConfiguration", () => {
        expect(renderKindConfig(base()).kubeadmConfigPatches).toBeUndefined();
        expect(
            parse((renderKindConfig(base({ clusterDomain: "lab.internal" })).kubeadmConfigPatches ?? [])[0]),
        ).toEqual({ kind: "ClusterConfiguration", networking: { dnsDomain: "lab.internal" } });
    });

    test("registry mirrors: hosts.toml per registry, a config_path patch, the tree mounted on every node", () => {
        const args = base({
            registryMirrors: {
                "docker.io": ["https://mirror.example.com"],
                "registry.example.com:5000": ["https://a.example.com", "https://b.example.com"],
            },
        });
        const config = renderKindConfig(args);
        expect(Object.keys(kindStateFiles(args))).toEqual([
            "certs.d/docker.io/hosts.toml",
            "certs.d/registry.example.com:5000/hosts.toml",
        ]);
        const hosts = parseToml(kindStateFiles(args)["certs.d/registry.example.com:5000/hosts.toml"]);
        expect(hosts).toEqual({
            host: {
                "https://a.example.com": { capabilities: ["pull", "resolve"] },
                "https://b.example.com": { capabilities: ["pull", "resolve"] },
            },
        });
        expect(parseToml((config.containerdConfigPatches ?? [])[0])).toEqual({
            version: 2,
            plugins: {
                "io.containerd.grpc.v1.cri": { registry: { config_path: "/etc/containerd/continuum-certs.d" } },
            },
        });
        for (const n of config.nodes) {
            expect(n.extraMounts).toContainEqual({
                hostPath: "@CONTINUUM_STATE_DIR@/certs.d",
                containerPath: "/etc/containerd/continuum-certs.d",
                readOnly: true,
            });
        }
        expect(() => renderKindConfig(base({ registryMirrors: { "docker.io/library": ["https://m"] } }))).toThrow(
            /is not a registry host/,
        );
    });

    test("host ports are published from the first control-plane node only", () => {
        const config = renderKindConfig(base({ hostPorts: [10000, 10002] }));
        expect(config.nodes[0].extraPortMappings).toEqual([
            { containerPort: 10000, hostPort: 10000, listenAddress: "0.0.0.0", protocol: "TCP" },
            { containerPort: 10002, hostPort: 10002, listenAddress: "0.0.0.0", protocol: "TCP" },
        ]);
        expect(config.nodes[1].extraPortMappings).toBeUndefined();
    });

    test("CloudCore's ports are published when real KubeEdge hosts join the kind cloud cluster", () => {
        const spec = labDocker();
        expect(kindArgsFromSpec(spec, clusterNamed(spec, "cloud")).hostPorts).toEqual([]);
        const withNode = specOf({
            ...spec,
            kubeedge: {
                cloudCluster: "cloud",
                nodes: [{ name: "pi-1", host: "192.0.2.10", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBkk" }],
            },
            ssh: { privateKey: "test-key" },
        });
        expect(kindArgsFromSpec(withNode, clusterNamed(withNode, "cloud")).hostPorts).toEqual([
            10000, 10002, 10003, 10004,
        ]);
    });

    test("node names follow kind's naming; the API host is the control plane or kind's load balancer", () => {
        const nodes = [
            { role: "control-plane" },
            { role: "worker" },
            { role: "worker" },
            { role: "control-plane" },
        ] as const;
        expect(kindNodeNames("lab", nodes)).toEqual([
            "lab-control-plane",
            "lab-worker",
            "lab-worker2",
            "lab-control-plane2",
        ]);
        expect(kindApiHost("lab", nodes.slice(0, 3))).toBe("lab-control-plane");
        expect(kindApiHost("lab", nodes)).toBe("lab-external-load-balancer");
    });

    test("what kind would refuse is refused with the cluster and node named", () => {
        expect(() => renderKindConfig(base({ nodes: [{ name: "s", role: "server" as never }] }))).toThrow(
            /node 's' has role 'server' — kind nodes are 'control-plane' or 'worker'/,
        );
        expect(() => renderKindConfig(base({ nodes: [{ name: "w", role: "worker" }] }))).toThrow(
            /has no control-plane node/,
        );
        expect(() => renderKindConfig(base({ apiServerAddress: "api.example.com" }))).toThrow(
            /publishes the API on an IP address/,
        );
        expect(() =>
            renderKindConfig(
                base({
                    nodes: [
                        { name: "cp", role: "control-plane", arch: "arm64" },
                        { name: "w", role: "worker" },
                    ],
                }),
            ),
        ).toThrow(/share its architecture, but the spec mixes arm64 and amd64/);
        expect(() =>
            renderKindConfig(base({ nodes: [{ name: "cp", role: "control-plane", runtimes: ["gvisor"] }] })),
        ).toThrow(/runtime 'gvisor' is unknown/);
    });
});
