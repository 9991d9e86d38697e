/**
 * The Pulumi Node.js SDK traces its own RPCs as debug log messages — "Registering resource …",
 * "RegisterResource RPC prepared …", "RegisterResource RPC finished …" (with the whole response
 * stringified), "Resource RPC serialization requested …": four or five per resource. Each is a
 * `Log` RPC to the engine, sent one at a time through one promise chain that holds every pending
 * message. The engine shows debug messages only under `pulumi … --debug`
 * (pkg/backend/display: `Severity == diag.Debug && !opts.Debug` is dropped), so without it they
 * are work for nothing: on a 10,000-node preview (20,000 resources) they were 12 CPU s of the
 * program's 51, 5 of the engine's 20, and ~130 MB of the program's live heap (bench/README.md).
 *
 * `quietSdkRpcTraces` drops exactly those messages, recognised by the fixed prefixes the SDK
 * writes them with ({@link SDK_RPC_TRACE_PREFIXES}). Every other debug message — a program's own
 * `pulumi.log.debug`, the SDK's other diagnostics — passes through unchanged. With
 * `CONTINUUM_SDK_RPC_TRACES=1` in the environment nothing is dropped (debugging the SDK itself:
 * `CONTINUUM_SDK_RPC_TRACES=1 pulumi preview --debug`).
 *
 * Call it once at the start of a Pulumi program (index.ts does): it replaces `debug` on the
 * SDK's `log` module, process-wide, so a library does not call it on its own. The root stack
 * resource's traces still go out (the SDK registers it before the program's first line runs);
 * test/engine/sdk-rpc-traces.test.ts checks both ways under the real CLI.
 */

/** How the SDK begins each of its per-resource RPC trace messages (@pulumi/pulumi runtime/resource.js, invoke.js). */
export const SDK_RPC_TRACE_PREFIXES = [
    "Registering resource: ",
    "RegisterResource RPC prepared: ",
    "RegisterResource RPC finished: ",
    "RegisterResourceOutputs RPC prepared: ",
    "RegisterResourceOutputs RPC finished: ",
    "Resource RPC serialization requested: ",
    "Reading resource: ",
    "ReadResource RPC prepared: ",
    "ReadResource RPC finished: ",
    "Invoke RPC prepared: ",
    "Invoke RPC finished: ",
    "Call RPC prepared: ",
    "Call RPC finished: ",
];

/** The environment variable that keeps every trace. */
export const KEEP_SDK_RPC_TRACES_ENV = "CONTINUUM_SDK_RPC_TRACES";

/** True for a message the SDK writes to trace one of its own RPCs. */
export function isSdkRpcTrace(message: string): boolean {
    return SDK_RPC_TRACE_PREFIXES.some((p) => message.startsWith(p));
}

type Debug = (message: string, ...rest: unknown[]) => Promise<void>;
/** The shape of the SDK's `log` module that is changed. */
export interface SdkLogModule {
    debug: Debug;
}

const INSTALLED = Symbol.for("continuum.quietSdkRpcTraces");

/**
 * Wrap `log.debug` so the SDK's RPC traces are dropped (idempotent). Returns whether traces are
 * now dropped (false when `CONTINUUM_SDK_RPC_TRACES=1` keeps them).
 */
export function quietRpcTracesOf(log: SdkLogModule, env: NodeJS.ProcessEnv = process.env): boolean {
    if (env[KEEP_SDK_RPC_TRACES_ENV] === "1") return false;
    const holder = log as SdkLogModule & { [INSTALLED]?: boolean };
    if (holder[INSTALLED]) return true;
    const original = log.debug;
    const debug: Debug = (message, ...rest) =>
        typeof message === "string" && isSdkRpcTrace(message) ? Promise.resolve() : original(message, ...rest);
    holder.debug = debug;
    holder[INSTALLED] = true;
    return true;
}

/** Drop the SDK's per-resource RPC traces for this process (see the file comment). */
export function quietSdkRpcTraces(): boolean {
    // The SDK's runtime calls `log.debug` through the module object, so replacing the export reaches it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return quietRpcTracesOf(require("@pulumi/pulumi/log") as SdkLogModule);
}
