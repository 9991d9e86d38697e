/**
 * leanPromisesOf: the lean `debuggablePromise` keeps the SDK's contract — the promise is a leak
 * candidate until it settles, the result settles as the original does, a rejection's error names
 * its promise — without the stack capture and the debug properties; it stays off under
 * PULUMI_DEBUG_PROMISE_LEAKS. First on stand-in modules, then on this process's @pulumi/pulumi.
 */
import {
    leanPromisesOf,
    leanSdkPromises,
    type SdkDebuggableModule,
    type SdkStateModule,
} from "../../components/sdk-patches/lean-promises";

function standIns(debugPromiseLeaks = false) {
    const store = { leakCandidates: new Set<Promise<unknown>>() };
    const calls: unknown[] = [];
    const debuggable: SdkDebuggableModule = {
        debugPromiseLeaks,
        debuggablePromise: <T>(p: Promise<T>, ctx?: unknown) => {
            calls.push(ctx);
            return p;
        },
    };
    const state: SdkStateModule = { getStore: () => store };
    return { store, calls, debuggable, state };
}

describe("leanPromisesOf", () => {
    it("sends the first call to the SDK's function (its leak check at exit), later ones are lean", async () => {
        const s = standIns();
        expect(leanPromisesOf(s.debuggable, s.state)).toBe(true);
        expect(leanPromisesOf(s.debuggable, s.state)).toBe(true);
        await s.debuggable.debuggablePromise(Promise.resolve(1), "first");
        await s.debuggable.debuggablePromise(Promise.resolve(2), "second");
        expect(s.calls).toEqual(["first"]);
    });

    it("keeps a pending promise a leak candidate until it resolves, with its value", async () => {
        const s = standIns();
        leanPromisesOf(s.debuggable, s.state);
        await s.debuggable.debuggablePromise(Promise.resolve(0));
        let resolve!: (v: string) => void;
        const p = new Promise<string>((r) => (resolve = r));
        const out = s.debuggable.debuggablePromise(p, "ctx");
        expect([...s.store.leakCandidates]).toEqual([p]);
        expect(Object.getOwnPropertyNames(p)).toEqual([]);
        resolve("value");
        await expect(out).resolves.toBe("value");
        expect(s.store.leakCandidates.size).toBe(0);
    });

    it("rejects with the same error, which names the promise, and drops the candidate", async () => {
        const s = standIns();
        leanPromisesOf(s.debuggable, s.state);
        await s.debuggable.debuggablePromise(Promise.resolve(0));
        const err = new Error("boom");
        const p = Promise.reject(err);
        const out = s.debuggable.debuggablePromise(p);
        await expect(out).rejects.toBe(err);
        expect((err as Error & { promise?: unknown }).promise).toBe(p);
        expect(s.store.leakCandidates.size).toBe(0);
    });

    it("replaces nothing under PULUMI_DEBUG_PROMISE_LEAKS (the leaks' stacks are wanted)", () => {
        const s = standIns(true);
        const before = s.debuggable.debuggablePromise;
        expect(leanPromisesOf(s.debuggable, s.state)).toBe(false);
        expect(s.debuggable.debuggablePromise).toBe(before);
    });
});

describe("leanSdkPromises on @pulumi/pulumi", () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as SdkDebuggableModule;
    const state = require("@pulumi/pulumi/runtime/state") as SdkStateModule;
    /* eslint-enable @typescript-eslint/no-require-imports */

    it("replaces the export the runtime calls, and the SDK's leak candidates track the promise", async () => {
        const sdkOwn = debuggable.debuggablePromise;
        expect(leanSdkPromises()).toBe(!process.env.PULUMI_DEBUG_PROMISE_LEAKS);
        if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return;
        expect(debuggable.debuggablePromise).not.toBe(sdkOwn);
        await debuggable.debuggablePromise(Promise.resolve("first"), "first");
        let resolve!: () => void;
        const p = new Promise<void>((r) => (resolve = r));
        const out = debuggable.debuggablePromise(p, "pending");
        expect(state.getStore().leakCandidates.has(p)).toBe(true);
        // No stack captured, no debug properties set on the promise.
        expect(Object.getOwnPropertyNames(p)).toEqual([]);
        resolve();
        await out;
        expect(state.getStore().leakCandidates.has(p)).toBe(false);
    });
});
