import { commandNoSecretLiterals, remoteCommandTimeouts, sshHostKeyPinned } from "../../policies/ssh";
import { previewValue, runResourcePolicy, unknownString } from "./harness";

const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBzXq0Gd0zP7sYcbYw3m0oV1f3iZ1+DxhU6gq3Y5nKqE";
const TIMEOUTS = { customTimeouts: { createSeconds: 600, updateSeconds: 600, deleteSeconds: 300 } };

function remote(props: Record<string, unknown>, type = "command:remote:Command") {
    return { type, name: "k3s-server-install", props, opts: TIMEOUTS };
}

describe("ssh-host-key-pinned", () => {
    it("accepts a command that pins the host key of the node and of its bastion", async () => {
        const props = {
            connection: {
                host: "10.0.0.5",
                user: "debian",
                hostKey: HOST_KEY,
                proxy: { host: "bastion", hostKey: HOST_KEY },
            },
            create: "sudo bash -s",
        };
        expect(await runResourcePolicy(sshHostKeyPinned, remote(props))).toEqual([]);
    });

    it("refuses a command without a host key, naming the host", async () => {
        const v = await runResourcePolicy(
            sshHostKeyPinned,
            remote({ connection: { host: "10.0.0.5", user: "debian" }, create: "true" }),
        );
        expect(v).toEqual([expect.stringContaining("connection to 10.0.0.5 does not pin a host key")]);
    });

    it("refuses a bastion without a host key even when the node pins one", async () => {
        const v = await runResourcePolicy(
            sshHostKeyPinned,
            remote({ connection: { host: "10.0.0.5", hostKey: HOST_KEY, proxy: { host: "bastion.lab" } } }),
        );
        expect(v).toEqual([expect.stringContaining("connection.proxy to bastion.lab does not pin a host key")]);
    });

    it("refuses an empty host key and checks CopyToRemote too", async () => {
        const v = await runResourcePolicy(
            sshHostKeyPinned,
            remote({ connection: { host: "n1", hostKey: "  " }, remotePath: "/tmp/x" }, "command:remote:CopyToRemote"),
        );
        expect(v).toHaveLength(1);
    });

    it("treats a host key not known at preview as pinned", async () => {
        const props = previewValue({ connection: { host: "10.0.0.5", hostKey: unknownString } });
        expect(await runResourcePolicy(sshHostKeyPinned, remote(props))).toEqual([]);
    });

    it("ignores local commands", async () => {
        expect(
            await runResourcePolicy(sshHostKeyPinned, { type: "command:local:Command", props: { create: "true" } }),
        ).toEqual([]);
        expect(
            await runResourcePolicy(sshHostKeyPinned, {
                type: "command:local:Command",
                props: { create: "true", environment: { FOO: "1" } },
            }),
        ).toEqual([]);
    });

    it(
        "checks a fleet node's converge (a local command over SSH): the node's " + "pinned key and its bastion's",
        async () => {
            const fleet = (env: Record<string, string>) => ({
                type: "command:local:Command",
                name: "n1-converge",
                props: { create: "bash fleet-node-ssh.sh converge", environment: env },
            });
            expect(
                await runResourcePolicy(
                    sshHostKeyPinned,
                    fleet({ CONTINUUM_SSH_HOST: "10.0.0.5", CONTINUUM_SSH_HOST_KEY: HOST_KEY }),
                ),
            ).toEqual([]);
            expect(
                await runResourcePolicy(
                    sshHostKeyPinned,
                    fleet({ CONTINUUM_SSH_HOST: "10.0.0.5", CONTINUUM_SSH_INSECURE: "1" }),
                ),
            ).toEqual([
                "'n1-converge' SSH connection to 10.0.0.5 does not pin a host " +
                    "key: set the node's hostKey in the stack spec.",
            ]);
            expect(
                await runResourcePolicy(
                    sshHostKeyPinned,
                    fleet({
                        CONTINUUM_SSH_HOST: "10.0.0.5",
                        CONTINUUM_SSH_HOST_KEY: HOST_KEY,
                        CONTINUUM_BASTION_HOST: "bastion.lab",
                    }),
                ),
            ).toEqual([
                "'n1-converge' bastion connection to bastion.lab does not pin " +
                    "a host key: set ssh.bastion.hostKey in the stack spec.",
            ]);
            expect(
                await runResourcePolicy(sshHostKeyPinned, {
                    type: "command:local:Command",
                    props: previewValue({ create: "x", environment: unknownString }),
                }),
            ).toEqual([]);
        },
    );
});

describe("command-no-secret-literals", () => {
    it("accepts a command whose secrets travel on stdin", async () => {
        const props = {
            connection: { host: "n1", hostKey: HOST_KEY },
            create: "sudo bash -s",
            stdin: "K3S_TOKEN=K10abcdef0123456789abcdef::server:s3cr3t\n",
        };
        expect(await runResourcePolicy(commandNoSecretLiterals, remote(props))).toEqual([]);
    });

    it.each([
        ["a private key", "echo '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...' > /root/.ssh/id"],
        ["a K3s token", "k3s agent --server https://10.0.0.1:6443 K10cafe0123456789abcdef0123456789::server:abc"],
        ["--token", "k3s agent --token abc123"],
        ["password=", "mysql -h db password=hunter2"],
        [
            "a kubeadm bootstrap token",
            "kubeadm join 10.0.0.1:6443 --discovery-token-unsafe-skip-ca-verification abcdef.0123456789abcdef",
        ],
        ["a kubeadm certificate key", "kubeadm join --control-plane --certificate-key 0123abcd"],
        ["K3S_TOKEN in the environment of the line", "K3S_TOKEN=s3cret sh install.sh"],
    ])("refuses %s in the command line", async (_what, create) => {
        const v = await runResourcePolicy(
            commandNoSecretLiterals,
            remote({ connection: { host: "n1", hostKey: HOST_KEY }, create }),
        );
        expect(v).toEqual([
            expect.stringContaining("command 'k3s-server-install' create carries what looks like a secret"),
        ]);
    });

    it("checks update and delete lines and local commands", async () => {
        const v = await runResourcePolicy(commandNoSecretLiterals, {
            type: "command:local:Command",
            name: "x",
            props: { create: "true", delete: "curl -u admin --password pw" },
        });
        expect(v).toEqual([expect.stringContaining("delete carries")]);
    });

    it("takes extra patterns from the policy config", async () => {
        const props = { create: "vault login s.ABCDEF" };
        expect(await runResourcePolicy(commandNoSecretLiterals, { type: "command:local:Command", props })).toEqual([]);
        expect(
            await runResourcePolicy(
                commandNoSecretLiterals,
                { type: "command:local:Command", props },
                { secretPatterns: ["\\bs\\.[A-Z]{6}"] },
            ),
        ).toHaveLength(1);
    });

    it("names a broken pattern in the config", async () => {
        await expect(
            runResourcePolicy(
                commandNoSecretLiterals,
                { type: "command:local:Command", props: { create: "x" } },
                { secretPatterns: ["("] },
            ),
        ).rejects.toThrow("secretPatterns: '(' is not a valid regular expression");
    });

    it("skips a command line not known at preview", async () => {
        const props = previewValue({ create: unknownString });
        expect(await runResourcePolicy(commandNoSecretLiterals, { type: "command:local:Command", props })).toEqual([]);
    });
});

describe("remote-command-timeouts", () => {
    it("accepts a remote command with a create timeout", async () => {
        expect(await runResourcePolicy(remoteCommandTimeouts, remote({ create: "true" }))).toEqual([]);
    });

    it("refuses a remote command or copy without one", async () => {
        for (const type of ["command:remote:Command", "command:remote:CopyToRemote"]) {
            const v = await runResourcePolicy(remoteCommandTimeouts, { type, name: "n1-copy", props: {} });
            expect(v).toEqual(["'n1-copy' sets no create timeout: pass customTimeouts in its resource options."]);
        }
    });
});
