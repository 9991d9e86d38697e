import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { msToNanos, renderDevices, DEVICES_API_VERSION } from "../../components/edge/devices";
import { parseSpec } from "../../components/spec/parse";
import { readStackSpec } from "../../components/spec/stack-file";

const crdDir = path.join(__dirname, "fixtures", "kubeedge-v1.23.0-device-crds");

/** The v1beta1 openAPIV3Schema of a CRD file, as a JSON schema for the whole object. */
function crdSchema(file: string): Record<string, unknown> {
    const crd = parse(fs.readFileSync(path.join(crdDir, file), "utf8")) as {
        spec: { versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] };
    };
    const v = crd.spec.versions.find((x) => x.name === "v1beta1");
    if (!v) throw new Error(`${file} has no v1beta1`);
    return v.schema.openAPIV3Schema;
}

/** Kubernetes structural schemas prune unknown fields; make ajv reject them instead (so a typo fails). */
function closed(s: unknown): unknown {
    if (Array.isArray(s)) return s.map(closed);
    if (!s || typeof s !== "object") return s;
    const o = Object.fromEntries(
        Object.entries(s).map(([k, v]) => [
            k,
            k === "properties"
                ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, closed(pv)]))
                : closed(v),
        ]),
    );
    if (
        o.type === "object" &&
        o.properties &&
        !o["x-kubernetes-preserve-unknown-fields"] &&
        o.additionalProperties === undefined
    ) {
        // metadata is validated by the API server, not the CRD schema
        o.additionalProperties = false;
    }
    return o;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// The integer formats Kubernetes uses in CRD schemas.
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
const schemaOf = (file: string) => {
    const s = closed(crdSchema(file)) as Record<string, unknown>;
    (s.properties as Record<string, unknown>).metadata = { type: "object" };
    return ajv.compile(s);
};
const validModel = schemaOf("devices_v1beta1_devicemodel.yaml");
const validDevice = schemaOf("devices_v1beta1_device.yaml");

const labSpec = () => {
    const r = parseSpec(readStackSpec(path.join(__dirname, "..", "..", "stacks", "Pulumi.lab.yaml")), {
        fromFile: true,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.spec;
};

describe("KubeEdge devices", () => {
    const models = [
        {
            name: "thermometer",
            protocol: "modbus",
            properties: [
                { name: "temperature", type: "float" as const, accessMode: "ReadOnly" as const, unit: "celsius" },
                {
                    name: "setpoint",
                    type: "int" as const,
                    accessMode: "ReadWrite" as const,
                    minimum: "0",
                    maximum: "100",
                },
            ],
        },
    ];
    const devices = [
        {
            name: "thermo-1",
            model: "thermometer",
            node: "ke-gateway-1",
            protocolConfig: { slaveID: 1 },
            properties: [{ name: "temperature", collectCycleMs: 5000, reportCycleMs: 10000, reportToCloud: true }],
        },
    ];
    const objects = renderDevices(models, devices, "default");

    it("renders v1beta1 objects that validate against the KubeEdge 1.23 CRD schemas", () => {
        expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
            `${DEVICES_API_VERSION} DeviceModel/thermometer`,
            `${DEVICES_API_VERSION} Device/thermo-1`,
        ]);
        expect(validModel(objects[0])).toBe(true);
        expect(validModel.errors ?? []).toEqual([]);
        expect(validDevice(objects[1])).toBe(true);
        expect(validDevice.errors ?? []).toEqual([]);
    });

    it("binds each device to its edge node and model, with cycles in nanoseconds", () => {
        const spec = objects[1].spec as {
            nodeName: string;
            deviceModelRef: { name: string };
            protocol: { protocolName: string; configData: unknown };
            properties: { collectCycle: number; reportCycle: number }[];
        };
        expect(spec.nodeName).toBe("ke-gateway-1");
        expect(spec.deviceModelRef).toEqual({ name: "thermometer" });
        expect(spec.protocol).toEqual({ protocolName: "modbus", configData: { slaveID: 1 } });
        expect(spec.properties[0].collectCycle).toBe(5_000_000_000);
        expect(spec.properties[0].reportCycle).toBe(10_000_000_000);
    });

    it("writes property types the way the CRD enumerates them", () => {
        const types = (objects[0].spec.properties as { type: string }[]).map((p) => p.type);
        expect(types).toEqual(["FLOAT", "INT"]);
    });

    it("the schema check is not toothless", () => {
        const bad = structuredClone(objects[1]);
        (bad.spec.properties as Record<string, unknown>[])[0].collectCycle = "5s";
        expect(validDevice(bad)).toBe(false);
        const typo = structuredClone(objects[1]);
        (typo.spec as Record<string, unknown>).nodename = "x";
        expect(validDevice(typo)).toBe(false);
        const lower = structuredClone(objects[0]);
        (lower.spec.properties as Record<string, unknown>[])[0].type = "float";
        expect(validModel(lower)).toBe(false);
    });

    it("refuses a device whose model or property is missing, naming both", () => {
        expect(() => renderDevices([], devices)).toThrow(
            /device 'thermo-1': DeviceModel 'thermometer' is not declared/,
        );
        expect(() =>
            renderDevices(models, [
                {
                    ...devices[0],
                    properties: [{ name: "humidity", collectCycleMs: 1, reportCycleMs: 1, reportToCloud: true }],
                },
            ]),
        ).toThrow(/model 'thermometer' has no property 'humidity'/);
        expect(() => msToNanos(Number.MAX_SAFE_INTEGER)).toThrow(/does not fit/);
    });

    it("the lab stack's devices render and validate", () => {
        const ke = labSpec().kubeedge;
        expect(ke).toBeDefined();
        const rendered = renderDevices(ke!.deviceModels, ke!.devices);
        expect(rendered.length).toBe(ke!.deviceModels.length + ke!.devices.length);
        for (const o of rendered) {
            const check = o.kind === "Device" ? validDevice : validModel;
            expect(check(o)).toBe(true);
        }
    });
});
