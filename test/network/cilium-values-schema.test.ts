/**
 * The generated Cilium values validated against the chart's own values.schema.json (checked in
 * as test data, see test/fixtures/cilium-values-schema/SOURCE.md). The chart schema does not set
 * `additionalProperties: false`, so a misspelt key would pass ajv: every key path we set is also
 * required to exist in the schema, or to be one of the few chart keys the schema omits (each with
 * the template that reads it).
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { ciliumValues, withMeshCa, type CiliumValuesInput } from "../../components/network/cilium-values";
import { planMesh, type MeshMemberInput } from "../../components/network/mesh-plan";
import { VERSION_TABLE } from "../../components/version-table";

const dir = path.join(__dirname, "..", "fixtures", "cilium-values-schema");
const schema = JSON.parse(fs.readFileSync(path.join(dir, "values.schema.json"), "utf8")) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

/** Chart keys read by templates but absent from values.schema.json (commented out in values.yaml, or free-form
 * Kubernetes objects). */
const NOT_IN_SCHEMA: Record<string, string> = {
    "socketLB.hostNamespaceOnly":
        "templates/cilium-configmap.yaml: bpf-lb-sock-hostns-only (values.yaml: '# hostNamespaceOnly: false')",
    "affinity.nodeAffinity": "a Kubernetes Affinity passed through toYaml (templates/cilium-agent/daemonset.yaml)",
    "operator.affinity.nodeAffinity":
        "a Kubernetes Affinity passed through toYaml (templates/cilium-operator/deployment.yaml)",
    "clustermesh.apiserver.affinity.nodeAffinity":
        "a Kubernetes Affinity passed through toYaml (templates/clustermesh-apiserver/deployment.yaml)",
    // The schema leaves clustermesh.config.clusters items open; values.yaml documents the entry fields
    // and templates/clustermesh-config/_helpers.tpl reads them.
    "clustermesh.config.clusters[].name": "entry field (values.yaml comment, clustermesh-config/_helpers.tpl)",
    "clustermesh.config.clusters[].port": "entry field (values.yaml comment, clustermesh-config/_helpers.tpl)",
    "clustermesh.config.clusters[].ips": "entry field (values.yaml comment, cilium-agent/daemonset.yaml hostAliases)",
    "clustermesh.config.clusters[].address": "entry field (values.yaml comment, clustermesh-config/_helpers.tpl)",
};

/** Every key path of a values object (objects descended, arrays of objects by their items). */
function keyPaths(v: unknown, prefix = ""): string[] {
    if (Array.isArray(v)) return v.flatMap((x) => keyPaths(x, `${prefix}[]`));
    if (!v || typeof v !== "object") return [];
    return Object.entries(v).flatMap(([k, x]) => {
        const p = prefix ? `${prefix}.${k}` : k;
        return [p, ...keyPaths(x, p)];
    });
}

/** Whether the schema declares a key path (through properties, items and anyOf). */
function declared(s: Record<string, unknown> | undefined, parts: string[]): boolean {
    if (!s) return false;
    if (parts.length === 0) return true;
    const options = (s.anyOf as Record<string, unknown>[] | undefined) ?? [s];
    return options.some((o) => {
        const [head, ...rest] = parts;
        if (head.endsWith("[]")) {
            const key = head.slice(0, -2);
            const arr = (o.properties as Record<string, Record<string, unknown>> | undefined)?.[key];
            return declared(arr?.items as Record<string, unknown> | undefined, rest);
        }
        return declared((o.properties as Record<string, Record<string, unknown>> | undefined)?.[head], rest);
    });
}

function undeclared(values: Record<string, unknown>): string[] {
    return keyPaths(values)
        .filter((p) => !Object.keys(NOT_IN_SCHEMA).some((allowed) => p === allowed || p.startsWith(`${allowed}.`)))
        .filter(
            (p) =>
                !declared(
                    schema,
                    p
                        .replace(/\[\]\./g, "[].")
                        .split(".")
                        .map((x) => x),
                ),
        );
}

const members: MeshMemberInput[] = [
    {
        name: "cloud",
        id: 1,
        serviceType: "NodePort",
        nodePort: 32379,
        podCidr: "10.10.0.0/16",
        routingMode: "tunnel",
        nodeHosts: ["192.0.2.11"],
        apiHost: "192.0.2.11",
    },
    {
        name: "edge-a",
        id: 2,
        serviceType: "NodePort",
        nodePort: 32380,
        podCidr: "10.20.0.0/16",
        routingMode: "tunnel",
        nodeHosts: ["edge-a.example.net"],
        apiHost: "edge-a.example.net",
    },
    {
        name: "edge-b",
        id: 3,
        serviceType: "LoadBalancer",
        nodePort: 32381,
        podCidr: "10.30.0.0/16",
        routingMode: "tunnel",
        nodeHosts: [],
        apiHost: "192.0.2.30",
    },
];
const plans = planMesh(members, 255);
const inputs: [string, CiliumValuesInput][] = [
    [
        "cloud (kubeadm, kube-proxy replacement, Kata, mesh)",
        {
            clusterName: "cloud",
            clusterId: 1,
            podCidr: "10.10.0.0/16",
            distribution: "kubeadm",
            apiHost: "192.0.2.11",
            apiPort: 6443,
            kubeProxyReplacement: true,
            routingMode: "tunnel",
            hasKataNodes: true,
            mesh: plans.cloud.mesh,
        },
    ],
    [
        "edge-a (k3s, mesh by DNS name)",
        {
            clusterName: "edge-a",
            clusterId: 2,
            podCidr: "10.20.0.0/16",
            distribution: "k3s",
            apiHost: "edge-a.example.net",
            apiPort: 6443,
            kubeProxyReplacement: true,
            routingMode: "tunnel",
            hasKataNodes: false,
            mesh: plans["edge-a"].mesh,
        },
    ],
    [
        "edge-b (LoadBalancer)",
        {
            clusterName: "edge-b",
            clusterId: 3,
            podCidr: "10.30.0.0/16",
            distribution: "k3s",
            apiHost: "192.0.2.30",
            apiPort: 6443,
            kubeProxyReplacement: false,
            routingMode: "tunnel",
            hasKataNodes: false,
            mesh: plans["edge-b"].mesh,
        },
    ],
    [
        "standalone native routing, IPv6",
        {
            clusterName: "solo",
            clusterId: 0,
            podCidr: "fd00:10::/56",
            distribution: "kubeadm",
            apiHost: "192.0.2.50",
            apiPort: 6443,
            kubeProxyReplacement: false,
            routingMode: "native",
            hasKataNodes: false,
        },
    ],
];

describe("Cilium values against the chart's values.schema.json", () => {
    it("the schema is the one of the pinned chart version", () => {
        expect(fs.readFileSync(path.join(dir, "SOURCE.md"), "utf8")).toContain(
            `tag \`v${VERSION_TABLE.charts.cilium.version}\``,
        );
    });

    it.each(inputs)("%s validates", (_what, input) => {
        const values = withMeshCa(ciliumValues(input), "LS0tLS1CRUdJTi0tLS0t", "LS0tLS1CRUdJTi0tLS0t");
        const ok = validate(values);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
        expect(undeclared(values)).toEqual([]);
    });

    it("the check catches what the chart would reject or ignore", () => {
        const values = ciliumValues(inputs[0][1]);
        expect(validate({ ...values, kubeProxyReplacement: 1 })).toBe(false); // string|boolean only
        expect(validate({ ...values, cluster: { name: "cloud", id: "one" } })).toBe(false);
        expect(undeclared({ ...values, clustermesh: { useAPIServer: true, confg: { enabled: true } } })).toEqual([
            "clustermesh.confg",
            "clustermesh.confg.enabled",
        ]);
        expect(undeclared({ socketLB: { hostNamespaceOnly: true, hostNamespaceOnyl: true } })).toEqual([
            "socketLB.hostNamespaceOnyl",
        ]);
        expect(undeclared({ clustermesh: { config: { clusters: [{ name: "a", port: 1, adress: "x" }] } } })).toEqual([
            "clustermesh.config.clusters[].adress",
        ]);
    });
});
