/**
 * One-time state migration for stacks from versions that ran host steps on the command provider's
 * own SSH client (`command:remote:Command`). This version runs every host step as a
 * `command:local:Command` over OpenSSH (components/hosts/fleet-node.ts, host-step.ts), aliased to
 * the old command, so the engine updates it in place (the step runs again; every step is
 * idempotent) instead of deleting it (which would run the old uninstall). The command provider
 * decodes the old state strictly, and a remote command's state carries `connection`, which a local
 * command does not have: the preview stops with "Unrecognized field 'connection' on
 * 'local.CommandOutputs'" (nothing runs). What this changes, and nothing else:
 *   - the two-resource fleet version's node converges (`<node>-converge`): `connection` removed;
 *   - the HostScript steps of the kubeadm path and of K3s's one-shot steps (`<step>-run` under a
 *     `continuum:index:HostScript`: a kubeadm node's install, now its converge; the kubeconfig, a
 *     join's preparation, a node's drain/upgrade/reconcile, the pool step): `connection` and
 *     `triggers` (old script digests, which would replace the step) removed;
 *   - the HostScript steps this version folds into a node's converge or drops (a RuntimeCatalog's
 *     `<node>-runtimes`, a HostPreflight's run): their `delete` removed, so deleting them runs
 *     nothing on the host (the converge installed the runtimes again; its uninstall owns them now).
 * Run it once, right before the first `pulumi up` of this version:
 *
 *   pulumi stack export --file state.json
 *   npx ts-node --transpile-only scripts/fleet-state-migrate.ts state.json   # rewrites the file
 *   pulumi stack import --file state.json
 */
import * as fs from "node:fs";
import { dropProperties, holds, nameOf, type ExportedStack } from "./exported-state";

export type { ExportedStack } from "./exported-state";

/** The type chain of a URN (`parent$…$type`). */
const typesOf = (urn: string): string[] => urn.split("::").slice(-2)[0].split("$");

/**
 * Removes `connection` from the old fleet converges (remote commands named `<node>-converge`; no
 * other continuum resource has that name) and returns their URNs.
 */
export function migrateFleetConverges(stack: ExportedStack): string[] {
    const migrated: string[] = [];
    for (const r of stack.deployment.resources ?? []) {
        if (r.type !== "command:remote:Command" || !nameOf(r.urn).endsWith("-converge")) continue;
        if (!holds(r, "connection")) continue;
        dropProperties(r, "connection");
        migrated.push(r.urn);
    }
    return migrated;
}

/** What happened to the old HostScript steps. */
export interface HostScriptMigration {
    /** Steps that became local commands (their new resource carries an alias to them). */
    converted: string[];
    /** Steps folded into a converge or dropped: their delete runs nothing now. */
    disarmed: string[];
}

/** The component types whose HostScript steps this version no longer runs on their own. */
const FOLDED = new Set(["continuum:index:RuntimeCatalog", "continuum:index:HostPreflight"]);

/** Migrate the HostScript steps (`<step>-run` remote commands under a HostScript); see the file comment. */
export function migrateHostScripts(stack: ExportedStack): HostScriptMigration {
    const out: HostScriptMigration = { converted: [], disarmed: [] };
    for (const r of stack.deployment.resources ?? []) {
        const types = typesOf(r.urn);
        if (
            r.type !== "command:remote:Command" ||
            types[types.length - 2] !== "continuum:index:HostScript" ||
            !nameOf(r.urn).endsWith("-run")
        )
            continue;
        if (FOLDED.has(types[types.length - 3])) {
            if (!holds(r, "delete")) continue;
            dropProperties(r, "delete");
            out.disarmed.push(r.urn);
            continue;
        }
        if (!holds(r, "connection")) continue;
        dropProperties(r, "connection", "triggers");
        out.converted.push(r.urn);
    }
    return out;
}

if (require.main === module) {
    const file = process.argv[2];
    if (!file) {
        console.error(
            "usage: npx ts-node --transpile-only scripts/fleet-state-migrate.ts " +
                "<file from `pulumi stack export --file`>",
        );
        process.exit(2);
    }
    const stack = JSON.parse(fs.readFileSync(file, "utf8")) as ExportedStack;
    const migrated = migrateFleetConverges(stack);
    const steps = migrateHostScripts(stack);
    fs.writeFileSync(file, `${JSON.stringify(stack, null, 4)}\n`);
    const lines = [
        ...migrated.map((u) => `  converge, connection removed: ${u}`),
        ...steps.converted.map((u) => `  step, now a local command: ${u}`),
        ...steps.disarmed.map((u) => `  step folded into a converge, its delete runs nothing: ${u}`),
    ];
    console.log(
        lines.length === 0
            ? `${file}: no remote host step of an older version: nothing to change`
            : `${file}: ${lines.length} resource(s) changed; now \`pulumi ` +
                  `stack import --file ${file}\`:\n${lines.join("\n")}`,
    );
}
