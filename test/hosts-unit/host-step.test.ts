import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumi-mocks";

const mocks = installMocks((r) => (r.type === "command:local:Command" ? { stdout: "out" } : {}));

import { hostStep } from "../../components/hosts/host-step";
import { hostConnection } from "../../components/hosts/connection";
import { sshSchema } from "../../components/spec/node";
import { parseParams } from "../../components/hosts/params";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { isSecretInput, plain } from "./recorded";
import { recordDependencies, recordedOptions } from "./dependencies";
import { fixtureHostKey } from "./ssh-fixtures";

const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END OPENSSH PRIVATE KEY-----";
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfNode1";
const SCRIPT = path.join(__dirname, "../../components/hosts/scripts/preflight.sh");
const UNINSTALL = path.join(__dirname, "../../components/hosts/scripts/image-import-uninstall.sh");
const BASTION_KEY = fixtureHostKey("bastion of host-step.test.ts");

function ssh(extra: Record<string, unknown> = {}) {
    return sshSchema.parse({ user: "ops", privateKey: KEY, ...extra });
}

describe("hostConnection: every check of a host's connection, once", () => {
    test("pins the host key, keeps the private key secret, sets dial limits", async () => {
        const conn = hostConnection(ssh(), { name: "n1", host: "192.0.2.10", hostKey: HOST_KEY });
        expect(conn).toMatchObject({
            nodeName: "n1",
            host: "192.0.2.10",
            port: 22,
            user: "ops",
            hostKey: HOST_KEY,
            sudoMode: "nopasswd",
            timeoutSeconds: 600,
        });
        expect(conn.dialAttempts).toBeGreaterThan(0);
        expect(conn.dialTimeoutSeconds).toBeGreaterThan(0);
        expect(await pulumi.isSecret(conn.privateKey)).toBe(true);
        expect(conn.sudoPassword).toBeUndefined();
    });

    test("refuses a node without a pinned host key; accepts it only with insecureIgnoreHostKey", () => {
        expect(() => hostConnection(ssh(), { name: "n1", host: "192.0.2.10" })).toThrow(
            /node 'n1' \(192.0.2.10\) has no pinned host key — set hostKey: .*ssh-keyscan/,
        );
        expect(
            hostConnection(ssh({ insecureIgnoreHostKey: true }), { name: "n1", host: "192.0.2.10" }).hostKey,
        ).toBeUndefined();
    });

    test("refuses a node without a host, a root login, a missing private key", () => {
        expect(() => hostConnection(ssh(), { name: "n1", hostKey: HOST_KEY })).toThrow(
            /node 'n1' .* has no host — set host:/,
        );
        expect(() => hostConnection(ssh(), { name: "n1", host: "h", hostKey: HOST_KEY, user: "root" })).toThrow(
            /logs in as root/,
        );
        expect(() =>
            hostConnection(sshSchema.parse({ user: "ops" }), { name: "n1", host: "h", hostKey: HOST_KEY }),
        ).toThrow(/node 'n1': no SSH private key — set ssh.privateKey as a secret/);
    });

    test("password mode needs the password, kept secret", async () => {
        expect(() =>
            hostConnection(ssh({ sudo: { mode: "password" } }), { name: "n1", host: "h", hostKey: HOST_KEY }),
        ).toThrow(/ssh.sudo.mode is 'password' but no password is set/);
        const conn = hostConnection(ssh({ sudo: { mode: "password", password: "pw" } }), {
            name: "n1",
            host: "h",
            hostKey: HOST_KEY,
        });
        expect(await pulumi.isSecret(conn.sudoPassword as pulumi.Output<string>)).toBe(true);
    });

    test("goes through the bastion with the bastion's own pinned key (the login key when it has none)", async () => {
        const conn = hostConnection(ssh({ bastion: { host: "bastion.example", user: "jump", hostKey: BASTION_KEY } }), {
            name: "n1",
            host: "10.0.0.5",
            hostKey: HOST_KEY,
            port: 2222,
            user: "edge",
        });
        expect(conn.bastion).toMatchObject({ host: "bastion.example", port: 22, user: "jump", hostKey: BASTION_KEY });
        expect(conn.bastion?.privateKey).toBe(conn.privateKey);
        expect(conn).toMatchObject({ port: 2222, user: "edge" });
    });

    test("insecureIgnoreHostKey drops the nodes' keys, never the bastion's when it has one", () => {
        const conn = hostConnection(
            ssh({
                insecureIgnoreHostKey: true,
                bastion: { host: "bastion.example", user: "jump", hostKey: BASTION_KEY },
            }),
            { name: "n1", host: "10.0.0.5" },
        );
        expect(conn.hostKey).toBeUndefined();
        expect(conn.bastion?.hostKey).toBe(BASTION_KEY);
    });

    test("refuses a bastion without a pinned key, and a pinned node behind an unpinned bastion", () => {
        expect(() =>
            hostConnection(ssh({ bastion: { host: "b", user: "j" } }), { name: "n1", host: "h", hostKey: HOST_KEY }),
        ).toThrow(/the bastion b of node 'n1' has no pinned host key — set ssh.bastion.hostKey/);
        expect(() =>
            hostConnection(ssh({ insecureIgnoreHostKey: true, bastion: { host: "b", user: "j" } }), {
                name: "n1",
                host: "h",
                hostKey: HOST_KEY,
            }),
        ).toThrow(/the bastion b of node 'n1' has no pinned host key/);
    });
});

describe("hostStep: a one-shot step on the converge's transport", () => {
    const SUDO_PW = "hunter2-sudo";
    const TOKEN = "K10-join-token-value";
    const deps = recordDependencies();

    beforeAll(async () => {
        const parent = new pulumi.ComponentResource("continuum:index:KubeadmCluster", "c");
        const connection = hostConnection(ssh({ sudo: { mode: "password", password: SUDO_PW }, timeoutSeconds: 123 }), {
            name: "n1",
            host: "192.0.2.10",
            hostKey: HOST_KEY,
        });
        const first = hostStep("n1-first", { connection, script: SCRIPT, params: { A: "1" }, parent });
        hostStep("n1-step", {
            connection,
            script: SCRIPT,
            uninstallScript: UNINSTALL,
            params: { PLAIN: "v1", TOKEN: pulumi.secret(TOKEN), MULTI: "a\nb" },
            printsSecrets: true,
            dependsOn: [first.run],
            parent,
        });
        await mocks.settle();
    });

    const step = (name: string) => mocks.ofType("command:local:Command").find((r) => r.name === name)!;

    test("fleet-node-ssh.sh converge and unconverge, the step's own directory, sudo -S with the script's path", () => {
        const i = step("n1-step-run").inputs;
        expect(i.create).toBe("bash components/hosts/scripts/fleet-node-ssh.sh converge");
        expect(i.delete).toBe("bash components/hosts/scripts/fleet-node-ssh.sh unconverge");
        expect(i.update).toBeUndefined();
        const env = plain<Record<string, string>>(i.environment);
        expect(env.CONTINUUM_REMOTE_DIR).toMatch(/^\.continuum\/run\/n1-step-[0-9a-f]{8}$/);
        expect(env.CONTINUUM_REMOTE_CONVERGE).toBe(`sudo -k -S -p '' -- bash ${env.CONTINUUM_REMOTE_DIR}/preflight.sh`);
        expect(env.CONTINUUM_REMOTE_UNCONVERGE).toBe(
            `sudo -k -S -p '' -- bash ${env.CONTINUUM_REMOTE_DIR}/image-import-uninstall.sh`,
        );
        expect(env).toMatchObject({
            CONTINUUM_NODE: "n1",
            CONTINUUM_SSH_HOST: "192.0.2.10",
            CONTINUUM_SSH_HOST_KEY: HOST_KEY,
            CONTINUUM_RUN_TIMEOUT: "123",
        });
        expect(env.CONTINUUM_BUNDLE).toMatch(/^[0-9a-f]{64}$/);
        expect(i.logging).toBe("none");
        expect(i.addPreviousOutputInEnv).toBe(false);
        expect(recordedOptions.get("n1-step-run")!.timeouts.create).toMatch(/^\d+s$/);
    });

    test("a step without an uninstall only removes its directory on delete ('-')", () => {
        expect(plain<Record<string, string>>(step("n1-first-run").inputs.environment).CONTINUUM_REMOTE_UNCONVERGE).toBe(
            "-",
        );
    });

    test("stdin (secret): the keys, then the sudo password, then the params", () => {
        const i = step("n1-step-run").inputs;
        expect(isSecretInput(i.stdin)).toBe(true);
        const { privateKey, convergeInput } = parseFleetSshStdin(plain<string>(i.stdin));
        expect(privateKey).toBe(KEY);
        expect(convergeInput.split("\n")[0]).toBe(SUDO_PW);
        expect(parseParams(convergeInput)).toEqual({ PLAIN: "v1", TOKEN, MULTI: "a\nb" });
    });

    test("no secret in the command lines or the environment; dependsOn on the command", () => {
        const i = step("n1-step-run").inputs;
        const strings = JSON.stringify([i.create, i.delete, i.environment]);
        for (const secret of [SUDO_PW, TOKEN, "SECRETKEYMATERIAL"]) expect(strings).not.toContain(secret);
        expect(deps.get("n1-step-run")).toContain("n1-first-run");
    });
});
