/**
 * fleet-ssh.ts: what a fleet node's local command hands fleet-node-ssh.sh — environment (plain
 * data only), stdin (keys, then the converge input), command line (a path relative to the project).
 * The script's behaviour over real SSH is tested in test/hosts/fleet-node-ssh.test.ts.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    FLEET_SSH_SCRIPT,
    fleetSshCommand,
    fleetSshEndpointEnvironment,
    fleetSshEnvironment,
    fleetSshStdin,
    parseFleetSshStdin,
} from "../../components/hosts/fleet-ssh";
import * as pulumi from "@pulumi/pulumi";
import type { BastionConnection, HostConnection } from "../../components/hosts/connection";

const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINodeKey";
const BASTION_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBastionKey";
const bundle = {
    digest: "ab".repeat(32),
    remoteDir: `.continuum-bundle-${"ab".repeat(8)}`,
    converge: `sudo -n -- bash .continuum-bundle-${"ab".repeat(8)}/node-converge.sh`,
    unconverge: `sudo -n -- bash .continuum-bundle-${"ab".repeat(8)}/node-unconverge.sh`,
};
const conn = (extra: Partial<HostConnection> = {}): HostConnection => ({
    nodeName: "n1",
    host: "192.0.2.7",
    port: 2222,
    user: "ops",
    privateKey: pulumi.output("SECRET-KEY"),
    hostKey: HOST_KEY,
    sudoMode: "nopasswd",
    timeoutSeconds: 600,
    dialAttempts: 8,
    dialTimeoutSeconds: 20,
    ...extra,
});
const bastion = (extra: Partial<BastionConnection> = {}): BastionConnection => ({
    host: "bastion.example.net",
    port: 22,
    user: "jump",
    privateKey: pulumi.output("BASTION-SECRET"),
    ...extra,
});

describe("fleetSshEnvironment", () => {
    test("the endpoint, pinned key, bundle, remote command lines and limits; no key material", () => {
        const env = fleetSshEnvironment(conn(), bundle, { runSeconds: 900 });
        expect(env).toEqual({
            CONTINUUM_NODE: "n1",
            CONTINUUM_SSH_HOST: "192.0.2.7",
            CONTINUUM_SSH_PORT: "2222",
            CONTINUUM_SSH_USER: "ops",
            CONTINUUM_SSH_HOST_KEY: HOST_KEY,
            CONTINUUM_BUNDLE: bundle.digest,
            CONTINUUM_REMOTE_DIR: bundle.remoteDir,
            CONTINUUM_REMOTE_CONVERGE: bundle.converge,
            CONTINUUM_REMOTE_UNCONVERGE: bundle.unconverge,
            CONTINUUM_DIAL_ATTEMPTS: "8",
            CONTINUUM_DIAL_TIMEOUT: "20",
            CONTINUUM_RUN_TIMEOUT: "900",
        });
        expect(JSON.stringify(env)).not.toContain("SECRET-KEY");
    });

    test("the bastion's endpoint and pinned key", () => {
        const env = fleetSshEnvironment(
            conn({ port: 22, bastion: bastion({ port: 2200, hostKey: BASTION_KEY }) }),
            bundle,
            { runSeconds: 60 },
        );
        expect(env).toMatchObject({
            CONTINUUM_SSH_PORT: "22",
            CONTINUUM_BASTION_HOST: "bastion.example.net",
            CONTINUUM_BASTION_PORT: "2200",
            CONTINUUM_BASTION_USER: "jump",
            CONTINUUM_BASTION_HOST_KEY: BASTION_KEY,
        });
        expect(JSON.stringify(env)).not.toContain("BASTION-SECRET");
    });

    test("no host key is ssh.insecureIgnoreHostKey: said explicitly, for the node and its bastion", () => {
        const env = fleetSshEnvironment(
            conn({ hostKey: undefined, bastion: bastion({ host: "b", user: "j" }) }),
            bundle,
            { runSeconds: 60 },
        );
        expect(env.CONTINUUM_SSH_INSECURE).toBe("1");
        expect(env.CONTINUUM_SSH_HOST_KEY).toBeUndefined();
        expect(env.CONTINUUM_BASTION_HOST_KEY).toBeUndefined();
    });

    test(
        "ssh.insecureIgnoreHostKey with a pinned bastion: the node is unchecked, " +
            "the bastion's key still goes to the script",
        () => {
            const env = fleetSshEnvironment(
                conn({ hostKey: undefined, bastion: bastion({ host: "b", user: "j", hostKey: BASTION_KEY }) }),
                bundle,
                { runSeconds: 60 },
            );
            expect(env.CONTINUUM_SSH_INSECURE).toBe("1");
            expect(env.CONTINUUM_BASTION_HOST_KEY).toBe(BASTION_KEY);
        },
    );

    test(
        "the endpoint alone (the check action): the same endpoint and keys, " + "no bundle, command lines or run limit",
        () => {
            const c = conn({ bastion: bastion({ host: "b", user: "j", hostKey: BASTION_KEY }) });
            const env = fleetSshEndpointEnvironment(c);
            const {
                CONTINUUM_BUNDLE: _b,
                CONTINUUM_REMOTE_DIR: _d,
                CONTINUUM_REMOTE_CONVERGE: _c,
                CONTINUUM_REMOTE_UNCONVERGE: _u,
                CONTINUUM_RUN_TIMEOUT: _t,
                ...rest
            } = fleetSshEnvironment(c, bundle, { runSeconds: 60 });
            expect(env).toEqual(rest);
            expect(Object.keys(env).filter((k) => /BUNDLE|REMOTE|RUN_TIMEOUT/.test(k))).toEqual([]);
        },
    );
});

describe("fleetSshStdin", () => {
    test("two key lines, then the converge input unchanged; '-' when the bastion takes the login key", () => {
        const input = "pw\n# continuum-params v1\nNODE_NAME=n1\n";
        const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        const text = fleetSshStdin(key, undefined, input);
        expect(text.split("\n")[1]).toBe("-");
        expect(text.endsWith(input)).toBe(true);
        expect(parseFleetSshStdin(text)).toEqual({ privateKey: key, bastionKey: undefined, convergeInput: input });
        expect(fleetSshStdin(key, key, input)).toBe(text);
        expect(parseFleetSshStdin(fleetSshStdin(key, "OTHER", input)).bastionKey).toBe("OTHER");
        // One line each: the script reads them with `read -r`.
        expect(text.split("\n")[0]).toMatch(/^[A-Za-z0-9+/]+=*$/);
    });

    test("an empty key is refused with what to set", () => {
        expect(() => fleetSshStdin(" ", undefined, "")).toThrow(/ssh.privateKey is empty — set it as a secret/);
    });
});

describe("fleetSshCommand", () => {
    test("bash and the script's path relative to the project directory: the same line on every machine", () => {
        const root = path.resolve(__dirname, "..", "..");
        expect(fleetSshCommand("converge", root)).toBe("bash components/hosts/scripts/fleet-node-ssh.sh converge");
        expect(fleetSshCommand("check", root)).toBe("bash components/hosts/scripts/fleet-node-ssh.sh check");
        expect(
            fleetSshCommand(
                "unconverge",
                "/srv/stacks/edge",
                "/srv/stacks/edge/node_modules/continuum/components/hosts/scripts/fleet-node-ssh.sh",
            ),
        ).toBe("bash node_modules/continuum/components/hosts/scripts/fleet-node-ssh.sh unconverge");
        expect(fs.existsSync(FLEET_SSH_SCRIPT)).toBe(true);
    });

    test("a path a command line would have to quote is refused, naming the fix", () => {
        expect(() =>
            fleetSshCommand("converge", "/home/me/stacks", "/home/me/stacks/my lib/fleet-node-ssh.sh"),
        ).toThrow(/has characters a command line would have to quote — move the project/);
    });
});

describe("fleet-node-ssh.sh refuses bad input before it touches the network", () => {
    const run = (env: Record<string, string>, action = "converge") => {
        try {
            execFileSync("bash", [FLEET_SSH_SCRIPT, action], {
                env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent", ...env },
                input: "",
                encoding: "utf8",
                stdio: "pipe",
            });
            return "";
        } catch (e) {
            return String((e as { stderr?: string }).stderr);
        }
    };
    const good = fleetSshEnvironment(conn(), bundle, { runSeconds: 60 });

    test("an unknown action, a host with shell in it, an unpinned host without the insecure flag", () => {
        expect(run(good, "reboot")).toContain("node n1: unknown action 'reboot'");
        expect(run({ ...good, CONTINUUM_SSH_HOST: "h;touch /tmp/x" })).toMatch(
            /CONTINUUM_SSH_HOST='h;touch \/tmp\/x' is not valid/,
        );
        const { CONTINUUM_SSH_HOST_KEY: _k, ...unpinned } = good;
        expect(run(unpinned)).toMatch(/CONTINUUM_SSH_HOST_KEY='' is not valid/);
        expect(run({ ...good, CONTINUUM_SSH_HOST_KEY: "ssh-ed25519 AAAA\nHost *" })).toMatch(
            /CONTINUUM_SSH_HOST_KEY=[\s\S]* is not valid/,
        );
    });

    test("no key on stdin is a caller bug, said so", () => {
        expect(run(good)).toContain("no private key on stdin");
    });

    test("check needs only the endpoint: no bundle, remote command or run timeout", () => {
        expect(run(fleetSshEndpointEnvironment(conn()), "check")).toContain("no private key on stdin");
        expect(run(fleetSshEndpointEnvironment(conn()), "converge")).toMatch(/CONTINUUM_BUNDLE='' is not valid/);
    });

    test("insecure mode still takes the bastion's pinned key, and checks it", () => {
        const insecure = fleetSshEndpointEnvironment(
            conn({ hostKey: undefined, bastion: bastion({ host: "b", user: "j", hostKey: BASTION_KEY }) }),
        );
        expect(run(insecure, "check")).toContain("no private key on stdin");
        expect(run({ ...insecure, CONTINUUM_BASTION_HOST_KEY: "ssh-ed25519 AAAA\nHost *" }, "check")).toMatch(
            /CONTINUUM_BASTION_HOST_KEY=[\s\S]* is not valid/,
        );
    });
});
