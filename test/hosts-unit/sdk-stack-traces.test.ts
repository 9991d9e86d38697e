/**
 * plainSdkStackTraces: the SDK's own stack captures (functions `callsites` and
 * `debuggablePromise` in @pulumi/pulumi) skip the installed prepareStackTrace; every other
 * stack still goes through it. The capture sites are stood in for by functions compiled under an
 * @pulumi/pulumi file name (vm), so no SDK internals are patched here.
 */
import {
    isSdkCapture,
    plainSdkStackTraces,
    PROMISE_STACK_PLACEHOLDER,
} from "../../components/sdk-patches/stack-traces";

const sdkFile = "/x/node_modules/@pulumi/pulumi/runtime/debuggable.js";
const capture = new Function(
    `function debuggablePromise() { return new Error('d').stack; } function ` +
        `callsites() { return new Error('c').stack; } function other() { return new ` +
        `Error('o').stack; } return { debuggablePromise, callsites, other };\n//# ` +
        `sourceURL=${sdkFile}`,
)() as Record<"debuggablePromise" | "callsites" | "other", () => string>;
const { debuggablePromise, callsites, other } = capture;

describe("plainSdkStackTraces", () => {
    const saved = Error.prepareStackTrace;
    let mapped = 0;
    beforeAll(() => {
        Error.prepareStackTrace = (e, frames) => {
            mapped++;
            return `MAPPED ${String(e)} (${frames.length} frames)`;
        };
        plainSdkStackTraces();
        plainSdkStackTraces();
    });
    afterAll(() => {
        Error.prepareStackTrace = saved;
    });

    test("a per-promise capture gets a one-line placeholder, not the source-mapped frames", () => {
        mapped = 0;
        expect(debuggablePromise()).toBe(`Error: d\n${PROMISE_STACK_PLACEHOLDER}`);
        expect(mapped).toBe(0);
    });

    test("a resource's capture gets V8's plain frames (the SDK parses `at fn (file:line:col)`)", () => {
        mapped = 0;
        const stack = callsites();
        expect(stack.split("\n")[0]).toBe("Error: c");
        expect(stack.split("\n")[1]).toMatch(
            new RegExp(`^    at callsites \\(${sdkFile.replace(/[/.]/g, "\\$&")}:\\d+:\\d+\\)$`),
        );
        expect(mapped).toBe(0);
    });

    test(
        "every other stack trace still goes through the installed formatter " + "(once: installing twice is a no-op)",
        () => {
            mapped = 0;
            expect(other()).toMatch(/^MAPPED Error: o/);
            expect(new Error("mine").stack).toMatch(/^MAPPED Error: mine/);
            expect(mapped).toBe(2);
        },
    );

    test("only @pulumi/pulumi frames named like the capture sites count", () => {
        const frame = (file: string, fn: string) =>
            [
                { getFileName: () => file, getScriptNameOrSourceURL: () => file, getFunctionName: () => fn },
            ] as unknown as NodeJS.CallSite[];
        expect(isSdkCapture(frame(sdkFile, "callsites"))).toBe(true);
        expect(isSdkCapture(frame("/app/callsites.js", "callsites"))).toBe(false);
        expect(isSdkCapture(frame(sdkFile, "registerResource"))).toBe(false);
        expect(isSdkCapture([])).toBe(false);
    });
});
