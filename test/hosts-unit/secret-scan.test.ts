/** The hosts tier's general secret check (test/hosts/harness/secret-scan.ts), on made-up state and events. */
import { SECRET_SIG } from "../../test/hosts/harness/pulumi-stack";
import { eventsWithoutSecretValues, secretLeaks, secretValues } from "../../test/hosts/harness/secret-scan";

const secret = (v: unknown) => ({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(v) });
const TOKEN = "K10abcdef0123456789::server:s3cr3t";
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
const CONFIG =
    "kind: InitConfiguration\nbootstrapTokens:\n  - token: abcdef.0123456789abcdef\ncertificateKey: c0ffee00c0ffee00\n";
const STDIN =
    `# continuum-params v1\nK3S_TOKEN=${TOKEN}x\nK3S_TOKEN_FILE=/etc/rancher/k3s/continuum-token\n` +
    `NODE_NAME=node-1.lab.example\nKUBEADM_CONFIG:b64=${Buffer.from(CONFIG).toString("base64")}\n`;
const decrypted = JSON.stringify({
    deployment: {
        resources: [
            {
                urn: "a",
                outputs: { result: secret(TOKEN), port: secret(22), nested: secret({ privateKey: secret(KEY) }) },
            },
            {
                urn: "b",
                inputs: {
                    connection: secret({
                        host: "node-1.lab.example",
                        hostKey: "ssh-ed25519 AAAAC3Nza",
                        privateKey: KEY,
                    }),
                },
            },
            { urn: "c", outputs: { stdout: "installed on node-1.lab.example", stdin: secret(STDIN) } },
        ],
    },
});

describe("secretValues / secretLeaks", () => {
    test("takes whole secret strings and the credentials inside secret objects, not their public parts", () => {
        expect(secretValues(decrypted).sort()).toEqual(
            [KEY.trim(), TOKEN, STDIN.trim(), `${TOKEN}x`, "abcdef.0123456789abcdef", "c0ffee00c0ffee00"].sort(),
        );
    });

    test("finds a secret in plain text and JSON-escaped, names the place, never prints the secret", () => {
        const secrets = secretValues(decrypted);
        const events =
            JSON.stringify({ diagnosticEvent: { message: `joined with ${TOKEN}\n` } }) +
            "\n" +
            JSON.stringify({ diagnosticEvent: { message: KEY } });
        const leaks = secretLeaks(secrets, {
            state: '{"stdout": "installed on node-1.lab.example"}',
            "up events": events,
        });
        expect(leaks.sort()).toEqual([
            `up events: ----… (${KEY.trim().length} chars)`,
            `up events: K10a… (${TOKEN.length} chars)`,
        ]);
        expect(leaks.join("\n")).not.toContain("s3cr3t");
        expect(secretLeaks(secrets, { state: "nothing here" })).toEqual([]);
    });
});

test(
    "eventsWithoutSecretValues masks what the event stream marks secret, " +
        "drops the SDK's debug RPC traces, keeps the rest",
    () => {
        const events = [
            {
                resOutputsEvent: {
                    metadata: {
                        new: {
                            outputs: { stdout: { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: TOKEN } },
                        },
                    },
                },
            },
            { diagnosticEvent: { message: `printed ${TOKEN}` } },
            {
                diagnosticEvent: {
                    severity: "debug",
                    message: `RegisterResource RPC finished: resource:x; err: null, resp: ${TOKEN}`,
                },
            },
        ];
        const masked = eventsWithoutSecretValues(events);
        expect(masked.split("\n")).toHaveLength(2);
        expect(masked.split("\n")[0]).toBe(
            JSON.stringify({ resOutputsEvent: { metadata: { new: { outputs: { stdout: "[secret]" } } } } }),
        );
        expect(secretLeaks([TOKEN], { events: masked })).toEqual([`events: K10a… (${TOKEN.length} chars)`]);
    },
);
