import {
    privateKeysIn,
    secretCommandOutputs,
    secretKeysFromKeyResources,
    secretRandomCredentials,
} from "../../policies/secrets";
import { k8sProvider, runResourcePolicy, runStackPolicy, type StackResourceSpec } from "./harness";

const LOCAL = "command:local:Command";
const REMOTE = "command:remote:Command";
const PROVIDER = "pulumi:providers:kubernetes";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("secret-command-outputs", () => {
    /** The sim substrate's shape: a control-plane command whose stdout becomes the provider's kubeconfig. */
    const simCluster = (opts: { secret: boolean; logging?: string }): StackResourceSpec[] => [
        {
            type: LOCAL,
            name: "cloud-control-plane",
            props: { create: "bash sim-cluster.sh up", ...(opts.logging ? { logging: opts.logging } : {}) },
            opts: { additionalSecretOutputs: opts.secret ? ["stdout"] : [] },
        },
        {
            type: PROVIDER,
            name: "cloud-sim",
            props: { kubeconfig: "apiVersion: v1" },
            dependsOn: { kubeconfig: ["cloud-control-plane"] },
        },
    ];

    it("accepts a command whose output feeds a kubeconfig when stdout is secret and not logged", async () => {
        expect(await runStackPolicy(secretCommandOutputs, simCluster({ secret: true, logging: "stderr" }))).toEqual([]);
        expect(await runStackPolicy(secretCommandOutputs, simCluster({ secret: true, logging: "none" }))).toEqual([]);
    });

    it("refuses one whose stdout is not secret, naming what it feeds", async () => {
        const v = await runStackPolicy(secretCommandOutputs, simCluster({ secret: false, logging: "none" }));
        expect(v).toEqual([
            {
                message: expect.stringContaining(
                    "command 'cloud-control-plane' prints a secret (its " +
                        "output feeds cloud-sim.kubeconfig) but stdout is not secret",
                ),
                urn: expect.stringContaining("cloud-control-plane"),
            },
        ]);
    });

    it("refuses one that logs stdout (the default logging logs both streams)", async () => {
        const v = await runStackPolicy(secretCommandOutputs, simCluster({ secret: true }));
        expect(v).toEqual([
            expect.objectContaining({ message: expect.stringContaining("logs it (logging: stdoutAndStderr)") }),
        ]);
    });

    it("finds secret-printing commands by name or command line, and checks Secrets as sinks", async () => {
        const v = await runStackPolicy(secretCommandOutputs, [
            { type: REMOTE, name: "edge-a-server-token", props: { create: "sudo -n -- bash run.sh", logging: "none" } },
            { type: LOCAL, name: "fetch", props: { create: "cat /etc/rancher/k3s/k3s.yaml", logging: "none" } },
            { type: LOCAL, name: "gen", props: { create: "bash gen.sh", logging: "none" } },
            {
                type: "kubernetes:core/v1:Secret",
                name: "creds",
                props: { stringData: { a: "b" } },
                dependsOn: { stringData: ["gen"] },
            },
            { type: LOCAL, name: "harmless", props: { create: "echo hello" } },
            {
                type: REMOTE,
                name: "agent-join",
                props: { create: "k3s agent --server https://10.0.0.1:6443 --token abc" },
            },
        ]);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining(
                "'edge-a-server-token' prints a secret (its name matches /(?<!--)\\btoken\\b(?!-file)/)",
            ),
            expect.stringContaining("'fetch' prints a secret (its create line matches /k3s\\.yaml/)"),
            expect.stringContaining("'gen' prints a secret (its output feeds creds.stringData)"),
        ]);
        expect(v.map((x) => x.urn?.split("::").pop())).toEqual(["edge-a-server-token", "fetch", "gen"]);
    });

    it("does not count a step's directory housekeeping, whatever the step is called", async () => {
        const v = await runStackPolicy(secretCommandOutputs, [
            {
                type: REMOTE,
                name: "cloud-kubeconfig-dir",
                props: {
                    create: "mkdir -p -m 0700 .continuum/run/cloud-kubeconfig-1a2b3c4d",
                    delete: "rm -rf -- .continuum/run/cloud-kubeconfig-1a2b3c4d",
                },
            },
            {
                type: REMOTE,
                name: "cloud-kubeconfig-run",
                props: {
                    create: "sudo -n -- bash .continuum/run/cloud-kubeconfig-1a2b3c4d/print-kubeconfig.sh",
                    logging: "none",
                },
            },
        ]);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("command 'cloud-kubeconfig-run' prints a secret"),
        ]);
    });

    it("sees the commands and the kubeconfig's dependency at the first preview too", async () => {
        const v = await runStackPolicy(
            secretCommandOutputs,
            simCluster({ secret: false, logging: "none" }),
            {},
            { outputsUnknown: true },
        );
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("(its output feeds cloud-sim.kubeconfig) but stdout is not secret"),
        ]);
    });

    it("reads its patterns and accepted logging from the config", async () => {
        const stack: StackResourceSpec[] = [
            { type: LOCAL, name: "vault-read", props: { create: "vault read x", logging: "stderr" } },
        ];
        expect(await runStackPolicy(secretCommandOutputs, stack)).toEqual([]);
        expect(
            await runStackPolicy(secretCommandOutputs, stack, {
                secretOutputPatterns: ["vault"],
                allowedLogging: ["none"],
            }),
        ).toHaveLength(2);
    });
});

describe("secret-random-credentials", () => {
    it("accepts a RandomPassword token and a RandomString that is not a credential", async () => {
        expect(
            await runResourcePolicy(secretRandomCredentials, {
                type: "random:index/randomPassword:RandomPassword",
                name: "k3s-token",
                props: { length: 48 },
            }),
        ).toEqual([]);
        expect(
            await runResourcePolicy(secretRandomCredentials, {
                type: "random:index/randomString:RandomString",
                name: "suffix",
                props: { length: 6 },
            }),
        ).toEqual([]);
        // The ID half of a kubeadm bootstrap token is public by design.
        expect(
            await runResourcePolicy(secretRandomCredentials, {
                type: "random:index/randomString:RandomString",
                name: "cloud-token-id",
                props: { length: 6 },
            }),
        ).toEqual([]);
    });

    it("refuses a RandomString named as a token", async () => {
        const v = await runResourcePolicy(secretRandomCredentials, {
            type: "random:index/randomString:RandomString",
            name: "edge-a-join-token",
            props: { length: 32 },
        });
        expect(v).toEqual([
            "'edge-a-join-token' looks like a credential (name matches /token/) " +
                "but its result is also its resource ID, in plain text in the state: use " +
                "random.RandomPassword.",
        ]);
    });

    it(
        "refuses a credential RandomId or RandomBytes even with every value " +
            "output listed secret (the ID leaks it)",
        async () => {
            const opts = { additionalSecretOutputs: ["b64Std", "b64Url", "dec", "hex"] };
            expect(
                await runResourcePolicy(secretRandomCredentials, {
                    type: "random:index/randomId:RandomId",
                    name: "api-key",
                    props: {},
                    opts,
                }),
            ).toEqual([expect.stringContaining("its b64Url is also its resource ID")]);
            expect(
                await runResourcePolicy(secretRandomCredentials, {
                    type: "random:index/randomBytes:RandomBytes",
                    name: "mesh-psk-key",
                    props: { length: 32 },
                    opts: { additionalSecretOutputs: ["base64", "hex"] },
                }),
            ).toEqual([expect.stringContaining("its base64 is also its resource ID")]);
        },
    );
});

describe("secret-keys-generated", () => {
    const provider = k8sProvider("cloud");
    const cilium = (values: Record<string, unknown>, deps: string[] = []): StackResourceSpec[] => [
        { type: "tls:index/privateKey:PrivateKey", name: "mesh-ca", props: { algorithm: "RSA" } },
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "mesh-cloud",
            props: { chart: "cilium", version: "1.18.4", values },
            provider,
            dependsOn: { values: deps },
        },
    ];

    it("accepts the mesh CA key when it comes from a tls.PrivateKey", async () => {
        expect(
            await runStackPolicy(
                secretKeysFromKeyResources,
                cilium({ tls: { ca: { cert: b64("CERT"), key: b64(PEM) } } }, ["mesh-ca"]),
            ),
        ).toEqual([]);
    });

    it("refuses a CA key written into the program", async () => {
        const v = await runStackPolicy(
            secretKeysFromKeyResources,
            cilium({ cluster: { name: "cloud" }, tls: { ca: { cert: "Q0VSVA==", key: "c2VjcmV0" } } }),
        );
        expect(v).toEqual([
            {
                message:
                    "'mesh-cloud' values holds a private key at tls.ca.key " +
                    "that no key resource produced: generate it with tls.PrivateKey and pass the output.",
                urn: expect.any(String),
            },
        ]);
    });

    it("refuses a PEM key in a Secret's stringData, and accepts an empty key value", async () => {
        const v = await runStackPolicy(secretKeysFromKeyResources, [
            {
                type: "kubernetes:core/v1:Secret",
                name: "tls",
                props: { stringData: { "tls.key": PEM, "tls.crt": "x" } },
            },
            {
                type: "kubernetes:helm.sh/v3:Release",
                name: "r",
                props: { chart: "cilium", values: { tls: { ca: { key: "" } } } },
            },
        ]);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("'tls' stringData holds a private key at tls.key that no key resource produced"),
        ]);
    });

    it("catches a literal CA key at the first preview too", async () => {
        const v = await runStackPolicy(
            secretKeysFromKeyResources,
            cilium({ tls: { ca: { key: "c2VjcmV0" } } }),
            {},
            { outputsUnknown: true },
        );
        expect(v).toHaveLength(1);
    });

    it("finds keys by path, by PEM and by base64 PEM", () => {
        expect(
            privateKeysIn({ hubble: { tls: { server: { key: "x" } } }, a: [PEM], b: b64(PEM), c: b64("hello") }),
        ).toEqual(["hubble.tls.server.key", "a[0]", "b"]);
    });
});
