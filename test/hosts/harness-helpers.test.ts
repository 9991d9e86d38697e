/** The harness's pure helpers: state diffs, engine events, exported secrets, CPU times. */
import { diffSnapshots, standInCalls } from "./harness/host-state";
import { bashTimesChildren, errorDiagnostics, stepOps, unwrapSecrets } from "./harness/pulumi-stack";

describe("harness helpers", () => {
    it("diffSnapshots reports lines only after (added) and only before (removed)", () => {
        expect(diffSnapshots(["a", "b", "c"], ["b", "c", "d"])).toEqual({ added: ["d"], removed: ["a"] });
        expect(diffSnapshots(["a"], ["a"])).toEqual({ added: [], removed: [] });
    });

    it("standInCalls takes the argv of each stand-in log line", () => {
        const lines = [
            "1.5\tpid=3\tcall=k3s server \tstdin=",
            "2.0\tpid=9\tcall=k3s kubectl get --raw /readyz \tstdin=b2sK",
        ];
        expect(standInCalls(lines)).toEqual(["k3s server", "k3s kubectl get --raw /readyz"]);
    });

    it("stepOps counts resource operations, leaving out the stack itself", () => {
        const events = [
            { resourcePreEvent: { metadata: { op: "create", type: "pulumi:pulumi:Stack" } } },
            { resourcePreEvent: { metadata: { op: "create", type: "command:remote:Command" } } },
            { resourcePreEvent: { metadata: { op: "same", type: "command:remote:Command" } } },
            { resOutputsEvent: { metadata: { op: "create" } } },
        ];
        expect(stepOps(events)).toEqual({ create: 1, same: 1 });
    });

    it("errorDiagnostics keeps errors with their URN, not warnings or debug lines", () => {
        const events = [
            { diagnosticEvent: { severity: "error", message: "boom", urn: "urn:x" } },
            { diagnosticEvent: { severity: "warning", message: "hm" } },
            { diagnosticEvent: { severity: "debug", message: "noise" } },
        ];
        expect(errorDiagnostics(events)).toEqual(["urn:x boom"]);
    });

    it("unwrapSecrets replaces exported secrets by their values, deeply", () => {
        const sig = "4dabf18193072939515e22adb298388d";
        const state = {
            stdin: {
                [sig]: "1b47061264138c4ac30d75fd1eb44270",
                plaintext: JSON.stringify("pw\n# continuum-params v1\n"),
            },
            list: [{ [sig]: "x", plaintext: "42" }],
        };
        expect(unwrapSecrets(state)).toEqual({ stdin: "pw\n# continuum-params v1\n", list: [42] });
    });

    it("bashTimesChildren adds user and system time of the children line", () => {
        expect(bashTimesChildren("0m0.010s 0m0.002s\n1m2.500s 0m0.250s\n")).toBeCloseTo(62.75);
        expect(bashTimesChildren("garbage")).toBeNaN();
    });
});
