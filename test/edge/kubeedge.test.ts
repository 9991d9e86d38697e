import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installMocks, isSecretOutput, valueOf } from "../helpers/pulumi-mocks";

const TOKEN = "0123456789abcdef.eyJhbGciOiJIUzI1NiJ9.SECRET-JOIN-TOKEN";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** The mocked RandomPassword the EdgeMesh PSK (32 bytes, base64) is derived from. */
const PSK_PASSWORD = "edgemesh-psk-password";

const mocks = installMocks((r) => {
    if (r.type === "kubernetes:helm.sh/v3:Release")
        return { status: { namespace: r.inputs.namespace, status: "deployed" } };
    if (r.type === "kubernetes:core/v1:Secret")
        return { data: { tokendata: Buffer.from(`${TOKEN}\n`).toString("base64") } };
    if (r.type === "random:index/randomPassword:RandomPassword" && r.name.endsWith("-psk"))
        return { result: PSK_PASSWORD };
    return {};
});

import { KubeEdge } from "../../components/edge/kubeedge";
import { hostConnection } from "../../components/hosts/connection";
import { sshSchema } from "../../components/spec/node";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { VERSION_TABLE } from "../../components/version-table";
import { fakeCluster } from "../network/fake-cluster";
import { sshKubeadmCloud, writeStandInArchives } from "./edge-fixtures";

const ssh = sshSchema.parse({
    user: "ops",
    privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nK\n-----END OPENSSH PRIVATE KEY-----",
});
const access = (name: string, host: string) =>
    hostConnection(ssh, { name, host, hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAATestHostKey" });

const devices = {
    deviceModels: [
        {
            name: "thermometer",
            protocol: "modbus",
            properties: [{ name: "temperature", type: "float" as const, accessMode: "ReadOnly" as const }],
        },
    ],
    devices: [
        {
            name: "thermo-1",
            model: "thermometer",
            node: "ke-1",
            protocolConfig: {},
            properties: [{ name: "temperature", collectCycleMs: 5000, reportCycleMs: 10000, reportToCloud: true }],
        },
    ],
};

/** A secret input arrives from the mock monitor wrapped in the secret signature. */
const unwrap = (v: unknown): unknown =>
    v && typeof v === "object" && SECRET_SIG in v ? (v as unknown as { value: unknown }).value : v;

describe("KubeEdge over SSH", () => {
    // Stand-in checksums: KubeEdge publishes no sha256 for keadm (the table leaves it empty and real
    // installs refuse). The test fills one to see what a pinned table would declare.
    const keadmFiles = VERSION_TABLE.hostArtifacts.keadm.files;
    const saved = keadmFiles.amd64!.sha256;
    const airgap = fs.mkdtempSync(path.join(os.tmpdir(), "ke-artifacts-"));
    let ke: KubeEdge;

    beforeAll(async () => {
        keadmFiles.amd64!.sha256 = "a".repeat(64);
        writeStandInArchives(airgap, ["containerd", "cniPlugins", "keadm", "crun"]);
        const cloud = sshKubeadmCloud();
        ke = new KubeEdge("ke", {
            cloudCluster: cloud,
            edgeMesh: true,
            nodes: [
                { name: "ke-1", labels: { site: "field-1" }, connection: access("ke-1", "192.0.2.101") },
                { name: "ke-2", connection: access("ke-2", "192.0.2.102"), runtimes: ["crun"] },
            ],
            artifactDir: airgap,
            ...devices,
        });
        await valueOf(ke.cloudCore.token!);
        await mocks.settle();
        await mocks.settle();
    });
    afterAll(() => {
        keadmFiles.amd64!.sha256 = saved;
        fs.rmSync(airgap, { recursive: true });
    });

    const commands = () =>
        [...mocks.ofType("command:remote:Command"), ...mocks.ofType("command:local:Command")].filter((r) =>
            r.name.startsWith("ke-"),
        );

    it("installs CloudCore from the pinned chart with the advertise address and dynamicController for EdgeMesh", () => {
        const rel = mocks.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "ke-cloudcore");
        expect(rel?.inputs.chart).toBe("cloudcore");
        expect(rel?.inputs.version).toBe(VERSION_TABLE.charts.cloudcore.version);
        expect(rel?.inputs.namespace).toBe("kubeedge");
        expect(rel?.provider).toContain("cloud-provider");
        const cc = (
            rel?.inputs.values as {
                cloudCore: {
                    modules: { cloudHub: { advertiseAddress: string[] }; dynamicController: { enable: boolean } };
                };
            }
        ).cloudCore;
        expect(cc.modules.cloudHub.advertiseAddress).toEqual(["192.0.2.10"]);
        expect(cc.modules.dynamicController.enable).toBe(true);
    });

    it("reads the join token from CloudCore's token secret, as a secret", async () => {
        expect(mocks.ofType("kubernetes:core/v1:Secret").some((r) => r.name === "ke-cloudcore-token")).toBe(true);
        expect(await valueOf(ke.cloudCore.token!)).toBe(TOKEN);
        expect(await isSecretOutput(ke.cloudCore.token!)).toBe(true);
    });

    it("each edge node is one converge (no component per node, no copy)", () => {
        const mine = mocks.recorded
            .filter((r) => r.name.startsWith("ke-ke-"))
            .map((r) => `${r.type} ${r.name}`)
            .sort();
        expect(mine).toEqual(["command:local:Command ke-ke-1-converge", "command:local:Command ke-ke-2-converge"]);
        expect(mocks.ofType("continuum:index:KubeEdgeNode")).toEqual([]);
        expect(Object.keys(ke.nodes).sort()).toEqual(["ke-1", "ke-2"]);
    });

    it("joins every edge node with keadm, the token only on stdin (no secret in any command string)", () => {
        const joins = commands().filter((r) => /-converge$/.test(r.name));
        expect(joins.map((r) => r.name).sort()).toEqual(["ke-ke-1-converge", "ke-ke-2-converge"]);
        for (const c of commands()) {
            for (const field of ["create", "update", "delete"]) {
                const cmd = c.inputs[field];
                if (cmd === undefined) continue;
                expect(typeof cmd).toBe("string");
                expect(cmd as string).not.toContain(TOKEN);
                expect(cmd as string).not.toContain("TOKEN");
                expect(cmd as string).not.toMatch(/token/i);
            }
        }
        const join = joins.find((r) => r.name === "ke-ke-1-converge")!;
        expect(join.inputs.stdin).toHaveProperty([SECRET_SIG]);
        const input = parseConvergeInput(unwrap(join.inputs.stdin) as string);
        expect(input.global.STEPS).toBe("edge-runtime.sh keadm-join.sh");
        expect(input.global.UNINSTALLS).toBe("edge-runtime.sh:edge-runtime-uninstall.sh keadm-join.sh:keadm-reset.sh");
        expect(input.steps["edge-runtime.sh"].TOKEN).toBeUndefined();
        const params = input.steps["keadm-join.sh"];
        expect(params.TOKEN).toBe(TOKEN);
        expect(params).toMatchObject({
            EDGENODE_NAME: "ke-1",
            CLOUDCORE_IPPORT: "192.0.2.10:10000",
            CERT_PORT: "10002",
            TUNNEL_SERVER: "192.0.2.10:10004",
            KUBEEDGE_VERSION: "v1.23.0",
            CGROUP_DRIVER: "systemd",
            LABELS: "site=field-1",
        });
        expect(params.ARTIFACT_KEADM_SHA256).toBe("a".repeat(64));
        expect(join.inputs.create).toBe("bash components/hosts/scripts/fleet-node-ssh.sh converge");
        expect(join.inputs.delete).toBe("bash components/hosts/scripts/fleet-node-ssh.sh unconverge");
        const env = join.inputs.environment as Record<string, string>;
        expect(env.CONTINUUM_REMOTE_CONVERGE).toMatch(
            /^sudo -n -- bash \.continuum-bundle-[0-9a-f]{16}\/node-converge\.sh$/,
        );
        expect(env.CONTINUUM_REMOTE_UNCONVERGE).toMatch(
            /^sudo -n -- bash \.continuum-bundle-[0-9a-f]{16}\/node-unconverge\.sh$/,
        );
        expect(JSON.stringify(env)).not.toContain(TOKEN);
    });

    it("installs a node's extra runtimes in its converge, before the join, which labels the node with them", () => {
        const c = commands().find((r) => r.name === "ke-ke-2-converge")!;
        const input = parseConvergeInput(unwrap(c.inputs.stdin) as string);
        expect(input.global.STEPS).toBe("edge-runtime.sh runtimes-install.sh keadm-join.sh");
        expect(input.global.UNINSTALLS).toContain("runtimes-install.sh:runtimes-uninstall.sh");
        expect(input.steps["runtimes-install.sh"]).toMatchObject({
            RUNTIMES: "crun",
            CONFIG_MODE: "dropin",
            CRUN_SOURCE: "binary",
        });
        expect(input.steps["runtimes-install.sh"].ARTIFACT_CRUN_SHA256).toBe(
            VERSION_TABLE.hostArtifacts.crun.files.amd64!.sha256,
        );
        expect(input.steps["keadm-join.sh"].LABELS).toBe("runtime.continuum.dev/crun=true");
        expect(mocks.recorded.filter((r) => r.name.startsWith("ke-") && r.type.startsWith("command:remote:"))).toEqual(
            [],
        );
    });

    it("prepares containerd with the matching cgroup driver and a CNI conflist before joining", () => {
        const rt = commands().find((r) => r.name === "ke-ke-1-converge")!;
        const params = parseConvergeInput(unwrap(rt.inputs.stdin) as string).steps["edge-runtime.sh"];
        expect(params.CONTAINERD_CONFIG).toContain("SystemdCgroup = true");
        expect(JSON.parse(params.CNI_CONFLIST).plugins[0].type).toBe("bridge");
        expect(params.ARTIFACT_CONTAINERD).toBe(VERSION_TABLE.hostArtifacts.containerd.files.amd64!.fileName);
    });

    it("patches kubeadm's kube-proxy DaemonSet and CoreDNS Deployment off edge nodes", () => {
        const dns = mocks.ofType("kubernetes:apps/v1:DeploymentPatch").filter((r) => r.name.startsWith("ke-"));
        expect(dns.map((p) => p.name)).toEqual(["ke-offedge-coredns"]);
        expect(JSON.stringify(dns[0].inputs.spec)).toContain(
            '"key":"node-role.kubernetes.io/edge","operator":"DoesNotExist"',
        );
        const patches = mocks.ofType("kubernetes:apps/v1:DaemonSetPatch").filter((r) => r.name.startsWith("ke-"));
        expect(patches.map((p) => p.name)).toEqual(["ke-offedge-kube-proxy"]);
        expect(JSON.stringify(patches[0].inputs.spec)).toContain(
            '"key":"node-role.kubernetes.io/edge","operator":"DoesNotExist"',
        );
        expect(patches[0].provider).toContain("cloud-provider");
    });

    it("declares the device objects and EdgeMesh with a secret PSK", () => {
        const crs = mocks
            .ofType("kubernetes:devices.kubeedge.io/v1beta1:Device")
            .concat(mocks.ofType("kubernetes:devices.kubeedge.io/v1beta1:DeviceModel"));
        expect(crs.map((r) => r.name).sort()).toEqual(["ke-device-thermo-1", "ke-devicemodel-thermometer"]);
        expect(ke.deviceObjects).toEqual(["DeviceModel/thermometer", "Device/thermo-1"]);
        const em = mocks.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name === "ke-edgemesh")!;
        expect(em.inputs.values).toHaveProperty([SECRET_SIG]);
        expect(JSON.stringify(unwrap(em.inputs.values))).toContain(
            createHash("sha256").update(PSK_PASSWORD).digest("base64"),
        );
    });
});

describe("KubeEdge refusals and the simulated substrate", () => {
    it(
        "refuses to join with keadm while no digest pins it, naming the stack " + "field, before anything is declared",
        () => {
            const cloud = fakeCluster({ name: "c2", substrate: "ssh", podCidr: "10.11.0.0/16", apiHost: "192.0.2.20" });
            const before = mocks.recorded.length;
            expect(
                () =>
                    new KubeEdge("ke2", {
                        cloudCluster: cloud,
                        nodes: [{ name: "n", connection: access("n", "192.0.2.120") }],
                    }),
            ).toThrow(
                new RegExp(
                    /keadm 1\.23\.0 for amd64 has no published /.source +
                        /sha256 or sha512 .* set artifacts\.keadm\.amd64\.sha256 /.source +
                        /\(or \.sha512\) in the stack .* continuum /.source +
                        /does not install unverified files/.source,
                ),
            );
            return mocks.settle().then(() => {
                expect(mocks.recorded.slice(before).filter((r) => r.name.startsWith("ke2-"))).toEqual([]);
            });
        },
    );

    it("refuses an edge node of an arch containerd is not published for", () => {
        const cloud = fakeCluster({ name: "c4", substrate: "ssh", podCidr: "10.14.0.0/16", apiHost: "192.0.2.40" });
        expect(
            () =>
                new KubeEdge("ke4", {
                    cloudCluster: cloud,
                    nodes: [{ name: "pi", arch: "arm", connection: access("pi", "192.0.2.140") }],
                }),
        ).toThrow(/containerd \S+ is not pinned for arm/);
    });

    it("refuses SSH nodes without a connection", () => {
        const cloud = fakeCluster({ name: "c3", substrate: "ssh", podCidr: "10.12.0.0/16" });
        expect(() => new KubeEdge("ke3", { cloudCluster: cloud, nodes: [{ name: "lost" }] })).toThrow(
            /KubeEdge nodes lost join over SSH but have no connection/,
        );
    });

    it("on sim renders CloudCore and devices only: no SSH, no token read", async () => {
        const cloud = fakeCluster({
            name: "simcloud",
            substrate: "sim",
            podCidr: "10.13.0.0/16",
            apiHost: "10.255.0.1",
        });
        const before = mocks.recorded.length;
        const sim = new KubeEdge("kesim", { cloudCluster: cloud, nodes: [{ name: "ke-1" }], ...devices });
        await mocks.settle();
        const mine = mocks.recorded.slice(before).filter((r) => r.name.startsWith("kesim"));
        expect(mine.some((r) => r.type === "command:remote:Command")).toBe(false);
        expect(mine.some((r) => r.type === "kubernetes:core/v1:Secret")).toBe(false);
        expect(mine.some((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "kesim-cloudcore")).toBe(true);
        expect(mine.filter((r) => r.type.startsWith("kubernetes:devices.kubeedge.io/v1beta1:")).length).toBe(2);
        expect(sim.cloudCore.token).toBeUndefined();
        expect(sim.patchedDaemonSets).toEqual([]);
    });
});
