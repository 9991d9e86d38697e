// `npm run schema`: write components/package/schema.json, the component package's schema inferred
// from the components' Args (components/package/schema-infer.ts). `npm run schema -- --check` exits 1
// when the checked-in file differs from the code (test/package/schema.test.ts checks it too).
import * as fs from "node:fs";
import { inferredSchema, SCHEMA_FILE, schemaText } from "../components/package/schema-infer";

async function main(): Promise<void> {
    const text = schemaText(await inferredSchema());
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
        if (current !== text) {
            console.error(`${SCHEMA_FILE} differs from the schema the code infers — run \`npm run schema\` and commit it`);
            process.exit(1);
        }
        console.log(`${SCHEMA_FILE} is up to date`);
        return;
    }
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
});
