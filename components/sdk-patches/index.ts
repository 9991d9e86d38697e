/**
 * Patches to the Pulumi Node.js SDK's internals, for speed only (their measured benefit is in
 * bench/README.md, items "Stack traces", "The SDK's RPC traces" and "The lean debuggablePromise").
 * They are not part of the library (components/index.ts does not export them): only a Pulumi program calls
 * `applySdkPatches()`, once, first (index.ts does), because they change process-wide state.
 * What they reach into is listed in {@link SDK_PATCH_TARGETS}; test/hosts-unit/sdk-patches.test.ts
 * fails when an SDK upgrade moves any of it.
 */
import { quietSdkRpcTraces, SDK_RPC_TRACE_PREFIXES } from "./rpc-traces";
import { plainSdkStackTraces, SDK_CAPTURE_SITES } from "./stack-traces";
import { leanSdkPromises } from "./lean-promises";

/** The trace prefixes the SDK writes in runtime/invoke.js (the others are in runtime/resource.js). */
const INVOKE_TRACE = /^(Invoke|Call) /;

/** What the patches depend on in @pulumi/pulumi: a file of the package and what it must contain. */
export const SDK_PATCH_TARGETS: readonly { file: string; contains: readonly string[] }[] = [
    // rpc-traces replaces `debug` on this module; the runtime calls it through the module object
    { file: "log/index.js", contains: ["exports.debug = debug;"] },
    {
        file: "runtime/resource.js",
        contains: ["log.debug(", ...SDK_RPC_TRACE_PREFIXES.filter((p) => !INVOKE_TRACE.test(p))],
    },
    { file: "runtime/invoke.js", contains: SDK_RPC_TRACE_PREFIXES.filter((p) => INVOKE_TRACE.test(p)) },
    // stack-traces recognises the SDK's captures by the function that makes them
    { file: "runtime/debuggable.js", contains: [`function ${SDK_CAPTURE_SITES[0]}(`] },
    { file: "resource.js", contains: [`static ${SDK_CAPTURE_SITES[1]}(`] },
    // lean-promises replaces the export; the runtime calls it through the module object
    {
        file: "runtime/debuggable.js",
        contains: [
            "exports.debuggablePromise = debuggablePromise;",
            "exports.debugPromiseLeaks = ",
            "localStore.leakCandidates.add(p);",
            "err.promise = p;",
        ],
    },
    { file: "runtime/state.js", contains: ["this.leakCandidates = new Set();", "exports.getStore = "] },
    ...["resource", "rpc", "invoke", "settings", "callbacks"].map((m) => ({
        file: `runtime/${m}.js`,
        contains: ['const debuggable_1 = require("./debuggable");', "debuggable_1.debuggablePromise("],
    })),
];

export { quietSdkRpcTraces, plainSdkStackTraces, leanSdkPromises };

/** Apply the patches (idempotent); returns whether the RPC traces are dropped (see rpc-traces.ts). */
export function applySdkPatches(): boolean {
    plainSdkStackTraces();
    leanSdkPromises();
    return quietSdkRpcTraces();
}
