import { parse } from "yaml";
import { akriSchema, type AkriSpec } from "../../components/spec/akri";
import {
    akriValues,
    configurationSpec,
    controlPlaneSelector,
    discoveryDetails,
    enabledHandlers,
    resourceNames,
} from "../../components/discovery/akri-values";

const lab = (): AkriSpec =>
    akriSchema.parse({
        udev: { rules: ['KERNEL=="video[0-9]*"'] },
        onvif: {
            discoveryTimeoutSeconds: 2,
            ipAddresses: { action: "Include", items: ["10.1.0.0/24"] },
            macAddresses: { items: ["aa:bb:cc:dd:ee:ff"] },
        },
        opcua: { discoveryUrls: ["opc.tcp://plc.factory:4840/"] },
        configurations: [
            {
                name: "cameras-usb",
                handler: "udev",
                capacity: 1,
                brokerImage: "ghcr.io/project-akri/akri/udev-video-broker:v0.13.8",
            },
            { name: "cameras-ip", handler: "onvif", capacity: 2 },
            {
                name: "plc-servers",
                handler: "opcua",
                capacity: 1,
                brokerPort: 9000,
                brokerImage: "ghcr.io/example/opcua-broker:1.0",
            },
        ],
    });

const cfg = (a: AkriSpec, name: string) => {
    const c = a.configurations.find((x) => x.name === name);
    if (!c) throw new Error(`fixture: no configuration ${name}`);
    return c;
};

describe("Akri chart values", () => {
    test("per handler: discovery DaemonSets on, chart Configurations off, no removed keys", () => {
        const v = akriValues(lab(), "k3s", "edge-a");
        expect(v.udev).toEqual({
            discovery: { enabled: true, host: { udev: "/run/udev" } },
            configuration: { enabled: false },
        });
        expect(v.onvif).toEqual({ discovery: { enabled: true }, configuration: { enabled: false } });
        expect(v.opcua).toEqual({ discovery: { enabled: true }, configuration: { enabled: false } });
        expect(v).not.toHaveProperty("kubernetesDistro");
        expect(JSON.stringify(v)).not.toContain("containerRuntimeSocket");
    });

    test("real clusters keep the admission webhook and cleanup hook; sim drops what waits for pods", () => {
        expect(akriValues(lab(), "k3s", "c")).toMatchObject({
            webhookConfiguration: { enabled: true },
            cleanupHook: { enabled: true },
        });
        expect(akriValues(lab(), "k3s", "c", true)).toMatchObject({
            webhookConfiguration: { enabled: false },
            cleanupHook: { enabled: false },
        });
    });

    test("only the handlers the spec names are enabled", () => {
        const a = akriSchema.parse({ opcua: { discoveryUrls: ["opc.tcp://a:4840/"] } });
        expect(enabledHandlers(a)).toEqual(["opcua"]);
        const v = akriValues(a, "kubeadm", "c");
        expect(v.udev).toEqual({ discovery: { enabled: false }, configuration: { enabled: false } });
        expect(v.onvif).toEqual({ discovery: { enabled: false }, configuration: { enabled: false } });
    });

    test("controller pinned with the label each distribution really sets", () => {
        expect((akriValues(lab(), "k3s", "c").controller as Record<string, unknown>).nodeSelectors).toEqual({
            "node-role.kubernetes.io/master": "true",
        });
        expect((akriValues(lab(), "kubeadm", "c").controller as Record<string, unknown>).nodeSelectors).toEqual({
            "node-role.kubernetes.io/control-plane": "",
        });
        expect(controlPlaneSelector("existing")).toEqual({});
        expect((akriValues(lab(), "k3s", "c").controller as Record<string, unknown>).onlyOnControlPlane).toBe(false);
    });

    test("udev without a rule: the error names the cluster and the fix", () => {
        const a = { ...lab(), udev: { rules: [] } };
        expect(() => akriValues(a, "k3s", "edge-a")).toThrow(
            "cluster 'edge-a': udev discovery needs at least one udev rule " +
                "— add akri.udev.rules: ['KERNEL==\"video[0-9]*\"'] (Akri's udev Configuration " +
                "fails without one)",
        );
    });

    test("a udev Configuration when akri.udev is absent: the error names the Configuration", () => {
        const a = akriSchema.parse({ configurations: [{ name: "usb", handler: "udev" }] });
        expect(() => configurationSpec(a, cfg(a, "usb"), "edge-b")).toThrow(
            "cluster 'edge-b', akri configuration 'usb': udev discovery needs at least one udev rule",
        );
    });

    test("the schema refuses an empty udev rule list with the same advice", () => {
        const r = akriSchema.safeParse({ udev: { rules: [] } });
        expect(r.success).toBe(false);
        expect(r.error?.issues[0].message).toContain("needs at least one udev rule");
    });
});

describe("Akri Configurations", () => {
    test("discoveryDetails is a YAML string per handler", () => {
        const a = lab();
        const udev = discoveryDetails(a, cfg(a, "cameras-usb"), "c");
        expect(typeof udev).toBe("string");
        expect(parse(udev)).toEqual({ groupRecursive: false, udevRules: ['KERNEL=="video[0-9]*"'] });
        expect(parse(discoveryDetails(a, cfg(a, "cameras-ip"), "c"))).toEqual({
            ipAddresses: { action: "Include", items: ["10.1.0.0/24"] },
            macAddresses: { action: "Include", items: ["aa:bb:cc:dd:ee:ff"] },
            scopes: { action: "Exclude", items: [] },
            uuids: { action: "Exclude", items: [] },
            discoveryTimeoutSeconds: 2,
        });
        expect(parse(discoveryDetails(a, cfg(a, "plc-servers"), "c"))).toEqual({
            opcuaDiscoveryMethod: { standard: { discoveryUrls: ["opc.tcp://plc.factory:4840/"] } },
            applicationNames: { action: "Exclude", items: [] },
        });
    });

    test("capacity, broker image with the placeholder resource, services on the broker port", () => {
        const a = lab();
        const s = configurationSpec(a, cfg(a, "plc-servers"), "c");
        expect(s.capacity).toBe(1);
        expect(s.brokerSpec).toEqual({
            brokerPodSpec: {
                containers: [
                    {
                        name: "plc-servers-broker",
                        image: "ghcr.io/example/opcua-broker:1.0",
                        resources: {
                            requests: { "{{PLACEHOLDER}}": "1", memory: "76Mi", cpu: "9m" },
                            limits: { "{{PLACEHOLDER}}": "1", memory: "200Mi", cpu: "30m" },
                        },
                    },
                ],
            },
        });
        const svc = { type: "ClusterIP", ports: [{ name: "grpc", port: 80, protocol: "TCP", targetPort: 9000 }] };
        expect(s.instanceServiceSpec).toEqual(svc);
        expect(s.configurationServiceSpec).toEqual(svc);
    });

    test("without a broker image: discovery only, no broker, no services", () => {
        const a = lab();
        const s = configurationSpec(a, cfg(a, "cameras-ip"), "c");
        expect(s.capacity).toBe(2);
        expect(s).not.toHaveProperty("brokerSpec");
        expect(s).not.toHaveProperty("instanceServiceSpec");
        expect(s).not.toHaveProperty("configurationServiceSpec");
    });

    test("onvif and opcua Configurations need their handler block", () => {
        const a = akriSchema.parse({
            configurations: [
                { name: "cams", handler: "onvif" },
                { name: "plc", handler: "opcua" },
            ],
        });
        expect(() => configurationSpec(a, cfg(a, "cams"), "c")).toThrow(
            "cluster 'c', akri configuration 'cams' uses onvif but akri.onvif is not set",
        );
        expect(() => configurationSpec(a, cfg(a, "plc"), "c")).toThrow(
            "cluster 'c', akri configuration 'plc' uses opcua but akri.opcua.discoveryUrls is empty",
        );
    });

    test("extended resource names per Configuration", () => {
        expect(resourceNames(lab()).map((r) => [r.instanceResource, r.configurationResource])).toEqual([
            ["akri.sh/cameras-usb-<id>", "akri.sh/cameras-usb"],
            ["akri.sh/cameras-ip-<id>", "akri.sh/cameras-ip"],
            ["akri.sh/plc-servers-<id>", "akri.sh/plc-servers"],
        ]);
    });
});
