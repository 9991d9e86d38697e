import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecretOutput, valueOf } from "../helpers/pulumi-mocks";
import { decodeParams, kubeconfigFor } from "./kind-fixtures";

// Mocks first: components register resources as they are constructed.
const mocks = installMocks((r) =>
    r.type === "command:local:Command"
        ? {
              stdout: kubeconfigFor(`kind-${String(r.name).replace(/-kind$/, "")}`, "https://127.0.0.1:40123"),
              stderr: "",
          }
        : {},
);

import type * as command from "@pulumi/command";
import { KindCluster } from "../../components/clusters/kind/kind-cluster";
import { kindArgsFromSpec } from "../../components/from-spec/local-clusters";
import { renderKindConfig, kindConfigYaml } from "../../components/clusters/kind/kind-config";
import * as localCommand from "../../components/clusters/local/local-command";
import { LOCAL_COMMANDS, LOCAL_TIMEOUTS } from "../../components/clusters/local/local-command";
import { VERSION_TABLE } from "../../components/version-table";
import { clusterNamed, labDocker } from "./kind-fixtures";

const crun = VERSION_TABLE.hostArtifacts.crun;

describe("KindCluster under mocks", () => {
    const spec = labDocker();
    const args = kindArgsFromSpec(spec, clusterNamed(spec, "cloud"));
    let kind: KindCluster;
    const spy = jest.spyOn(localCommand, "localScriptCommand");
    beforeAll(async () => {
        mocks.recorded.length = 0;
        kind = new KindCluster("cloud", args);
        await mocks.settle();
    });

    test("declares the component, one local command and one provider — nothing else", () => {
        expect(mocks.recorded.map((r) => r.type).sort()).toEqual([
            "command:local:Command",
            "continuum:index:KindCluster",
            "pulumi:providers:kubernetes",
        ]);
    });

    test("the command runs the create and delete scripts, constants with no data in them", () => {
        const [cmd] = mocks.ofType("command:local:Command");
        expect(cmd.name).toBe("cloud-kind");
        expect(cmd.inputs.create).toBe(LOCAL_COMMANDS.kindCreate);
        expect(cmd.inputs.delete).toBe(LOCAL_COMMANDS.kindDelete);
        expect(cmd.inputs.create).toBe('bash "$CONTINUUM_LOCAL_SCRIPTS/kind-create.sh"');
        expect(cmd.inputs.environment).toEqual({ CONTINUUM_LOCAL_SCRIPTS: "components/clusters/local/scripts" });
        expect(cmd.inputs.logging).toBe("stderr"); // never stdout: the kubeconfig
        expect(cmd.inputs.addPreviousOutputInEnv).toBe(false);
    });

    test("parameters go on stdin as the env file, the config among them", () => {
        const [cmd] = mocks.ofType("command:local:Command");
        const params = decodeParams(String(cmd.inputs.stdin));
        expect(params).toEqual({
            CLUSTER_NAME: "cloud",
            STATE_DIR: ".continuum/cloud",
            SHIM_DIR: ".continuum/shims",
            DOCKER_NETWORK: "continuum",
            CONFIG: kindConfigYaml(renderKindConfig(args)),
            ARCH: "amd64",
            NEEDS_KVM: "true",
            FILE_COUNT: "0",
            // crun is on two nodes, staged once; kata comes from kata-deploy, not the shim directory
            SHIM_COUNT: "1",
            SHIM_0_NAME: "crun",
            SHIM_0_ARTIFACT: `crun ${crun.version} for amd64`,
            SHIM_0_URL: crun.files.amd64?.url,
            SHIM_0_SHA256: crun.files.amd64?.sha256,
            SHIM_0_SHA512: "",
            SHIM_0_FILE: crun.files.amd64?.fileName,
            SHIM_0_MEMBER: "",
        });
        expect(cmd.inputs.triggers).toEqual([params.CONFIG, "cloud"]);
    });

    test("the stdout (kubeconfig) is a secret output, replacements delete first, every step has a timeout", () => {
        expect(spy).toHaveBeenCalledTimes(1);
        const opts = spy.mock.calls[0][2];
        expect(opts.additionalSecretOutputs).toEqual(["stdout"]);
        expect(opts.deleteBeforeReplace).toBe(true);
        expect(opts.customTimeouts).toEqual(LOCAL_TIMEOUTS);
        expect(opts.parent).toBe(kind);
    });

    test("the provider: stable identifier <cluster>-kind, the kubeconfig from the command, secret", async () => {
        const [provider] = mocks.ofType("pulumi:providers:kubernetes");
        expect(provider.name).toBe("cloud-k8s");
        expect(provider.inputs.clusterIdentifier).toBe("cloud-kind");
        // reaches the engine as a secret (Pulumi's secret signature), with the command's kubeconfig inside
        expect(provider.inputs.kubeconfig).toEqual({
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
            value: expect.stringContaining("server: https://127.0.0.1:40123"),
        });
        expect(await isSecretOutput(kind.cluster.kubeconfig)).toBe(true);
        expect(mocks.ofType("pulumi:providers:kubernetes").map((p) => p.inputs.clusterIdentifier)).toContain(
            "cloud-kind",
        );
    });

    test(
        "the handle: substrate, endpoint (not secret), in-network API host, " + "CIDRs, kind's node names and labels",
        async () => {
            const c = kind.cluster;
            expect({
                name: c.name,
                tier: c.tier,
                distribution: c.distribution,
                substrate: c.substrate,
                apiHost: c.apiHost,
                apiPort: c.apiPort,
                podCidr: c.podCidr,
                serviceCidr: c.serviceCidr,
                clusterDomain: c.clusterDomain,
            }).toEqual({
                name: "cloud",
                tier: "cloud",
                distribution: "kubeadm",
                substrate: "kind",
                apiHost: "cloud-control-plane",
                apiPort: 6443,
                podCidr: "10.10.0.0/16",
                serviceCidr: "10.110.0.0/16",
                clusterDomain: "cluster.local",
            });
            expect(await valueOf(c.apiEndpoint)).toBe("https://127.0.0.1:40123");
            expect(await isSecretOutput(c.apiEndpoint)).toBe(false);
            expect(c.nodes.map((n) => n.name)).toEqual(["cloud-control-plane", "cloud-worker", "cloud-worker2"]);
            expect(c.nodes[1]).toMatchObject({
                roles: ["worker"],
                runtimes: ["crun", "kata"],
                capabilities: ["kvm"],
                kubeEdge: false,
            });
            expect(c.nodes[1].labels).toMatchObject({
                "runtime.continuum.dev/kata": "true",
                "continuum.dev/node": "cloud-worker",
                "continuum.dev/tier": "cloud",
            });
            expect(c.ready).toHaveLength(1);
            expect(await valueOf((c.ready[0] as command.local.Command).stdout)).toContain("kind-cloud");
        },
    );

    test("registry hosts.toml files travel with the parameters", async () => {
        mocks.recorded.length = 0;
        new KindCluster("mirrored", {
            ...args,
            clusterName: "mirrored",
            registryMirrors: { "docker.io": ["https://mirror.example.com"] },
        });
        await mocks.settle();
        const params = decodeParams(String(mocks.ofType("command:local:Command")[0].inputs.stdin));
        expect(params.FILE_COUNT).toBe("1");
        expect(params.FILE_0_PATH).toBe("certs.d/docker.io/hosts.toml");
        expect(params.FILE_0_CONTENT).toContain('[host."https://mirror.example.com"]');
        expect(params.STATE_DIR).toBe(".continuum/mirrored");
    });
});
