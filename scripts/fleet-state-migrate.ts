/**
 * One-time state migration for stacks from the two-resource fleet version, whose node converge was
 * a `command:remote:Command` (`<node>-converge`, beside a `<node>-files` CopyToRemote). This
 * version's converge is a `command:local:Command` of the same name with an alias of the old type,
 * so the engine updates it in place (the converge runs again) instead of deleting it (which would
 * run the node's uninstall). The command provider decodes the old state strictly, and a remote
 * command's state carries `connection`, which a local command does not have: the preview stops
 * with "Unrecognized field 'connection' on 'local.CommandOutputs'" (nothing runs). This removes
 * `connection` from those converges' inputs and outputs, and nothing else; run it once, right
 * before the first `pulumi up` of this version:
 *
 *   pulumi stack export --file state.json
 *   npx ts-node --transpile-only scripts/fleet-state-migrate.ts state.json   # rewrites the file
 *   pulumi stack import --file state.json
 */
import * as fs from "node:fs";

/** One resource of `pulumi stack export`'s `deployment.resources`. */
interface StateResource {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

/** The part of `pulumi stack export` this reads and writes. */
export interface ExportedStack {
    deployment: { resources?: StateResource[] } & Record<string, unknown>;
}

const nameOf = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/**
 * Removes `connection` from the old fleet converges (remote commands named `<node>-converge`; no
 * other continuum resource has that name) and returns their URNs.
 */
export function migrateFleetConverges(stack: ExportedStack): string[] {
    const migrated: string[] = [];
    for (const r of stack.deployment.resources ?? []) {
        if (r.type !== "command:remote:Command" || !nameOf(r.urn).endsWith("-converge")) continue;
        if (!(r.inputs && "connection" in r.inputs) && !(r.outputs && "connection" in r.outputs)) continue;
        delete r.inputs?.connection;
        delete r.outputs?.connection;
        migrated.push(r.urn);
    }
    return migrated;
}

if (require.main === module) {
    const file = process.argv[2];
    if (!file) {
        console.error("usage: npx ts-node --transpile-only scripts/fleet-state-migrate.ts <file from `pulumi stack export --file`>");
        process.exit(2);
    }
    const stack = JSON.parse(fs.readFileSync(file, "utf8")) as ExportedStack;
    const migrated = migrateFleetConverges(stack);
    fs.writeFileSync(file, `${JSON.stringify(stack, null, 4)}\n`);
    console.log(migrated.length === 0
        ? `${file}: no converge of the two-resource fleet version with a connection: nothing to change`
        : `${file}: removed connection from ${migrated.length} fleet converge(s); now \`pulumi stack import --file ${file}\`:\n${migrated.map((u) => `  ${u}`).join("\n")}`);
}
