// The component package's schema (components/package/schema.json): it is what the code infers (the
// same analysis `pulumi package get-schema` runs), it publishes every component under the names
// the TypeScript library exports, every input is described, and the Args that mirror
// `continuum:spec` have exactly the spec's fields and enum values — so a field added to the spec
// fails here until the package takes it (and `npm run schema` is run).
import * as fs from "node:fs";
import type { z } from "zod";
import * as library from "../../components";
import { COMPONENTS } from "../../components/package/components";
import * as enums from "../../components/package/enums";
import { inferredSchema, SCHEMA_FILE } from "../../components/package/schema-infer";
import { akriSchema } from "../../components/spec/akri";
import {
    apiEndpointSchema,
    ciliumSchema,
    clusterSchema,
    meshMemberSchema,
    networkSchema,
} from "../../components/spec/cluster";
import { airgapSchema, continuumSpecSchema, versionOverridesSchema } from "../../components/spec/continuum-spec";
import { kubeEdgeSchema } from "../../components/spec/kubeedge";
import { bastionSchema, clusterNodeSchema, edgeNodeSchema, sshSchema } from "../../components/spec/node";

interface Property {
    description?: string;
    $ref?: string;
    type?: string;
    items?: Property;
    additionalProperties?: Property;
}
interface ObjectType {
    type: string;
    properties?: Record<string, Property>;
    enum?: { value: string }[];
}
interface Resource {
    inputProperties: Record<string, Property>;
    properties: Record<string, Property>;
    description?: string;
}
interface Schema {
    name: string;
    types: Record<string, ObjectType>;
    resources: Record<string, Resource>;
}

let schema: Schema;
const checkedIn = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;

beforeAll(async () => {
    schema = (await inferredSchema()) as unknown as Schema;
}, 120_000);

/** The keys of a zod object, through .default()/.optional() wrappers. */
function keysOf(s: z.ZodType): string[] {
    let t = s as unknown as { shape?: Record<string, unknown>; _zod: { def: { innerType?: unknown } } };
    while (!t.shape && t._zod.def.innerType) t = t._zod.def.innerType as typeof t;
    return Object.keys(t.shape ?? {}).sort();
}

const propsOf = (type: string): string[] =>
    Object.keys(schema.types[`continuum:index:${type}`]?.properties ?? {}).sort();

/** Every property path of a schema with its description (what the CLI keeps of the inference). */
function described(s: Schema): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [token, r] of Object.entries(s.resources)) {
        out[token] = r.description ?? "";
        for (const [k, p] of Object.entries(r.inputProperties ?? {}))
            out[`${token} input ${k}`] = `${p.description ?? ""} ${p.$ref ?? p.type ?? ""}`;
        for (const [k, p] of Object.entries(r.properties ?? {}))
            out[`${token} output ${k}`] = `${p.description ?? ""} ${p.$ref ?? p.type ?? ""}`;
    }
    for (const [token, t] of Object.entries(s.types)) {
        out[token] = (t.enum ?? []).map((e) => e.value).join(",");
        for (const [k, p] of Object.entries(t.properties ?? {}))
            out[`${token}.${k}`] = `${p.description ?? ""} ${p.$ref ?? p.type ?? ""}`;
    }
    return out;
}

it(
    "schema.json has every component, type and property the code infers, " +
        "described alike (`npm run schema` after changing an Args)",
    () => {
        expect(checkedIn.name).toBe("continuum");
        expect(described(checkedIn)).toEqual(described(schema));
    },
);

it("publishes every component as continuum:index:<Name>, the name the TypeScript library exports", () => {
    const names = COMPONENTS.map((c) => c.name);
    expect(names).toEqual([
        "Continuum",
        "KubeadmCluster",
        "K3sCluster",
        "SimCluster",
        "KindCluster",
        "K3dCluster",
        "ExistingCluster",
        "ClusterMesh",
        "KubeEdge",
        "RuntimeCatalog",
        "Akri",
    ]);
    expect(Object.keys(schema.resources).sort()).toEqual(names.map((n) => `continuum:index:${n}`).sort());
    for (const c of COMPONENTS) expect((library as Record<string, unknown>)[c.name]).toBe(c);
});

it("describes every component, input and output, and every property of every type", () => {
    const missing: string[] = [];
    for (const [token, r] of Object.entries(schema.resources)) {
        if (!r.description) missing.push(token);
        for (const [k, p] of [...Object.entries(r.inputProperties), ...Object.entries(r.properties)])
            if (!p.description) missing.push(`${token}.${k}`);
    }
    for (const [token, t] of Object.entries(schema.types)) {
        for (const [k, p] of Object.entries(t.properties ?? {})) if (!p.description) missing.push(`${token}.${k}`);
    }
    expect(missing).toEqual([]);
});

it("the Args that mirror continuum:spec have exactly the spec's fields", () => {
    const pairs: [string, z.ZodType][] = [
        ["ContinuumSpecArgs", continuumSpecSchema],
        ["ClusterSpecArgs", clusterSchema],
        ["NodeSpecArgs", clusterNodeSchema],
        ["EdgeNodeSpecArgs", edgeNodeSchema],
        ["NetworkArgs", networkSchema],
        ["CiliumArgs", ciliumSchema],
        ["MeshMemberArgs", meshMemberSchema],
        ["ApiEndpointArgs", apiEndpointSchema],
        ["AkriSpecArgs", akriSchema],
        ["KubeEdgeSpecArgs", kubeEdgeSchema],
        ["SshArgs", sshSchema],
        ["BastionArgs", bastionSchema],
        ["AirgapArgs", airgapSchema],
        ["VersionsArgs", versionOverridesSchema],
    ];
    const drift = pairs
        .filter(([type, zod]) => propsOf(type).join() !== keysOf(zod).join())
        .map(
            ([type, zod]) => `${type}: package has [${propsOf(type).join(", ")}], spec has [${keysOf(zod).join(", ")}]`,
        );
    expect(drift).toEqual([]);
});

it("the enums have the spec's values", () => {
    const values = (e: Record<string, string>) => Object.values(e).sort();
    const options = (s: z.ZodType) => [...(s as unknown as { options: string[] }).options].sort();
    const node = clusterNodeSchema.shape;
    expect(values(enums.Tier)).toEqual(options(clusterSchema.shape.tier));
    expect(values(enums.Distribution)).toEqual(options(clusterSchema.shape.distribution));
    expect(values(enums.Substrate)).toEqual(options(clusterSchema.shape.substrate));
    expect(values(enums.NodeRole)).toEqual(options(node.roles.element));
    expect(values(enums.Runtime)).toEqual(options(node.runtimes._zod.def.innerType.element));
    expect(values(enums.Capability)).toEqual(options(node.capabilities._zod.def.innerType.element));
    expect(values(enums.Arch)).toEqual(options(node.arch._zod.def.innerType));
    // Published as enums, not plain strings.
    expect(schema.types["continuum:index:Tier"].enum?.map((e) => e.value).sort()).toEqual(values(enums.Tier));
});
