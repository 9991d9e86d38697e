/**
 * keadm-join.sh runs for real with bash on a sandboxed host (host-sandbox.ts) against the keadm
 * STAND-IN (standins/keadm-standin.sh), which does to the host's files what keadm v1.23's join
 * does and grants edgecore its certificates once the bootstrap file holds a token:
 * - the token never reaches keadm's argv (nor the script's output); edgecore gets it from the
 *   bootstrap file, written 0600, which is gone after the join;
 * - a join that fails is undone at once (keadm reset) and the next run joins;
 * - a run killed in the middle of the join is undone by the next run, which joins;
 * - a joined node with the same parameters is left alone.
 * The parameters are the production ones (edge-node-config.ts joinParams).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { joinParams } from "../../components/edge/edge-node-config";
import { renderParams } from "../../components/hosts/params";
import { HostSandbox } from "./host-sandbox";

const SCRIPTS = path.join(__dirname, "../../components/edge/scripts");
const TOKEN = "0123abcd".repeat(8) + ".eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LWpvaW4tdG9rZW4";

const boxes: HostSandbox[] = [];
function edgeHost(evictionHard?: Record<string, string>): {
    box: HostSandbox;
    input: string;
    inputWith: (evictionHard?: Record<string, string>) => string;
} {
    const box = new HostSandbox(["keadm-join.sh", "keadm-reset.sh"].map((s) => path.join(SCRIPTS, s)));
    boxes.push(box);
    const keadm = box.tarArtifact("KEADM", "keadm-standin.tar.gz", {
        "keadm/keadm": readFileSync(path.join(__dirname, "standins/keadm-standin.sh"), "utf8"),
    });
    const inputWith = (eviction?: Record<string, string>): string => {
        const params = joinParams({
            nodeName: "edge-1",
            endpoint: { cloudCoreIpPort: "10.0.0.10:10000", certPort: "10002", tunnelServer: "10.0.0.10:10004" },
            kubeedgeVersion: "1.23.0",
            cgroupDriver: "systemd",
            labels: { zone: "a" },
            evictionHard: eviction,
        } as Parameters<typeof joinParams>[0]);
        return renderParams({ ...params, ...keadm, TOKEN });
    };
    return { box, input: inputWith(evictionHard), inputWith };
}
afterAll(() => boxes.forEach((b) => b.remove()));

const keadmCalls = (b: HostSandbox) => b.calls().filter((c) => c.startsWith("keadm "));
const tokenParts = TOKEN.split(".");

function expectNoToken(text: string): void {
    for (const part of [TOKEN, ...tokenParts]) expect(text).not.toContain(part);
}

describe("keadm-join.sh", () => {
    test(
        "joins without the token in keadm's argv or the output; edgecore " +
            "gets it from a 0600 file that is gone afterwards",
        () => {
            const { box, input } = edgeHost();
            const r = box.run("keadm-join.sh", input);
            expect(r.err).not.toMatch(/keadm-standin: .* is not emulated/);
            expect(r.code).toBe(0);
            expectNoToken(r.out + r.err);
            expectNoToken(box.calls().join("\n"));
            expect(keadmCalls(box)).toEqual([
                expect.stringMatching(/^keadm join --cloudcore-ipport=10\.0\.0\.10:10000 /),
            ]);
            expect(box.stateFile("edgecore-token")).toBe(`${TOKEN}\n`);
            expect(box.stateFile("bootstrap-mode")).toBe("600\n");
            expect(box.exists("/etc/kubeedge/bootstrap-edgecore.conf")).toBe(false);
            expect(box.inspect("cat /etc/kubeedge/config/edgecore.yaml")).not.toContain(tokenParts[1]);

            // Joined with the same parameters: nothing happens.
            box.resetCalls();
            expect(box.run("keadm-join.sh", input).code).toBe(0);
            expect(keadmCalls(box)).toEqual([]);
        },
        60_000,
    );

    test(
        "evictionHard reaches keadm as one --set of edged's map; a change joins again, the same " +
            "thresholds do not, and a node joined without them keeps its record",
        () => {
            const { box, input, inputWith } = edgeHost({ "nodefs.available": "1Gi", "imagefs.available": "2Gi" });
            expect(box.run("keadm-join.sh", input).code).toBe(0);
            expect(keadmCalls(box)).toEqual([
                expect.stringContaining(
                    " --set=modules.edged.tailoredKubeletConfig.evictionHard=" +
                        "{imagefs.available:2Gi,nodefs.available:1Gi}",
                ),
            ]);
            box.resetCalls();
            expect(box.run("keadm-join.sh", input).code).toBe(0);
            expect(keadmCalls(box)).toEqual([]);
            const changed = inputWith({ "nodefs.available": "1Gi", "imagefs.available": "5%" });
            box.resetCalls();
            expect(box.run("keadm-join.sh", changed).code).toBe(0);
            expect(keadmCalls(box)).toEqual([
                expect.stringMatching(/^keadm reset edge --force /),
                expect.stringMatching(/evictionHard=\{imagefs\.available:5%,nodefs\.available:1Gi\}/),
            ]);
            const plain = edgeHost();
            expect(plain.box.run("keadm-join.sh", plain.input).code).toBe(0);
            expect(keadmCalls(plain.box).join("\n")).not.toContain("evictionHard");
            // The stamp of a node joined without thresholds is what it was before the option existed.
            const legacy = ["edge-1", "10.0.0.10:10000", "10002", "10.0.0.10:10004", "v1.23.0", "systemd"]
                .concat(["unix:///run/containerd/containerd.sock", "zone=a", ""])
                .join("\n");
            const want = createHash("sha256").update(`${legacy}\n`).digest("hex");
            expect(plain.box.inspect("cat /etc/continuum/keadm/stamp").trim()).toBe(want);
        },
        60_000,
    );

    test("a join that fails is undone at once; the next run joins", () => {
        const { box, input } = edgeHost();
        box.set("keadm-fail", "");
        const failed = box.run("keadm-join.sh", input);
        expect(failed.code).toBe(1);
        expect(failed.err).toMatch(
            new RegExp(
                /keadm join to 10\.0\.0\.10:10000 failed /.source +
                    /\(exit 1\); the attempt was undone \(keadm /.source +
                    /reset\) — .*run pulumi up again/.source,
            ),
        );
        expect(keadmCalls(box)).toEqual([
            expect.stringMatching(/^keadm join /),
            expect.stringMatching(/^keadm reset edge --force /),
        ]);
        expect(box.exists("/etc/kubeedge")).toBe(false);
        expectNoToken(failed.out + failed.err);

        box.set("keadm-fail", undefined);
        box.resetCalls();
        const next = box.run("keadm-join.sh", input);
        expect(next.code).toBe(0);
        expect(keadmCalls(box)).toEqual([expect.stringMatching(/^keadm join /)]);
    }, 60_000);

    test.each([
        ["a first join", false],
        ["a join again after edgecore went down (an earlier join's record on the host)", true],
    ])(
        "a run killed in the middle of %s: the next run resets and joins",
        async (_what, before) => {
            const { box, input } = edgeHost();
            if (before) {
                expect(box.run("keadm-join.sh", input).code).toBe(0);
                box.set("units/active-edgecore", undefined);
                box.resetCalls();
            }
            box.set("keadm-hang", "");
            const run = box.start("keadm-join.sh", input);
            const deadline = Date.now() + 60_000;
            while (!box.calls().includes("systemctl start edgecore")) {
                if (Date.now() > deadline) throw new Error("the stand-in keadm never started edgecore");
                await new Promise((r) => setTimeout(r, 200));
            }
            const exited = new Promise((r) => run.on("exit", r));
            process.kill(-(run.pid as number), "SIGKILL");
            await exited;

            box.set("keadm-hang", undefined);
            // edgecore runs (keadm started it), without its certificates: not a joined node.
            expect(box.calls()).toContain("systemctl start edgecore");
            box.resetCalls();
            const next = box.run("keadm-join.sh", input);
            expect(next.code).toBe(0);
            expect(keadmCalls(box)).toEqual([
                expect.stringMatching(/^keadm reset edge --force /),
                expect.stringMatching(/^keadm join /),
            ]);
            expect(box.stateFile("edgecore-token")).toBe(`${TOKEN}\n`);
        },
        120_000,
    );
});
