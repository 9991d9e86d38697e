/**
 * A fleet-sized raw spec for benchmarks: one cloud cluster and N edge nodes, half of them K3s
 * agents spread over edge clusters of at most 1,000 nodes, half KubeEdge nodes on the cloud
 * cluster. Bare-metal shaped (ssh substrate, pinned host keys) so the model pays for what a real
 * fleet costs; hosts are names under example.net and are never contacted (mocks, preview).
 */
export function fleetSpec(edgeNodes: number, substrate: "ssh" | "sim" = "ssh"): Record<string, unknown> {
    // BENCH_POOL_SIZE=N (ssh only): the K3s agents and KubeEdge nodes in converge pools of about N nodes
    // (`fleet.pools` = ceil(nodes / N) per cluster, components/hosts/fleet-pool.ts); unset: one converge per node.
    const poolSize = substrate === "ssh" ? Number(process.env.BENCH_POOL_SIZE ?? 0) : 0;
    const fleet = (count: number) =>
        poolSize > 0 ? { fleet: { pools: Math.max(1, Math.ceil(count / poolSize)) } } : {};
    // A well-formed ed25519 key (the spec decodes host keys) whose 32 bytes spell out what it is.
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEZMRUVULUJFTkNIIG5vdCBhIHJlYWwgaG9zdCBrZXkA";
    const host = (name: string) => (substrate === "ssh" ? { host: `${name}.fleet.example.net`, hostKey: key } : {});
    const k3sNodes = Math.ceil(edgeNodes / 2);
    const keNodes = edgeNodes - k3sNodes;
    const perCluster = 1000;
    const clusters: Record<string, unknown>[] = [
        {
            name: "cloud",
            tier: "cloud",
            distribution: "kubeadm",
            substrate,
            network: { podCidr: "10.0.0.0/16", serviceCidr: "10.1.0.0/16" },
            cilium: { kubeProxyReplacement: true },
            mesh: { id: 1 },
            nodes: [{ name: "cloud-cp-1", roles: ["control-plane"], ...host("cloud-cp-1") }],
        },
    ];
    for (let c = 0; c * perCluster < k3sNodes; c++) {
        const name = `edge-${c + 1}`;
        const count = Math.min(perCluster, k3sNodes - c * perCluster);
        const nodes: Record<string, unknown>[] = [
            { name: `${name}-server`, roles: ["server"], arch: "arm64", ...host(`${name}-server`) },
        ];
        for (let i = 0; i < count; i++) {
            const n = `${name}-agent-${i + 1}`;
            nodes.push({
                name: n,
                roles: ["agent"],
                arch: "arm64",
                labels: { site: `site-${i % 50}` },
                runtimes: i % 4 === 0 ? ["wasmedge"] : [],
                ...host(n),
            });
        }
        clusters.push({
            name,
            tier: "edge",
            distribution: "k3s",
            substrate,
            // Pod ranges 10.100-10.149, service ranges 10.150-10.199 (100,000 nodes: 50 clusters),
            // clear of the cloud's and of KubeEdge's edge pod subnet (10.88.0.0/16).
            network: { podCidr: `10.${100 + c}.0.0/16`, serviceCidr: `10.${150 + c}.0.0/16` },
            cilium: { kubeProxyReplacement: true },
            mesh: { id: c + 2 },
            nodes,
            ...fleet(count),
        });
    }
    const keNodesSpec = Array.from({ length: keNodes }, (_, i) => ({
        name: `ke-${i + 1}`,
        arch: "arm64",
        labels: { site: `field-${i % 50}` },
        ...host(`ke-${i + 1}`),
    }));
    return {
        ...(substrate === "ssh" ? { ssh: { user: "ops", privateKey: "bench-not-a-real-key" } } : {}),
        clusters,
        kubeedge: keNodes > 0 ? { cloudCluster: "cloud", nodes: keNodesSpec, ...fleet(keNodes) } : undefined,
    };
}
