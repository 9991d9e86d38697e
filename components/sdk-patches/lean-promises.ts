/**
 * The Pulumi Node.js SDK passes every promise it makes — four per output property of every
 * resource (value, known, secret, dependencies), one per RPC, one per resource operation — through
 * `debuggablePromise` (runtime/debuggable.js), which captures an `Error` for a stack, sets three
 * properties on the promise with `Object.defineProperty`, adds the promise to the leak candidates
 * and chains `.then(…).catch(…)` to take it out again. The stack and the properties are read only
 * under `PULUMI_DEBUG_PROMISE_LEAKS`, to print each leaked promise at exit; on a 10,000-node
 * preview the function was a quarter of the program's CPU, most of it the capture and the garbage
 * (bench/README.md, "The lean debuggablePromise").
 *
 * `leanSdkPromises` replaces it with a function that keeps the contract the SDK relies on: the
 * promise is a leak candidate until it settles (so the SDK's exit check still fails a program that
 * leaves one pending), the returned promise settles as the original does, a rejection's error
 * carries `.promise`. It drops the stack capture and the three debug properties, and chains once.
 * Under `PULUMI_DEBUG_PROMISE_LEAKS` (when the leaks' stacks are wanted) nothing is replaced. The
 * first call still goes to the SDK's function, which registers its leak check at exit.
 *
 * The SDK calls the function through its module object (`debuggable_1.debuggablePromise(…)`), so
 * replacing the export reaches every caller; SDK_PATCH_TARGETS (index.ts) lists what this relies
 * on and test/hosts-unit/sdk-patches.test.ts fails when an upgrade moves it. Call it once at the
 * start of a Pulumi program (index.ts does): it changes the SDK process-wide.
 */

/** What is used of the SDK's runtime/debuggable.js. */
export interface SdkDebuggableModule {
    debuggablePromise: <T>(p: Promise<T>, ctx?: unknown) => Promise<T>;
    debugPromiseLeaks: boolean;
}

/** What is used of the SDK's runtime/state.js: the store holding the leak candidates. */
export interface SdkStateModule {
    getStore(): { leakCandidates: Set<Promise<unknown>> };
}

const INSTALLED = Symbol.for("continuum.leanSdkPromises");

/**
 * Replace `debuggablePromise` on the given module (idempotent). Returns whether the lean function
 * is in place (false under `PULUMI_DEBUG_PROMISE_LEAKS`).
 */
export function leanPromisesOf(debuggable: SdkDebuggableModule, state: SdkStateModule): boolean {
    if (debuggable.debugPromiseLeaks) return false;
    const holder = debuggable as SdkDebuggableModule & { [INSTALLED]?: boolean };
    if (holder[INSTALLED]) return true;
    const original = debuggable.debuggablePromise;
    let first = true;
    holder.debuggablePromise = <T>(p: Promise<T>, ctx?: unknown): Promise<T> => {
        if (first) {
            // The SDK's own function schedules its leak check at exit on its first call.
            first = false;
            return original(p, ctx);
        }
        const store = state.getStore();
        store.leakCandidates.add(p);
        return p.then(
            (value) => {
                store.leakCandidates.delete(p);
                return value;
            },
            (err: unknown) => {
                store.leakCandidates.delete(p);
                // As the SDK does: the error names the promise it rejected (a non-object throws here too).
                (err as { promise?: Promise<unknown> }).promise = p;
                throw err;
            },
        );
    };
    holder[INSTALLED] = true;
    return true;
}

/** Use the lean `debuggablePromise` in this process's @pulumi/pulumi (see the file comment). */
export function leanSdkPromises(): boolean {
    /* eslint-disable @typescript-eslint/no-require-imports */
    return leanPromisesOf(
        require("@pulumi/pulumi/runtime/debuggable") as SdkDebuggableModule,
        require("@pulumi/pulumi/runtime/state") as SdkStateModule,
    );
    /* eslint-enable @typescript-eslint/no-require-imports */
}
