import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { continuumSpecSchema } from "../../components/spec";

interface JsonSchema {
    type?: string;
    properties?: Record<string, JsonSchema>;
    items?: JsonSchema;
    anyOf?: JsonSchema[];
    default?: unknown;
}

/** Every field path of the spec schema, e.g. `clusters[].network.podCidr`. */
function fieldPaths(s: JsonSchema | undefined, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
    if (!s) return out;
    s.anyOf?.forEach((x) => fieldPaths(x, prefix, out));
    for (const [key, child] of Object.entries(s.properties ?? {})) {
        const path = prefix ? `${prefix}.${key}` : key;
        out.set(path, child.default);
        fieldPaths(child, path, out);
    }
    if (s.type === "array") fieldPaths(s.items, `${prefix}[]`, out);
    return out;
}

describe("the README's stack file reference", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    const rows = new Map<string, string>();
    const section = readme.slice(
        readme.indexOf("## Stack file reference"),
        readme.indexOf("\n## ", readme.indexOf("## Stack file reference") + 5),
    );
    for (const line of section.split("\n")) {
        const m = /^\| `([^`]+)` \|([^|]*)\|/.exec(line);
        if (m) rows.set(m[1], m[2].trim());
    }
    const paths = fieldPaths(
        z.toJSONSchema(continuumSpecSchema, { io: "input", unrepresentable: "any" }) as JsonSchema,
        "",
        new Map(),
    );

    it("documents every field of the schema", () => {
        const missing = [...paths.keys()].filter((p) => !rows.has(p));
        expect(missing).toEqual([]);
    });

    it("documents no field the schema does not have", () => {
        const extra = [...rows.keys()].filter((r) => !paths.has(r));
        expect(extra).toEqual([]);
    });

    it("states each scalar default the schema applies", () => {
        const wrong: string[] = [];
        for (const [path, def] of paths) {
            if (def === undefined || typeof def === "object") continue;
            if (!rows.get(path)?.includes(`\`${String(def)}\``))
                wrong.push(`${path}: schema default ${String(def)}, README says '${rows.get(path)}'`);
        }
        expect(wrong).toEqual([]);
    });
});
