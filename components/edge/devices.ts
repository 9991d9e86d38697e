/**
 * KubeEdge DeviceModels and Devices (`devices.kubeedge.io/v1beta1`, KubeEdge ≥ 1.15) — pure.
 * Cycles are nanoseconds in the CRD; the spec writes milliseconds.
 */
import type { DeviceModelSpec, DeviceSpec } from "../spec/kubeedge";

export const DEVICES_API_VERSION = "devices.kubeedge.io/v1beta1";

const NANOS_PER_MS = 1_000_000;

/** A Kubernetes object as plain data. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string; labels?: Record<string, string> };
    spec: Record<string, unknown>;
}

/** Milliseconds → the CRD's int64 nanoseconds (refusing values past the safe integer range). */
export function msToNanos(ms: number): number {
    const ns = ms * NANOS_PER_MS;
    if (!Number.isSafeInteger(ns))
        throw new Error(`${ms} ms does not fit a cycle in nanoseconds — use a shorter cycle`);
    return ns;
}

/** One DeviceModel. Property types are upper-case in the CRD (INT, FLOAT, …). */
export function renderDeviceModel(model: DeviceModelSpec, namespace: string): KubeObject {
    return {
        apiVersion: DEVICES_API_VERSION,
        kind: "DeviceModel",
        metadata: { name: model.name, namespace, labels: { "app.kubernetes.io/managed-by": "continuum" } },
        spec: {
            protocol: model.protocol,
            properties: model.properties.map((p) => ({
                name: p.name,
                type: p.type.toUpperCase(),
                accessMode: p.accessMode,
                ...(p.unit !== undefined ? { unit: p.unit } : {}),
                ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
                ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
            })),
        },
    };
}

/** One Device, bound to its edge node, with its model's protocol. */
export function renderDevice(device: DeviceSpec, model: DeviceModelSpec, namespace: string): KubeObject {
    const known = new Set(model.properties.map((p) => p.name));
    for (const p of device.properties) {
        if (!known.has(p.name)) {
            throw new Error(
                `device '${device.name}': model '${model.name}' has no property ` +
                    `'${p.name}' — use one of: ${[...known].join(", ")}`,
            );
        }
    }
    return {
        apiVersion: DEVICES_API_VERSION,
        kind: "Device",
        metadata: { name: device.name, namespace, labels: { "app.kubernetes.io/managed-by": "continuum" } },
        spec: {
            deviceModelRef: { name: model.name },
            nodeName: device.node,
            protocol: { protocolName: model.protocol, configData: { ...device.protocolConfig } },
            properties: device.properties.map((p) => ({
                name: p.name,
                collectCycle: msToNanos(p.collectCycleMs),
                reportCycle: msToNanos(p.reportCycleMs),
                reportToCloud: p.reportToCloud,
                visitors: { protocolName: model.protocol, configData: {} },
            })),
        },
    };
}

/** Every DeviceModel and Device of the spec (models first). Throws on a device whose model is missing. */
export function renderDevices(models: DeviceModelSpec[], devices: DeviceSpec[], namespace = "default"): KubeObject[] {
    const byName = new Map(models.map((m) => [m.name, m]));
    return [
        ...models.map((m) => renderDeviceModel(m, namespace)),
        ...devices.map((d) => {
            const model = byName.get(d.model);
            if (!model)
                throw new Error(
                    `device '${d.name}': DeviceModel '${d.model}' is not declared — ` +
                        `add it under kubeedge.deviceModels`,
                );
            return renderDevice(d, model, namespace);
        }),
    ];
}
