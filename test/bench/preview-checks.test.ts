import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { missingToolchain, plannedResources, PLUGINS } from "../../bench/preview-checks";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** A scratch repository root: `tools` executables in .tools/bin, npm packages at these versions. */
function root(tools: string[], plugins: Record<string, string> = {}): string {
    const r = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-bench-root-"));
    roots.push(r);
    fs.mkdirSync(path.join(r, ".tools", "bin"), { recursive: true });
    for (const t of tools) fs.writeFileSync(path.join(r, ".tools", "bin", t), "#!/bin/sh\n", { mode: 0o755 });
    for (const pkg of Object.keys(PLUGINS)) {
        fs.mkdirSync(path.join(r, "node_modules", pkg), { recursive: true });
        fs.writeFileSync(path.join(r, "node_modules", pkg, "package.json"), JSON.stringify({ version: "1.2.3" }));
    }
    for (const [plugin, where] of Object.entries(plugins)) {
        if (where === "path")
            fs.writeFileSync(path.join(r, ".tools", "bin", `pulumi-resource-${plugin}`), "#!/bin/sh\n", {
                mode: 0o755,
            });
        else
            fs.mkdirSync(path.join(r, ".tools", "pulumi-home", "plugins", `resource-${plugin}-v1.2.3`), {
                recursive: true,
            });
    }
    return r;
}

describe("missingToolchain (the preview case skips, saying why)", () => {
    test("no CLI: names the missing binaries and npm run toolchain", () => {
        expect(missingToolchain(root([]))).toMatch(/missing pulumi, pulumi-language-nodejs .* run `npm run toolchain`/);
    });

    test("CLI but no plugins: names each plugin and the version the npm package asks for", () => {
        expect(missingToolchain(root(["pulumi", "pulumi-language-nodejs"]))).toBe(
            "provider plugins pulumi-resource-kubernetes (v1.2.3), pulumi-resource-command " +
                "(v1.2.3), pulumi-resource-random (v1.2.3), pulumi-resource-tls (v1.2.3) " +
                "not built — run `npm run toolchain`",
        );
    });

    test("plugins on PATH or in the plugin cache: nothing missing", () => {
        expect(
            missingToolchain(
                root(["pulumi", "pulumi-language-nodejs"], {
                    kubernetes: "path",
                    command: "cache",
                    random: "cache",
                    tls: "path",
                }),
            ),
        ).toBeUndefined();
    });
});

test("plannedResources sums the preview summary", () => {
    const out =
        "Previewing update (bench):\n...\nResources:\n    + 20227 to create\n    " +
        "~ 1 to update\n    2 unchanged\n\nDuration: 1m10s\n";
    expect(plannedResources(out)).toBe(20230);
    expect(plannedResources("error: preview failed")).toBeUndefined();
});
