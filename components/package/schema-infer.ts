/**
 * The package's schema as the component provider serves it: inferred from the components' Args
 * by @pulumi/pulumi's ComponentProvider (the same analysis `pulumi package get-schema` runs), in
 * process. scripts/schema.ts writes it to schema.json; the schema test compares the two.
 */
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./components";

/** The checked-in schema's path. */
export const SCHEMA_FILE = path.join(__dirname, "schema.json");

/** The schema inferred from the code, as parsed JSON. */
export async function inferredSchema(): Promise<Record<string, unknown>> {
    const provider = new ComponentProvider({ components: COMPONENTS, dirname: __dirname, name: PACKAGE_NAME });
    return JSON.parse(await provider.getSchema()) as Record<string, unknown>;
}

/** The text schema.json holds for a schema. */
export function schemaText(schema: Record<string, unknown>): string {
    return `${JSON.stringify(schema, null, 2)}\n`;
}
