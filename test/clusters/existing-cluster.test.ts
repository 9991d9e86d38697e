import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecretOutput, valueOf } from "../helpers/pulumi-mocks";
import { decodeParams, kubeconfigFor } from "./kind-fixtures";

const mocks = installMocks((r) => (r.type === "command:local:Command" ? { stdout: "ready v1.35.1", stderr: "" } : {}));

import type * as command from "@pulumi/command";
import { ExistingCluster } from "../../components/clusters/existing/existing-cluster";
import { existingArgsFromSpec } from "../../components/from-spec/existing";
import { kubeconfigEndpoint } from "../../components/clusters/local/kubeconfig";
import * as localCommand from "../../components/clusters/local/local-command";
import { LOCAL_COMMANDS } from "../../components/clusters/local/local-command";
import { specOf } from "./kind-fixtures";

const TWO_CONTEXTS = `${kubeconfigFor("prod", "https://10.0.0.10:6443")}`
    .replace(
        "contexts:\n",
        `contexts:
- context:
    cluster: lab
    user: prod
  name: lab
`,
    )
    .replace(
        "clusters:\n",
        `clusters:
- cluster:
    server: https://[fd00::1]:16443
  name: lab
`,
    );

const spec = (existing: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    specOf({
        clusters: [
            {
                name: "office",
                tier: "cloud",
                distribution: "existing",
                substrate: "existing",
                network: { podCidr: "10.50.0.0/16", serviceCidr: "10.150.0.0/16" },
                nodes: [{ name: "office-1", roles: ["control-plane"], labels: { site: "hq" } }],
                existing,
                ...extra,
            },
        ],
    });

describe("kubeconfig endpoint (pure)", () => {
    test("current context by default, a named one on request; IPv6 without brackets; default port 443", () => {
        expect(kubeconfigEndpoint(TWO_CONTEXTS)).toEqual({
            context: "prod",
            server: "https://10.0.0.10:6443",
            host: "10.0.0.10",
            port: 6443,
        });
        expect(kubeconfigEndpoint(TWO_CONTEXTS, "lab")).toEqual({
            context: "lab",
            server: "https://[fd00::1]:16443",
            host: "fd00::1",
            port: 16443,
        });
        expect(kubeconfigEndpoint(kubeconfigFor("x", "https://api.example.com")).port).toBe(443);
    });

    test("errors name what is missing and never echo the kubeconfig", () => {
        expect(() => kubeconfigEndpoint(TWO_CONTEXTS, "staging", "clusters[0].existing.kubeconfig")).toThrow(
            "clusters[0].existing.kubeconfig has no context 'staging' — use one of: lab, prod",
        );
        expect(() => kubeconfigEndpoint("a: [", undefined)).toThrow(/is not valid YAML/);
        expect(() => kubeconfigEndpoint(TWO_CONTEXTS.replace("current-context: prod", ""))).toThrow(
            /has no current-context — name one with existing.context \(available: lab, prod\)/,
        );
        expect(() => kubeconfigEndpoint(TWO_CONTEXTS.replace("https://10.0.0.10:6443", "not a url"))).toThrow(
            /is not a URL/,
        );
        try {
            kubeconfigEndpoint(TWO_CONTEXTS, "nope");
        } catch (e) {
            expect(String(e)).not.toContain("client-key-data");
        }
    });
});

describe("ExistingCluster under mocks", () => {
    const spy = jest.spyOn(localCommand, "localScriptCommand");
    let existing: ExistingCluster;
    const args = existingArgsFromSpec(
        spec({ kubeconfig: TWO_CONTEXTS, context: "lab" }),
        spec({ kubeconfig: TWO_CONTEXTS, context: "lab" }).clusters[0],
    );
    beforeAll(async () => {
        mocks.recorded.length = 0;
        existing = new ExistingCluster("office", args);
        await mocks.settle();
    });

    test("args from the spec: the API host and port of the chosen context, the kubeconfig secret", async () => {
        expect(args).toMatchObject({
            clusterName: "office",
            tier: "cloud",
            distribution: "existing",
            context: "lab",
            apiHost: "fd00::1",
            apiPort: 16443,
        });
        expect(await isSecretOutput(pulumi.output(args.kubeconfig))).toBe(true);
        const explicit = spec(
            { kubeconfig: TWO_CONTEXTS },
            { apiEndpoint: { host: "vip.office.example.com", port: 8443 } },
        );
        expect(existingArgsFromSpec(explicit, explicit.clusters[0])).toMatchObject({
            apiHost: "vip.office.example.com",
            apiPort: 8443,
        });
    });

    test("a context the kubeconfig lacks stops the program with the path and the choices", () => {
        const s = spec({ kubeconfig: TWO_CONTEXTS, context: "staging" });
        expect(() => existingArgsFromSpec(s, s.clusters[0])).toThrow(
            "clusters[0].existing.kubeconfig has no context 'staging' — use one of: lab, prod",
        );
    });

    test("one API check at up: the script, the kubeconfig only on stdin, and stdin secret", async () => {
        expect(mocks.recorded.map((r) => r.type).sort()).toEqual([
            "command:local:Command",
            "continuum:index:ExistingCluster",
            "pulumi:providers:kubernetes",
        ]);
        const [cmd] = mocks.ofType("command:local:Command");
        expect(cmd.inputs.create).toBe(LOCAL_COMMANDS.existingCheck);
        expect(cmd.inputs.delete).toBeUndefined();
        expect(cmd.inputs.logging).toBe("stderr"); // never stdout: the kubeconfig
        expect(JSON.stringify([cmd.inputs.create, cmd.inputs.environment])).not.toContain("client-key-data");
        const check = existing.cluster.ready[0] as command.local.Command;
        expect(await isSecretOutput(check.stdin as pulumi.Output<string>)).toBe(true);
        const params = decodeParams(await valueOf(check.stdin as pulumi.Output<string>));
        expect(params).toEqual({ CLUSTER_NAME: "office", KUBECONFIG_DATA: TWO_CONTEXTS, CONTEXT: "lab" });
        expect(spy.mock.calls[0][2]).toMatchObject({ additionalSecretOutputs: ["stdout"] });
    });

    test(
        "the provider: identifier <cluster>-existing, the context, the " + "kubeconfig secret and gated on the check",
        async () => {
            const [provider] = mocks.ofType("pulumi:providers:kubernetes");
            expect(provider.inputs.clusterIdentifier).toBe("office-existing");
            expect(provider.inputs.context).toBe("lab");
            expect(provider.inputs.kubeconfig).toEqual({
                [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
                value: TWO_CONTEXTS,
            });
            expect(await isSecretOutput(existing.cluster.kubeconfig)).toBe(true);
        },
    );

    test("the handle: the context's endpoint, the API host nodes use, the spec's nodes", async () => {
        const c = existing.cluster;
        expect(await valueOf(c.apiEndpoint)).toBe("https://[fd00::1]:16443");
        expect({ substrate: c.substrate, apiHost: c.apiHost, apiPort: c.apiPort, podCidr: c.podCidr }).toEqual({
            substrate: "existing",
            apiHost: "fd00::1",
            apiPort: 16443,
            podCidr: "10.50.0.0/16",
        });
        expect(c.nodes).toEqual([
            {
                name: "office-1",
                roles: ["control-plane"],
                arch: "amd64",
                capabilities: [],
                runtimes: [],
                kubeEdge: false,
                labels: { site: "hq", "continuum.dev/tier": "cloud", "continuum.dev/cluster": "office" },
            },
        ]);
    });
});
