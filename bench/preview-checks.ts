/**
 * What the `preview` case checks around `pulumi preview`: whether the offline toolchain and every
 * provider plugin the fleet program loads are there (otherwise the case prints a skipped
 * measurement saying why, so `npm run bench:ci` passes without the toolchain), and how many
 * resources the preview planned.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { requireToolchain } from "../scripts/toolchain-env";

/** Provider plugins the fleet program loads (npm package → plugin name). */
export const PLUGINS = {
    "@pulumi/kubernetes": "kubernetes",
    "@pulumi/command": "command",
    "@pulumi/random": "random",
    "@pulumi/tls": "tls",
};

/** Why the preview cannot run here, or undefined. */
export function missingToolchain(root: string): string | undefined {
    try {
        requireToolchain(root, ["pulumi", "pulumi-language-nodejs"]);
    } catch (e) {
        return (e as Error).message;
    }
    const missing: string[] = [];
    for (const [pkg, plugin] of Object.entries(PLUGINS)) {
        const version = (
            JSON.parse(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as {
                version: string;
            }
        ).version;
        const onPath = fs.existsSync(path.join(root, ".tools", "bin", `pulumi-resource-${plugin}`));
        const cached = fs.existsSync(
            path.join(root, ".tools", "pulumi-home", "plugins", `resource-${plugin}-v${version}`),
        );
        if (!onPath && !cached) missing.push(`pulumi-resource-${plugin} (v${version})`);
    }
    return missing.length > 0
        ? `provider plugin${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
              `not built — run \`npm run toolchain\``
        : undefined;
}

/** "+ 1234 to create" etc. from the preview summary → the number of planned resources. */
export function plannedResources(output: string): number | undefined {
    const at = output.lastIndexOf("Resources:");
    if (at < 0) return undefined;
    let total = 0;
    for (const m of output
        .slice(at)
        .matchAll(/^\s+[+~\-±]*\s*(\d+) (?:to create|to update|to delete|to replace|unchanged)/gm))
        total += Number(m[1]);
    return total;
}
