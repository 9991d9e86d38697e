/**
 * The Pulumi Node.js SDK formats a stack trace for every resource it registers (the resource's
 * source position: `Resource.callsites`, with an unlimited depth) and for every promise it makes
 * per output property (`debuggablePromise`, kept for promise-leak reports) — a few dozen per
 * resource. Both run through the source-map support that `@pulumi/pulumi/cmd/run` and ts-node
 * install, which maps every frame back to TypeScript: on a 1,000-node fleet that was 40% of the
 * time to declare the program (bench/README.md). `plainSdkStackTraces` formats a resource's
 * capture with V8's own format (positions in the running JavaScript, still the program's own
 * files), gives the per-promise captures a one-line placeholder (they are read only when the SDK
 * reports a leaked promise at exit), and leaves every other stack trace — the errors a user
 * sees — source-mapped as before.
 *
 * Call it once at the start of a Pulumi program (index.ts does). It changes process-wide
 * `Error.prepareStackTrace`, so a library does not call it on its own.
 */

type Prepare = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** The SDK functions whose stack captures are formatted plainly (callsites) or not at all (debuggablePromise). */
export const SDK_CAPTURE_SITES = ["debuggablePromise", "callsites"];

/** What a per-promise capture reads instead of its frames. */
export const PROMISE_STACK_PLACEHOLDER = "    at (not captured: see components/sdk-patches/stack-traces.ts)";

const INSTALLED = Symbol.for("continuum.plainSdkStackTraces");

/** True when a stack is one of the SDK's own captures (its first frame is a capture site in @pulumi/pulumi). */
export function isSdkCapture(frames: NodeJS.CallSite[]): boolean {
    const top = frames[0];
    if (!top) return false;
    const file = top.getFileName() ?? top.getScriptNameOrSourceURL?.() ?? "";
    return /[\\/]@pulumi[\\/]pulumi[\\/]/.test(file) && SDK_CAPTURE_SITES.includes(top.getFunctionName() ?? "");
}

/** V8's plain format: the error line, then `    at <frame>` lines. */
export function plainStack(error: Error, frames: NodeJS.CallSite[]): string {
    return `${String(error)}\n${frames.map((f) => `    at ${String(f)}`).join("\n")}`;
}

/** Route the SDK's own stack captures to plain formatting (idempotent). */
export function plainSdkStackTraces(): void {
    const holder = Error as unknown as { prepareStackTrace?: Prepare; [INSTALLED]?: boolean };
    if (holder[INSTALLED]) return;
    const previous = holder.prepareStackTrace;
    holder.prepareStackTrace = (error, frames) => {
        if (isSdkCapture(frames) && frames[0].getFunctionName() === "debuggablePromise")
            return `${String(error)}\n${PROMISE_STACK_PLACEHOLDER}`;
        return isSdkCapture(frames) || previous === undefined ? plainStack(error, frames) : previous(error, frames);
    };
    holder[INSTALLED] = true;
}
