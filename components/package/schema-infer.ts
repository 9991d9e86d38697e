/**
 * The package's schema inferred in process from the components' Args by @pulumi/pulumi's
 * ComponentProvider: the analysis the provider runs for `get-schema`, in its raw form (the CLI then
 * normalizes it into schema.json's form: scripts/schema.ts).
 */
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./components";

/** The checked-in schema's path. */
export const SCHEMA_FILE = path.join(__dirname, "schema.json");

/** The schema inferred from the code, raw, as parsed JSON. */
export async function inferredSchema(): Promise<Record<string, unknown>> {
    const provider = new ComponentProvider({ components: COMPONENTS, dirname: __dirname, name: PACKAGE_NAME });
    return JSON.parse(await provider.getSchema()) as Record<string, unknown>;
}
