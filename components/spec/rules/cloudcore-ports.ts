/**
 * CloudCore's ports as the spec sets them, checked against what the pinned chart allows: it
 * hard-codes the container ports 10002 (certs), 10003 (stream) and 10004 (tunnel) and only the
 * cloudHub websocket port is configurable. The spec rules report these with their YAML path; the
 * CloudCore component refuses the same at preview.
 */

/** Container ports the chart fixes. */
export const CLOUDCORE_CONTAINER_PORTS = { cloudHub: 10000, certs: 10002, stream: 10003, tunnel: 10004 } as const;

/** CloudCore ports as the spec exposes them. */
export interface CloudCorePorts {
    cloudHub: number;
    certs: number;
    stream: number;
    tunnel: number;
}

/** Ports that must hold for the exposure; messages name the spec field and the fix. */
export function checkCloudCorePorts(serviceType: string, ports: CloudCorePorts): string[] {
    const out: string[] = [];
    const names = Object.keys(ports) as (keyof CloudCorePorts)[];
    if (serviceType === "HostNetwork") {
        for (const k of ["certs", "stream", "tunnel"] as const) {
            if (ports[k] !== CLOUDCORE_CONTAINER_PORTS[k]) {
                out.push(
                    `kubeedge.ports.${k} is ${ports[k]}, but with serviceType ` +
                        `HostNetwork CloudCore listens on ${CLOUDCORE_CONTAINER_PORTS[k]} (fixed ` +
                        `by the chart) — set it to ${CLOUDCORE_CONTAINER_PORTS[k]} or use serviceType ` +
                        `NodePort/LoadBalancer`,
                );
            }
        }
    } else if (serviceType === "NodePort") {
        for (const k of names) {
            if (ports[k] < 30000 || ports[k] > 32767) {
                out.push(
                    `kubeedge.ports.${k} is ${ports[k]}, but with serviceType ` +
                        `NodePort the ports are NodePorts — use 30000–32767 (e.g. 30000, 30002, 30003, 30004)`,
                );
            }
        }
    } else if (serviceType !== "LoadBalancer") {
        out.push(`kubeedge.serviceType '${serviceType}' is not one of HostNetwork, NodePort, LoadBalancer`);
    }
    for (const k of names) {
        if (!Number.isInteger(ports[k]) || ports[k] < 1 || ports[k] > 65535)
            out.push(`kubeedge.ports.${k} ${ports[k]} is not a TCP port — use 1–65535`);
    }
    if (new Set(names.map((k) => ports[k])).size !== names.length)
        out.push("kubeedge.ports must be four different ports");
    return out;
}
