import { formatSummary, liveFromKubectl, type LabOutputs } from "../../scripts/lab-summary";
import { edgeMeshAgents, formatAkri, liveAkriFromKubectl } from "../../scripts/lab-summary-addons";

const node = (name: string, labels: Record<string, string> = {}) => ({
    metadata: { name, labels },
    status: { conditions: [{ type: "Ready", status: "True" }] },
});
const pod = (namespace: string, name: string, nodeName?: string) => ({
    metadata: { namespace, name },
    spec: nodeName ? { nodeName } : {},
    status: { phase: "Running" },
});
const configuration = (name: string, handler: string, capacity: number) => ({
    metadata: { namespace: "akri", name },
    spec: { discoveryHandler: { name: handler }, capacity },
});

const akriLive = liveAkriFromKubectl(
    { items: [configuration("cameras-usb", "udev", 1), configuration("plc-servers", "opcua", 1)] },
    { items: [] },
);
const live = [
    liveFromKubectl(
        "cloud",
        {
            items: [
                node("cp"),
                node("ke-1", { "node-role.kubernetes.io/edge": "" }),
                node("ke-2", { "node-role.kubernetes.io/edge": "" }),
            ],
        },
        { items: [] },
        {
            items: [
                pod("kubeedge", "edgemesh-agent-abcde", "ke-1"),
                pod("kubeedge", "edgemesh-agent-fghij", "cp"),
                pod("kubeedge", "cloudcore-1", "cp"),
            ],
        },
    ),
    liveFromKubectl("edge-a", { items: [node("s"), node("a")] }, { items: [] }, { items: [] }, akriLive),
];
const resources = (configuration: string, handler: string) => ({
    configuration,
    handler,
    capacity: 1,
    instanceResource: `akri.sh/${configuration}-<id>`,
    configurationResource: `akri.sh/${configuration}`,
});
const outputs: LabOutputs = {
    clusters: {
        cloud: {
            tier: "cloud",
            substrate: "sim",
            distribution: "kubeadm",
            apiEndpoint: "https://127.0.0.1:20001",
            kubeconfig: "",
            nodes: [],
        },
        "edge-a": {
            tier: "edge",
            substrate: "sim",
            distribution: "k3s",
            apiEndpoint: "https://127.0.0.1:20002",
            kubeconfig: "",
            nodes: [],
        },
    },
    devices: {
        cloud: { akriConfigurations: [], akriResources: [] },
        "edge-a": {
            akriConfigurations: ["cameras-usb", "cameras-ip", "plc-servers"],
            akriResources: [
                resources("cameras-usb", "udev"),
                resources("cameras-ip", "onvif"),
                resources("plc-servers", "opcua"),
            ],
        },
    },
};

describe("lab summary: Akri and EdgeMesh", () => {
    it("reads Akri Configurations and Instances from kubectl's JSON", () => {
        expect(akriLive.configurations).toEqual([
            { namespace: "akri", name: "cameras-usb", handler: "udev", capacity: 1 },
            { namespace: "akri", name: "plc-servers", handler: "opcua", capacity: 1 },
        ]);
        const withInstance = liveAkriFromKubectl(
            { items: [] },
            {
                items: [
                    {
                        metadata: { namespace: "akri", name: "cameras-usb-1a2b3c" },
                        spec: { configurationName: "cameras-usb", nodes: ["a"] },
                    },
                ],
            },
        );
        expect(withInstance.instances).toEqual([
            { namespace: "akri", name: "cameras-usb-1a2b3c", configuration: "cameras-usb", nodes: ["a"] },
        ]);
    });

    it("shows each Configuration, whether it exists, and the resources real hardware would add", () => {
        const text = formatAkri(outputs.devices, live).join("\n");
        expect(text).toMatch(
            new RegExp(
                /edge-a\s+Configuration cameras-usb\s+udev, /.source +
                    /capacity 1\s+exists\s+0 Instances\s+akri\.sh\/cameras-usb /.source +
                    /\(any device\), akri\.sh\/cameras-usb-<id> \(one device\)/.source,
            ),
        );
        expect(text).toMatch(/edge-a\s+Configuration cameras-ip\s+onvif, capacity 1\s+NOT in the API/);
        expect(text).toContain(
            "edge-a: no Instances — these nodes are simulated and have no " +
                "udev devices, ONVIF cameras or OPC UA servers; on real hardware each discovered " +
                "device becomes an Instance",
        );
        expect(text).not.toMatch(/^\s*cloud\s+Configuration/m);
    });

    it("lists the EdgeMesh agent on each KubeEdge edge node, and the edge nodes without one", () => {
        expect(edgeMeshAgents(live)).toEqual([
            { cluster: "cloud", node: "ke-1", agent: "edgemesh-agent-abcde", phase: "Running" },
            { cluster: "cloud", node: "ke-2" },
        ]);
        const text = formatSummary(outputs, live, "/r/.lab/kubeconfig");
        expect(text).toContain("EdgeMesh (service discovery between edge nodes): agent per edge node");
        expect(text).toMatch(/cloud\s+ke-1\s+kubeedge\/edgemesh-agent-abcde\s+Running/);
        expect(text).toMatch(/cloud\s+ke-2\s+\(no agent\)/);
        expect(text).toContain("Akri (leaf-device discovery)");
    });

    it("has neither section without Akri outputs or EdgeMesh agents", () => {
        const text = formatSummary(
            { clusters: outputs.clusters },
            [liveFromKubectl("edge-a", { items: [] }, { items: [] }, { items: [] })],
            "/k",
        );
        expect(text).not.toContain("Akri (leaf-device discovery)");
        expect(text).not.toContain("EdgeMesh (");
    });
});
