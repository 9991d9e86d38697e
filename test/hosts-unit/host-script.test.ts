import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumi-mocks";

const mocks = installMocks((r) => (r.type === "command:remote:Command" ? { stdout: "out" } : {}));

import { HostScript } from "../../components/hosts/host-script";
import { hostAccess, sshConnection } from "../../components/hosts/connection";
import { sshSchema } from "../../components/spec/node";
import { parseParams } from "../../components/hosts/params";
import { isSecretInput, plain } from "./recorded";
import { fixtureHostKey } from "./ssh-fixtures";

const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END OPENSSH PRIVATE KEY-----";
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfNode1";
const SCRIPT = path.join(__dirname, "../../components/hosts/scripts/preflight.sh");
const BASTION_KEY = fixtureHostKey("bastion of host-script.test.ts");

function ssh(extra: Record<string, unknown> = {}) {
    return sshSchema.parse({ user: "ops", privateKey: KEY, ...extra });
}

/** Serialized inputs with secrets unwrapped by the mock monitor (values as the engine would see them). */
function text(v: unknown): string {
    return JSON.stringify(v);
}

describe("sshConnection", () => {
    test("pins the host key, keeps the private key secret, sets dial limits", async () => {
        const conn = sshConnection(ssh(), { name: "n1", host: "192.0.2.10", hostKey: HOST_KEY });
        expect(conn.hostKey).toBe(HOST_KEY);
        expect(conn.user).toBe("ops");
        expect(conn.port).toBe(22);
        expect(conn.dialErrorLimit).toBeGreaterThan(0);
        expect(conn.perDialTimeout).toBeGreaterThan(0);
        expect(await pulumi.isSecret(pulumi.output(conn.privateKey))).toBe(true);
    });

    test("refuses a node without a pinned host key", () => {
        expect(() => sshConnection(ssh(), { name: "n1", host: "192.0.2.10" })).toThrow(/node 'n1' \(192.0.2.10\) has no pinned host key — set hostKey: .*ssh-keyscan/);
    });

    test("accepts a missing host key only with insecureIgnoreHostKey", () => {
        const conn = sshConnection(ssh({ insecureIgnoreHostKey: true }), { name: "n1", host: "192.0.2.10" });
        expect(conn.hostKey).toBeUndefined();
    });

    test("refuses a node without a host and a root login", () => {
        expect(() => sshConnection(ssh(), { name: "n1", hostKey: HOST_KEY })).toThrow(/node 'n1' .* has no host — set host:/);
        expect(() => sshConnection(ssh(), { name: "n1", host: "h", hostKey: HOST_KEY, user: "root" })).toThrow(/logs in as root/);
    });

    test("goes through the bastion with the bastion's own pinned key", async () => {
        const conn = sshConnection(ssh({ bastion: { host: "bastion.example", user: "jump", hostKey: BASTION_KEY } }),
            { name: "n1", host: "10.0.0.5", hostKey: HOST_KEY, port: 2222, user: "edge" });
        const proxy = conn.proxy as unknown as Record<string, unknown>;
        expect(proxy.host).toBe("bastion.example");
        expect(proxy.hostKey).toBe(BASTION_KEY);
        expect(proxy.perDialTimeout).toBeGreaterThan(0);
        expect(await pulumi.isSecret(pulumi.output(proxy.privateKey as string))).toBe(true);
        expect(conn.port).toBe(2222);
        expect(conn.user).toBe("edge");
    });

    test("insecureIgnoreHostKey drops the nodes' keys, never the bastion's when it has one", () => {
        const conn = sshConnection(ssh({ insecureIgnoreHostKey: true, bastion: { host: "bastion.example", user: "jump", hostKey: BASTION_KEY } }), { name: "n1", host: "10.0.0.5" });
        expect(conn.hostKey).toBeUndefined();
        expect((conn.proxy as unknown as Record<string, unknown>).hostKey).toBe(BASTION_KEY);
    });

    test("refuses a bastion without a pinned key", () => {
        expect(() => sshConnection(ssh({ bastion: { host: "b", user: "j" } }), { name: "n1", host: "h", hostKey: HOST_KEY }))
            .toThrow(/bastion b has no pinned host key — set ssh.bastion.hostKey/);
    });
});

describe("HostScript", () => {
    const SUDO_PW = "hunter2-sudo";
    const TOKEN = "K10-join-token-value";

    beforeAll(async () => {
        const access = hostAccess(ssh({ sudo: { mode: "password", password: SUDO_PW } }), { name: "n1", host: "192.0.2.10", hostKey: HOST_KEY });
        new HostScript("n1-step", {
            nodeName: "n1",
            connection: access.connection,
            sudoMode: access.sudoMode,
            sudoPassword: access.sudoPassword,
            script: SCRIPT,
            uninstallScript: SCRIPT,
            params: { PLAIN: "v1", TOKEN: pulumi.secret(TOKEN), MULTI: "a\nb" },
            files: [{ name: "k3s", fileName: "k3s-bin", sha256: "a".repeat(64), source: new pulumi.asset.StringAsset("x") }],
            printsSecrets: true,
            timeoutSeconds: 123,
        });
        await mocks.settle();
    });

    const commands = () => mocks.ofType("command:remote:Command").filter((r) => r.name.startsWith("n1-step"));
    const copies = () => mocks.ofType("command:remote:CopyToRemote").filter((r) => r.name.startsWith("n1-step"));

    test("copies library, script, uninstall and files into a private directory", () => {
        const paths = copies().map((c) => c.inputs.remotePath as string);
        expect(paths.length).toBe(4);
        const dir = path.dirname(paths[0]);
        expect(dir).toMatch(/^\.continuum\/run\/n1-step-[0-9a-f]{8}$/);
        expect(paths.map((p) => path.basename(p)).sort()).toEqual(["continuum-lib.sh", "k3s-bin", "preflight.sh", "preflight.sh"].sort());
    });

    test("runs through sudo -S with the password on stdin, uninstall on delete", () => {
        const run = commands().find((c) => c.name === "n1-step-run");
        expect(run).toBeDefined();
        const i = run!.inputs;
        // Bounded on the host too: timeout runs as root, between sudo and bash.
        expect(i.create).toMatch(/^sudo -k -S -p '' -- timeout --kill-after=15 123 bash \.continuum\/run\/n1-step-[0-9a-f]{8}\/preflight\.sh$/);
        expect(i.update).toBe(i.create);
        expect(i.delete).toBe(i.create);
        expect(i.logging).toBe("none");
        expect(i.addPreviousOutputInEnv).toBe(false);
    });

    test("stdin holds password then params (multi-line base64, artifact names and checksums)", () => {
        const run = commands().find((c) => c.name === "n1-step-run")!;
        expect(isSecretInput(run.inputs.stdin)).toBe(true);
        const stdin = plain<string>(run.inputs.stdin);
        expect(stdin.split("\n")[0]).toBe(SUDO_PW);
        const params = parseParams(stdin);
        expect(params).toEqual({ PLAIN: "v1", TOKEN, MULTI: "a\nb", ARTIFACT_K3S: "k3s-bin", ARTIFACT_K3S_SHA256: "a".repeat(64) });
    });

    test("no secret appears in any create/update/delete string", () => {
        for (const c of commands()) {
            const strings = text([c.inputs.create, c.inputs.update, c.inputs.delete]);
            for (const secret of [SUDO_PW, TOKEN, "SECRETKEYMATERIAL"]) expect(strings).not.toContain(secret);
        }
    });

    test("every remote resource pins the host key", () => {
        for (const r of [...commands(), ...copies()]) {
            expect(isSecretInput(r.inputs.connection)).toBe(true);
            expect(plain<Record<string, unknown>>(r.inputs.connection).hostKey).toBe(HOST_KEY);
        }
    });

    test("refuses a file without a valid checksum", () => {
        expect(() => new HostScript("bad", {
            nodeName: "n2", connection: { host: "h" }, script: SCRIPT,
            files: [{ name: "k3s", fileName: "k3s", sha256: "", source: new pulumi.asset.StringAsset("x") }],
        })).toThrow(/k3s for node 'n2' has no valid sha256 or sha512 .* pin it in the stack \(artifacts\.k3s\.<arch>\.sha256 or \.sha512/);
    });
});
