/**
 * CloudCore chart values and the endpoint edge nodes join — pure. Keys follow the pinned chart
 * (kubeedge/kubeedge manifests/charts/cloudcore/values.yaml at charts.cloudcore); that chart
 * hard-codes the container ports 10002 (certs), 10003 (stream) and 10004 (tunnel), and only the
 * cloudHub websocket port is configurable.
 */
import { isIp } from "../core/cidr";
import { CLOUDCORE_CONTAINER_PORTS, checkCloudCorePorts, type CloudCorePorts } from "../spec/rules/cloudcore-ports";

/** Namespace CloudCore (and its token secret) lives in. */
export const KUBEEDGE_NAMESPACE = "kubeedge";
/** The secret CloudCore writes the join token to, and its key. */
export const TOKEN_SECRET = { name: "tokensecret", key: "tokendata" } as const;
/** The Secret where CloudCore keeps the CA it makes for the edge nodes (`cadata`: the DER certificate; public). */
export const CA_SECRET = { name: "casecret", key: "cadata" } as const;
/** Labels of the CloudCore pod (the chart's `cloudCore.labels`). */
export const CLOUDCORE_LABELS = { "k8s-app": "kubeedge", kubeedge: "cloudcore" } as const;

/** What the values depend on. */
export interface CloudCoreValuesInput {
    /** Addresses edge nodes reach CloudCore at (first one is used for joining). */
    advertiseAddress: string[];
    /** HostNetwork | NodePort | LoadBalancer. */
    serviceType: string;
    ports: CloudCorePorts;
    /** Needed by EdgeMesh, metaServer and edge-side Cilium. */
    dynamicController: boolean;
    /** KubeEdge version (image tags). */
    version: string;
    /**
     * The cloud node CloudCore must run on: with host networking, the node at the address edge
     * nodes are told to reach (`cloudCoreHostNode`). Unset: wherever the scheduler puts it.
     */
    hostNode?: string;
}

/**
 * Taints CloudCore tolerates when it is pinned to its node: a control plane's, and a node whose
 * network is not ready yet (CloudCore uses the host's network; with `network.cni: none` the user's
 * CNI arrives after `up`, which waits for CloudCore).
 */
const PINNED_TOLERATIONS = [
    "node-role.kubernetes.io/control-plane",
    "node-role.kubernetes.io/master",
    "node.kubernetes.io/not-ready",
].map((key) => ({ key, operator: "Exists", effect: "NoSchedule" }));

/**
 * The cloud node CloudCore has to run on: with `HostNetwork`, edge nodes reach CloudCore at the
 * advertised address, so the pod must run on the node that has it (by default the API host, a
 * control-plane node, where the scheduler would never put it by itself). Other exposures (and an
 * address no node has: a load balancer, a NAT) place nothing.
 */
export function cloudCoreHostNode(
    serviceType: string,
    advertiseAddress: string[],
    nodes: { name: string; host?: string; kubeEdge: boolean }[],
): string | undefined {
    if (serviceType !== "HostNetwork" || advertiseAddress.length === 0) return undefined;
    return nodes.find((n) => !n.kubeEdge && n.host !== undefined && n.host === advertiseAddress[0])?.name;
}

/** The CloudCore chart values. Throws (naming the spec field) when the ports cannot work. */
export function cloudCoreValues(input: CloudCoreValuesInput): Record<string, unknown> {
    const problems = checkCloudCorePorts(input.serviceType, input.ports);
    if (input.advertiseAddress.length === 0 || input.advertiseAddress.some((a) => !a)) {
        problems.push(
            "kubeedge.advertiseAddress is empty (CloudCore exits without " +
                "it) — set it to an address edge nodes reach, or give the cloud cluster an API host",
        );
    }
    if (problems.length > 0)
        throw new Error(`CloudCore cannot be configured:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    const hostNetwork = input.serviceType === "HostNetwork";
    const names = input.advertiseAddress.filter((a) => !isIp(a));
    const tag = `v${input.version}`;
    // The chart's own affinity keeps CloudCore off edge nodes; pinned, it also names the node.
    const placement = input.hostNode
        ? {
              affinity: {
                  nodeAffinity: {
                      requiredDuringSchedulingIgnoredDuringExecution: {
                          nodeSelectorTerms: [
                              {
                                  matchExpressions: [{ key: "node-role.kubernetes.io/edge", operator: "DoesNotExist" }],
                                  matchFields: [{ key: "metadata.name", operator: "In", values: [input.hostNode] }],
                              },
                          ],
                      },
                  },
              },
              tolerations: PINNED_TOLERATIONS,
          }
        : {};
    return {
        cloudCore: {
            hostNetWork: hostNetwork,
            image: { tag },
            ...placement,
            modules: {
                cloudHub: {
                    advertiseAddress: [...input.advertiseAddress],
                    ...(names.length > 0 ? { dnsNames: names } : {}),
                    websocket: {
                        enable: true,
                        port: hostNetwork ? input.ports.cloudHub : CLOUDCORE_CONTAINER_PORTS.cloudHub,
                    },
                },
                dynamicController: { enable: input.dynamicController },
            },
            service: {
                enable: true,
                // The chart renders NodePort only for NodePort; anything else becomes ClusterIP
                // (a LoadBalancer Service is declared beside the release).
                type: input.serviceType === "NodePort" ? "NodePort" : "ClusterIP",
                cloudhubNodePort: String(input.ports.cloudHub),
                cloudhubHttpsNodePort: String(input.ports.certs),
                cloudstreamNodePort: String(input.ports.stream),
                tunnelNodePort: String(input.ports.tunnel),
            },
        },
        iptablesManager: { image: { tag } },
        // The chart's MQTT broker DaemonSet for edge nodes (eclipse-mosquitto 1.6.15, a release the
        // toolkit neither pins nor lists among the edge node's images): edgecore's event bus is
        // only needed by MQTT device mappers and apps, which bring their own broker
        // (docs/network-and-edge.md).
        mosquitto: { enable: false },
    };
}

/** Where an edge node joins: `--cloudcore-ipport`, `--certport`, and the edgeStream tunnel server. */
export interface JoinEndpoint {
    cloudCoreIpPort: string;
    certPort: string;
    tunnelServer: string;
}

/** `host:port`, bracketing IPv6. */
export function hostPort(host: string, port: number): string {
    return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The join endpoint for the first advertise address and the exposed ports. */
export function joinEndpoint(advertiseAddress: string[], ports: CloudCorePorts): JoinEndpoint {
    const host = advertiseAddress[0];
    if (!host) throw new Error("kubeedge.advertiseAddress is empty — edge nodes have nowhere to join");
    return {
        cloudCoreIpPort: hostPort(host, ports.cloudHub),
        certPort: String(ports.certs),
        // keadm writes <host>:10004 itself; set it explicitly so NodePort/LoadBalancer ports work.
        tunnelServer: hostPort(host, ports.tunnel),
    };
}
