import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { apiAccess, waitForSecret } from "../../components/edge/token-wait";

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const kubeconfig = (server: string, user: Record<string, unknown>, cluster: Record<string, unknown> = {}) =>
    stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": "c",
        contexts: [
            { name: "c", context: { cluster: "k", user: "u" } },
            { name: "other", context: { cluster: "x", user: "y" } },
        ],
        clusters: [{ name: "k", cluster: { server, ...cluster } }],
        users: [{ name: "u", user }],
    });

describe("apiAccess", () => {
    it("takes the current context's server, CA and client certificate, or bearer token", () => {
        const a = apiAccess(
            kubeconfig(
                "https://10.0.0.1:6443/",
                { "client-certificate-data": b64("CERT"), "client-key-data": b64("KEY") },
                { "certificate-authority-data": b64("CA") },
            ),
        );
        expect(a?.server).toBe("https://10.0.0.1:6443");
        expect(a?.ca?.toString()).toBe("CA");
        expect(a?.cert?.toString()).toBe("CERT");
        expect(a?.key?.toString()).toBe("KEY");
        expect(apiAccess(kubeconfig("https://h:6443", { token: "t0k" }))?.token).toBe("t0k");
    });

    it("has nothing to use for exec plugins, plain http, or no kubeconfig at all", () => {
        expect(apiAccess(kubeconfig("https://h:6443", { exec: { command: "aws" } }))).toBeUndefined();
        expect(apiAccess(kubeconfig("http://h:8080", { token: "t" }))).toBeUndefined();
        expect(apiAccess("")).toBeUndefined();
        expect(apiAccess("foo: [")).toBeUndefined();
    });
});

describe("waitForSecret", () => {
    let dir: string;
    let server: https.Server;
    let asked = 0;
    let url = "";
    let ca = "";

    beforeAll(async () => {
        dir = mkdtempSync(path.join(os.tmpdir(), "token-wait-"));
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                path.join(dir, "key.pem"),
                "-out",
                path.join(dir, "cert.pem"),
            ],
            { stdio: "ignore" },
        );
        ca = readFileSync(path.join(dir, "cert.pem"), "utf8");
        server = https.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert: ca }, (req, res) => {
            asked += 1;
            // The secret appears on the third request, and only with the bearer token.
            const ok =
                req.url === "/api/v1/namespaces/kubeedge/secrets/tokensecret" &&
                req.headers.authorization === "Bearer t0k" &&
                asked >= 3;
            res.writeHead(ok ? 200 : 404).end("{}");
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
        server.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it("asks until the secret is there, verifying the API's certificate", async () => {
        expect(
            await waitForSecret(
                kubeconfig(url, { token: "t0k" }, { "certificate-authority-data": b64(ca) }),
                "kubeedge",
                "tokensecret",
                30,
            ),
        ).toBe(true);
        expect(asked).toBe(3);
    }, 40_000);

    it(
        "gives up after its time (the read that follows names what is missing), " +
            "and never with credentials it cannot use",
        async () => {
            asked = 0;
            expect(
                await waitForSecret(
                    kubeconfig(url, { token: "wrong" }, { "certificate-authority-data": b64(ca) }),
                    "kubeedge",
                    "tokensecret",
                    1,
                ),
            ).toBe(false);
            expect(asked).toBeGreaterThan(0);
            expect(
                await waitForSecret(kubeconfig(url, { exec: { command: "x" } }), "kubeedge", "tokensecret", 30),
            ).toBe(false);
        },
        40_000,
    );
});
