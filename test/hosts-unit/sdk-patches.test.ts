// The SDK patches (components/sdk-patches/) reach into @pulumi/pulumi's internals: each thing they
// rely on must still be where they look, or an SDK upgrade silently turns them off (or worse).
import * as fs from "node:fs";
import * as path from "node:path";
import { SDK_PATCH_TARGETS } from "../../components/sdk-patches";
import { SDK_RPC_TRACE_PREFIXES } from "../../components/sdk-patches/rpc-traces";

const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

describe("what the SDK patches reach into is still in @pulumi/pulumi", () => {
    it.each(SDK_PATCH_TARGETS.map((t) => [t.file, t.contains] as const))("%s", (file, contains) => {
        const text = fs.readFileSync(path.join(sdkDir, file), "utf8");
        const missing = contains.filter((s) => !text.includes(s));
        if (missing.length > 0) {
            throw new Error(
                `@pulumi/pulumi ${file} no longer contains ${missing.map((m) => JSON.stringify(m)).join(", ")} — ` +
                    "the SDK moved what components/sdk-patches/ patches: " +
                    "re-measure (bench/README.md) and fix or drop the patch",
            );
        }
    });

    it("every RPC trace prefix the patch drops is written by the SDK", () => {
        const sources = SDK_PATCH_TARGETS.filter((t) => t.file.startsWith("runtime/")).map((t) =>
            fs.readFileSync(path.join(sdkDir, t.file), "utf8"),
        );
        expect(SDK_RPC_TRACE_PREFIXES.filter((p) => !sources.some((s) => s.includes(p)))).toEqual([]);
    });

    it("the log module's debug is the function the runtime calls", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const log = require("@pulumi/pulumi/log") as { debug?: unknown };
        expect(typeof log.debug).toBe("function");
    });
});
