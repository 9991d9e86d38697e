/**
 * Akri chart values and Configurations, from the spec. Pure.
 *
 * Chart layout (project-akri/akri deployment/helm, chart 0.13.x): `<handler>.discovery.enabled`
 * deploys a discovery handler DaemonSet (slim agent); `<handler>.configuration.*` renders at
 * most ONE Configuration per handler. The spec allows several Configurations per handler, so
 * the chart's Configuration templates stay off and continuum renders each Configuration the
 * way those templates do: `discoveryDetails` as a YAML *string*, the broker pod with the
 * `{{PLACEHOLDER}}` resource the controller replaces with the instance's resource, instance
 * and configuration services only when a broker image is set. `kubernetesDistro` and
 * `agent.host.containerRuntimeSocket` no longer exist in 0.13.8 and are never set.
 */
import { stringify } from "yaml";
import type { AkriConfigurationSpec, AkriHandler, AkriSpec } from "../spec/akri";
import { distribution, type Distribution } from "../distributions/distribution";

/** The Akri CRD group/version of Configurations and Instances. */
export const AKRI_API_VERSION = "akri.sh/v0";

/** Broker resources per handler: the chart's defaults. */
export const BROKER_RESOURCES: Record<
    AkriHandler,
    { memoryRequest: string; cpuRequest: string; memoryLimit: string; cpuLimit: string }
> = {
    udev: { memoryRequest: "10Mi", cpuRequest: "10m", memoryLimit: "30Mi", cpuLimit: "29m" },
    onvif: { memoryRequest: "98Mi", cpuRequest: "134m", memoryLimit: "400Mi", cpuLimit: "2800m" },
    opcua: { memoryRequest: "76Mi", cpuRequest: "9m", memoryLimit: "200Mi", cpuLimit: "30m" },
};

/**
 * The node label and value that mark a control-plane node: the distribution's (K3s: master=true,
 * where the chart's onlyOnControlPlane would select control-plane="" and match nothing; kubeadm:
 * control-plane=""; an existing cluster: none, the controller is not pinned).
 */
export function controlPlaneSelector(d: Distribution): Record<string, string> {
    return { ...distribution(d).controlSelector };
}

const HANDLERS: readonly AkriHandler[] = ["udev", "onvif", "opcua"];

/** Error for a udev discovery without a rule (the chart's template fails the same way). */
export function udevRuleMissing(where: string): Error {
    return new Error(
        `${where}: udev discovery needs at least one udev rule — add akri.udev.rules: ` +
            `['KERNEL=="video[0-9]*"'] (Akri's udev Configuration fails without one)`,
    );
}

/** Handlers the spec enables (a handler block present, or a Configuration naming it). */
export function enabledHandlers(akri: AkriSpec): AkriHandler[] {
    return HANDLERS.filter((h) => akri[h] !== undefined || akri.configurations.some((c) => c.handler === h));
}

/**
 * The chart values for a cluster. `simulated`: nodes run no pods, so the admission webhook
 * (which would reject every Configuration while its pod is absent), its certificate Job hook
 * and the pre-delete cleanup Job hook (Helm waits for hook Jobs) are left out.
 */
export function akriValues(
    akri: AkriSpec,
    d: Distribution,
    clusterName: string,
    simulated = false,
): Record<string, unknown> {
    const enabled = enabledHandlers(akri);
    if (akri.udev !== undefined && akri.udev.rules.length === 0) throw udevRuleMissing(`cluster '${clusterName}'`);
    const handler = (h: AkriHandler) => ({
        discovery: { enabled: enabled.includes(h) },
        configuration: { enabled: false },
    });
    const values: Record<string, unknown> = {
        useLatestContainers: false,
        useDevelopmentContainers: false,
        controller: {
            enabled: true,
            onlyOnControlPlane: false,
            allowOnControlPlane: true,
            nodeSelectors: controlPlaneSelector(d),
        },
        agent: { enabled: true, full: false },
        udev: handler("udev"),
        onvif: handler("onvif"),
        opcua: handler("opcua"),
        webhookConfiguration: { enabled: !simulated },
        cleanupHook: { enabled: !simulated },
    };
    if (enabled.includes("udev")) {
        (values.udev as Record<string, Record<string, unknown>>).discovery.host = { udev: "/run/udev" };
    }
    return values;
}

const filter = (f: { action: string; items: string[] } | undefined) =>
    f ? { action: f.action, items: [...f.items] } : { action: "Exclude", items: [] };

/** `discoveryDetails` (a YAML string) of one Configuration. */
export function discoveryDetails(akri: AkriSpec, config: AkriConfigurationSpec, clusterName: string): string {
    const where = `cluster '${clusterName}', akri configuration '${config.name}'`;
    switch (config.handler) {
        case "udev":
            if (!akri.udev || akri.udev.rules.length === 0) throw udevRuleMissing(where);
            return stringify({ groupRecursive: false, udevRules: akri.udev.rules });
        case "onvif": {
            const o = akri.onvif;
            if (!o)
                throw new Error(
                    `${where} uses onvif but akri.onvif is not set — add ` +
                        `akri.onvif: {} (optionally with ipAddresses/macAddresses/scopes filters)`,
                );
            return stringify({
                ipAddresses: filter(o.ipAddresses),
                macAddresses: filter(o.macAddresses),
                scopes: filter(o.scopes),
                uuids: filter(undefined),
                discoveryTimeoutSeconds: o.discoveryTimeoutSeconds,
            });
        }
        case "opcua": {
            const u = akri.opcua;
            if (!u || u.discoveryUrls.length === 0) {
                throw new Error(
                    `${where} uses opcua but akri.opcua.discoveryUrls is ` +
                        `empty — add the OPC UA discovery endpoints, e.g. opc.tcp://<host>:4840/`,
                );
            }
            return stringify({
                opcuaDiscoveryMethod: { standard: { discoveryUrls: [...u.discoveryUrls] } },
                applicationNames: filter(undefined),
            });
        }
    }
}

/** The `spec` of one Configuration object. */
export function configurationSpec(
    akri: AkriSpec,
    config: AkriConfigurationSpec,
    clusterName: string,
): Record<string, unknown> {
    const spec: Record<string, unknown> = {
        discoveryHandler: { name: config.handler, discoveryDetails: discoveryDetails(akri, config, clusterName) },
        capacity: config.capacity,
        brokerProperties: {},
    };
    if (config.brokerImage) {
        const r = BROKER_RESOURCES[config.handler];
        spec.brokerSpec = {
            brokerPodSpec: {
                containers: [
                    {
                        name: `${config.name}-broker`,
                        image: config.brokerImage,
                        // The controller replaces {{PLACEHOLDER}} with the instance's extended resource.
                        resources: {
                            requests: { "{{PLACEHOLDER}}": "1", memory: r.memoryRequest, cpu: r.cpuRequest },
                            limits: { "{{PLACEHOLDER}}": "1", memory: r.memoryLimit, cpu: r.cpuLimit },
                        },
                    },
                ],
            },
        };
        const service = {
            type: "ClusterIP",
            ports: [{ name: "grpc", port: 80, protocol: "TCP", targetPort: config.brokerPort }],
        };
        spec.instanceServiceSpec = service;
        spec.configurationServiceSpec = structuredClone(service);
    }
    return spec;
}

/** What a workload requests for devices of a Configuration. */
export interface AkriResourceNames {
    configuration: string;
    handler: string;
    capacity: number;
    /** One device: `akri.sh/<configuration>-<id>` (id: a hash Akri derives per device, plus node for unshared ones). */
    instanceResource: string;
    /** Any device of the Configuration (Configuration-level resource). */
    configurationResource: string;
}

/** Extended resource names of each Configuration. */
export function resourceNames(akri: AkriSpec): AkriResourceNames[] {
    return akri.configurations.map((c) => ({
        configuration: c.name,
        handler: c.handler,
        capacity: c.capacity,
        instanceResource: `akri.sh/${c.name}-<id>`,
        configurationResource: `akri.sh/${c.name}`,
    }));
}
