/**
 * "Bring your own CNI" (`network.cni: none`) as a user of the toolkit does it on a routed LAN: the
 * reference bridge + host-local plugins (the ones the toolkit's CNI plugin archive installs in
 * /opt/cni/bin) with each node's podCIDR, written over SSH, and host-gw routes: every host routes
 * every other node's podCIDR via that node's address. The routes are set by the test harness in
 * the hosts' network namespaces (what a user's router or a routing daemon would do).
 */
import { run } from "../../hosts/harness/shell";
import type { TestHostRun } from "../../hosts/harness/test-hosts";
import { isReady, type Kubectl, type KNode } from "./kubectl";

/** The conflist of one node: a bridge with the node's podCIDR, masquerading leaving the pod network. */
export function bridgeConflist(podCidr: string): string {
    return `${JSON.stringify(
        {
            cniVersion: "1.0.0",
            name: "continuum-real-bridge",
            plugins: [
                {
                    type: "bridge",
                    bridge: "cni0",
                    isGateway: true,
                    ipMasq: false,
                    hairpinMode: true,
                    ipam: { type: "host-local", ranges: [[{ subnet: podCidr }]], routes: [{ dst: "0.0.0.0/0" }] },
                },
                { type: "portmap", capabilities: { portMappings: true } },
            ],
        },
        null,
        2,
    )}\n`;
}

/** Write the conflist on every node (over SSH, as the login user with sudo) and set the routes. */
export async function installOwnCni(hosts: TestHostRun, podCidrs: Record<string, string>): Promise<void> {
    const names = Object.keys(podCidrs);
    await Promise.all(
        names.map(async (n) => {
            const r = await hosts.ssh(
                n,
                "sudo install -d -m 0755 /etc/cni/net.d && sudo tee " +
                    "/etc/cni/net.d/10-continuum-real-bridge.conflist >/dev/null",
                bridgeConflist(podCidrs[n]),
            );
            if (r.status !== 0) throw new Error(`writing the CNI config on ${n} failed: ${r.stderr}`);
        }),
    );
    await setPodRoutes(hosts, podCidrs);
}

/** host-gw: on each host, a route to every other node's podCIDR via that node's LAN address. */
export async function setPodRoutes(hosts: TestHostRun, podCidrs: Record<string, string>): Promise<void> {
    for (const from of Object.keys(podCidrs)) {
        for (const [to, cidr] of Object.entries(podCidrs)) {
            if (to === from) continue;
            const r = await run([
                "ip",
                "-n",
                hosts.host(from).link.netns,
                "route",
                "replace",
                cidr,
                "via",
                hosts.host(to).address,
            ]);
            if (r.status !== 0) throw new Error(`route ${cidr} via ${to} on ${from} failed: ${r.stderr}`);
        }
    }
}

/** Each node's podCIDR once the controller manager has given one to every one of `count` nodes. */
export async function nodePodCidrs(kubectl: Kubectl, count: number, seconds: number): Promise<Record<string, string>> {
    return kubectl.until("a podCIDR on every node", seconds, async () => {
        const nodes = (await kubectl.json<{ items: KNode[] }>(["get", "nodes"])).items;
        if (nodes.length !== count || nodes.some((n) => !n.spec.podCIDR)) return undefined;
        return Object.fromEntries(nodes.map((n) => [n.metadata.name, n.spec.podCIDR as string]));
    });
}

/** The user's own CNI on each of the cluster's `count` nodes, then every one of them Ready. */
export async function ownCniUntilReady(
    hosts: TestHostRun,
    kubectl: Kubectl,
    count: number,
    seconds: { podCidr: number; ready: number },
): Promise<void> {
    await installOwnCni(hosts, await nodePodCidrs(kubectl, count, seconds.podCidr));
    await kubectl.until("every node Ready", seconds.ready, async () => {
        const nodes = (await kubectl.json<{ items: KNode[] }>(["get", "nodes"])).items;
        return nodes.length === count && nodes.every(isReady) ? true : undefined;
    });
}
