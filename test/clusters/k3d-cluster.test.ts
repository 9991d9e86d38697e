import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecretOutput, valueOf } from "../helpers/pulumi-mocks";
import { decodeParams, kubeconfigFor } from "./kind-fixtures";

// Mocks first: components register resources as they are constructed.
const mocks = installMocks((r) =>
    r.type === "command:local:Command"
        ? { stdout: kubeconfigFor(`k3d-${String(r.name).replace(/-k3d$/, "")}`, "https://127.0.0.1:41555"), stderr: "" }
        : {},
);

import { K3dCluster } from "../../components/clusters/k3d/k3d-cluster";
import { k3dArgsFromSpec } from "../../components/from-spec/local-clusters";
import { k3dConfigYaml, renderK3dConfig } from "../../components/clusters/k3d/k3d-config";
import * as localCommand from "../../components/clusters/local/local-command";
import { LOCAL_COMMANDS, LOCAL_TIMEOUTS } from "../../components/clusters/local/local-command";
import { VERSION_TABLE } from "../../components/version-table";
import { clusterNamed, labDocker } from "./kind-fixtures";

const crun = VERSION_TABLE.hostArtifacts.crun;
const shim = VERSION_TABLE.hostArtifacts.wasmedgeShim;

describe("K3dCluster under mocks", () => {
    const spec = labDocker();
    const args = k3dArgsFromSpec(spec, clusterNamed(spec, "edge-a"));
    const spy = jest.spyOn(localCommand, "localScriptCommand");
    let k3d: K3dCluster;
    beforeAll(async () => {
        mocks.recorded.length = 0;
        k3d = new K3dCluster("edge-a", args);
        await mocks.settle();
    });

    test("declares the component, one local command and one provider", () => {
        expect(mocks.recorded.map((r) => r.type).sort()).toEqual([
            "command:local:Command",
            "continuum:index:K3dCluster",
            "pulumi:providers:kubernetes",
        ]);
    });

    test("k3d cluster create / delete through the scripts, parameters on stdin, nothing logged", () => {
        const [cmd] = mocks.ofType("command:local:Command");
        expect(cmd.name).toBe("edge-a-k3d");
        expect(cmd.inputs.create).toBe(LOCAL_COMMANDS.k3dCreate);
        expect(cmd.inputs.delete).toBe(LOCAL_COMMANDS.k3dDelete);
        expect(cmd.inputs.logging).toBe("stderr"); // never stdout: the kubeconfig
        expect(cmd.inputs.addPreviousOutputInEnv).toBe(false);
        const params = decodeParams(String(cmd.inputs.stdin));
        expect(params).toEqual({
            CLUSTER_NAME: "edge-a",
            STATE_DIR: ".continuum/edge-a",
            SHIM_DIR: ".continuum/shims",
            DOCKER_NETWORK: "continuum",
            CONFIG: k3dConfigYaml(renderK3dConfig(args, "continuum")),
            ARCH: "amd64",
            NEEDS_KVM: "false",
            FIX_MOUNTS: "true",
            SHIM_COUNT: "2",
            SHIM_0_NAME: "crun",
            SHIM_0_ARTIFACT: `crun ${crun.version} for amd64`,
            SHIM_0_URL: crun.files.amd64?.url,
            SHIM_0_SHA256: crun.files.amd64?.sha256,
            SHIM_0_SHA512: "",
            SHIM_0_FILE: crun.files.amd64?.fileName,
            SHIM_0_MEMBER: "",
            SHIM_1_NAME: "containerd-shim-wasmedge-v1",
            SHIM_1_ARTIFACT: `wasmedgeShim ${shim.version} for amd64`,
            SHIM_1_URL: shim.files.amd64?.url,
            // passed on even when empty: stage-shims.sh refuses it at up, before the cluster, not at preview
            SHIM_1_SHA256: shim.files.amd64?.sha256 ?? "",
            SHIM_1_SHA512: "",
            SHIM_1_FILE: shim.files.amd64?.fileName,
            SHIM_1_MEMBER: "containerd-shim-wasmedge-v1",
        });
        expect(cmd.inputs.triggers).toEqual([params.CONFIG, "edge-a"]);
        const opts = spy.mock.calls[0][2];
        expect(opts).toMatchObject({
            additionalSecretOutputs: ["stdout"],
            deleteBeforeReplace: true,
            customTimeouts: LOCAL_TIMEOUTS,
        });
    });

    test("the provider: identifier <cluster>-k3d, secret kubeconfig", async () => {
        const [provider] = mocks.ofType("pulumi:providers:kubernetes");
        expect(provider.inputs.clusterIdentifier).toBe("edge-a-k3d");
        expect(provider.inputs.kubeconfig).toEqual({
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
            value: expect.stringContaining("k3d-edge-a"),
        });
        expect(await isSecretOutput(k3d.cluster.kubeconfig)).toBe(true);
    });

    test("the handle: K3s on k3d, API for nodes on 127.0.0.1:6444, k3d's node names, runtimes and labels", async () => {
        const c = k3d.cluster;
        expect({
            tier: c.tier,
            distribution: c.distribution,
            substrate: c.substrate,
            apiHost: c.apiHost,
            apiPort: c.apiPort,
            podCidr: c.podCidr,
            serviceCidr: c.serviceCidr,
        }).toEqual({
            tier: "edge",
            distribution: "k3s",
            substrate: "k3d",
            apiHost: "127.0.0.1",
            apiPort: 6444,
            podCidr: "10.20.0.0/16",
            serviceCidr: "10.120.0.0/16",
        });
        expect(await valueOf(c.apiEndpoint)).toBe("https://127.0.0.1:41555");
        expect(c.nodes.map((n) => [n.name, n.roles])).toEqual([
            ["k3d-edge-a-server-0", ["server"]],
            ["k3d-edge-a-agent-0", ["agent"]],
        ]);
        expect(c.nodes[1].labels).toMatchObject({
            site: "factory-a",
            "runtime.continuum.dev/wasmedge": "true",
            "runtime.continuum.dev/crun": "true",
            "continuum.dev/tier": "edge",
        });
        expect(c.nodes[0].labels["runtime.continuum.dev/wasmedge"]).toBeUndefined();
    });

    test("a kata node makes the create script check /dev/kvm; no Cilium, no forced mounts fix", async () => {
        mocks.recorded.length = 0;
        new K3dCluster("plain", {
            ...args,
            clusterName: "plain",
            ciliumCni: false,
            kubeProxyReplacement: false,
            nodes: [{ name: "s", role: "server", runtimes: ["kata"], capabilities: ["kvm"] }],
        });
        await mocks.settle();
        const params = decodeParams(String(mocks.ofType("command:local:Command")[0].inputs.stdin));
        expect(params.NEEDS_KVM).toBe("true");
        expect(params.FIX_MOUNTS).toBe("false");
        expect(params.SHIM_COUNT).toBe("0");
    });
});
