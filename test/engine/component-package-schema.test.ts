// Engine tier, issue 20: components/package/schema.json is exactly what `pulumi package get-schema`
// infers from the code now (the unit tier compares names and descriptions without the CLI).
import * as fs from "node:fs";
import { requireToolchain } from "../../scripts/toolchain-env";
import { cliSchemaText } from "../../scripts/schema";
import { SCHEMA_FILE } from "../../components/package/schema-infer";
import { ROOT } from "./component-package-project";

it("schema.json is what pulumi package get-schema prints (run `npm run schema` and commit it)", () => {
    requireToolchain(ROOT, ["pulumi", "pulumi-language-nodejs"]);
    const start = Date.now();
    const text = cliSchemaText(ROOT);
    console.log(`pulumi package get-schema: ${((Date.now() - start) / 1000).toFixed(1)} s`);
    expect(text).toBe(fs.readFileSync(SCHEMA_FILE, "utf8"));
}, 900_000);
