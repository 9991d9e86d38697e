/**
 * quietSdkRpcTraces: the SDK's per-resource RPC traces are dropped, every other debug message
 * reaches the original `log.debug`; CONTINUUM_SDK_RPC_TRACES=1 keeps everything; and the SDK's
 * runtime really calls `debug` through the module object that is changed.
 */
import { readFileSync } from "node:fs";
import {
    isSdkRpcTrace,
    quietRpcTracesOf,
    SDK_RPC_TRACE_PREFIXES,
    type SdkLogModule,
} from "../../components/sdk-patches/rpc-traces";

function fakeLog(): SdkLogModule & { seen: string[] } {
    const seen: string[] = [];
    return {
        seen,
        debug: async (m: string) => {
            seen.push(m);
        },
    };
}

describe("quietSdkRpcTraces", () => {
    test("drops the SDK's RPC traces and passes every other debug message through", async () => {
        const log = fakeLog();
        expect(quietRpcTracesOf(log, {})).toBe(true);
        await log.debug("Registering resource: t=command:remote:Command, name=n, custom=true, remote=false");
        await log.debug(
            "RegisterResource RPC finished: resource:n[command:remote:Command]; err: null, resp: urn:pulumi:…",
        );
        await log.debug("Resource RPC serialization requested: resource:n is current");
        await log.debug("my program: Registering resource is in the middle, not a prefix");
        await log.debug("bundle assembled");
        expect(log.seen).toEqual([
            "my program: Registering resource is in the middle, not a prefix",
            "bundle assembled",
        ]);
    });

    test("installing twice wraps once", async () => {
        const log = fakeLog();
        quietRpcTracesOf(log, {});
        const once = log.debug;
        quietRpcTracesOf(log, {});
        expect(log.debug).toBe(once);
    });

    test("CONTINUUM_SDK_RPC_TRACES=1 keeps every message", async () => {
        const log = fakeLog();
        const original = log.debug;
        expect(quietRpcTracesOf(log, { CONTINUUM_SDK_RPC_TRACES: "1" })).toBe(false);
        expect(log.debug).toBe(original);
        await log.debug("Registering resource: t=x");
        expect(log.seen).toEqual(["Registering resource: t=x"]);
    });

    test("the prefixes are the ones the installed SDK writes, and it calls debug through the log module", () => {
        const runtime = ["runtime/resource.js", "runtime/invoke.js"]
            .map((f) => readFileSync(require.resolve(`@pulumi/pulumi/${f}`), "utf8"))
            .join("\n");
        for (const p of [
            "Registering resource: ",
            "RegisterResource RPC prepared: ",
            "RegisterResource RPC finished: ",
            "Resource RPC serialization requested: ",
            "Invoke RPC prepared: ",
        ]) {
            expect(SDK_RPC_TRACE_PREFIXES).toContain(p);
            expect(runtime).toContain(`log.debug(\`${p}`);
        }
        expect(runtime).toMatch(/const log = __importStar\(require\("\.\.\/log"\)\)/);
        expect(isSdkRpcTrace("Invoke RPC finished: tok=kubernetes:helm:template")).toBe(true);
        expect(isSdkRpcTrace("Invoke RPC")).toBe(false);
    });
});
