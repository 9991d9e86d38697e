// `npm run schema`: write components/package/schema.json, the component package's schema as
// `pulumi package get-schema components/package` prints it (the schema SDKs are generated from;
// the offline toolchain's CLI: `npm run toolchain`). `npm run schema -- --check` exits 1 when the
// checked-in file differs. Drift is tested in both tiers: test/package/schema.test.ts (unit: names
// and properties against the in-process inference) and test/engine/component-package-schema.test.ts
// (engine: the whole file against get-schema).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { requireToolchain, toolchainEnv } from "./toolchain-env";
import { SCHEMA_FILE } from "../components/package/schema-infer";

const ROOT = path.resolve(__dirname, "..");

/** `pulumi package get-schema components/package` with the offline toolchain, as schema.json holds it. */
export function cliSchemaText(repoRoot: string = ROOT): string {
    const out = execFileSync("pulumi", ["package", "get-schema", path.dirname(SCHEMA_FILE)], {
        cwd: repoRoot,
        env: toolchainEnv(repoRoot),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 600_000,
    });
    return `${JSON.stringify(JSON.parse(out), null, 2)}\n`;
}

function main(): void {
    requireToolchain(ROOT);
    const text = cliSchemaText();
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
        if (current !== text) {
            console.error(
                `${SCHEMA_FILE} differs from what \`pulumi package get-schema\` ` +
                    `infers from the code — run \`npm run schema\` and commit it`,
            );
            process.exit(1);
        }
        console.log(`${SCHEMA_FILE} is up to date`);
        return;
    }
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
}

if (require.main === module) main();
