/**
 * Before switching a live stack's fleet between one converge per node and converge pools
 * (`fleet.pools`, components/hosts/fleet-pool.ts), or lowering `pools`: the resources the new
 * program no longer declares are deleted by the next `pulumi up`, and a converge's delete is its
 * unconverge — the nodes' uninstall (a per-node `<cluster>-<node>-converge`, or a pool
 * `<name>-pool-<i>`, which unconverges every node of its record). This disarms them: their `delete`
 * command is removed from the state, so deleting them runs nothing on any host. The pools then
 * converge every node once (idempotent: no-op steps on a converged host). Which resources: the local
 * commands whose name matches the regular expression given (the nodes that move into pools, or the
 * pools that go away); the script prints each one, and refuses when none matches.
 *
 *   pulumi stack export --file state.json
 *   npx ts-node --transpile-only scripts/fleet-pool-migrate.ts state.json '^edge-agent-[0-9]+-converge$'
 *   pulumi stack import --file state.json
 *   pulumi preview    # the disarmed resources are deletes; nothing else is
 *
 * Tested in test/engine/fleet-pool-switch.test.ts.
 */
import * as fs from "node:fs";
import { dropProperties, nameOf, type ExportedStack } from "./exported-state";

export type { ExportedStack } from "./exported-state";

/** Removes `delete` from every local command whose name matches `pattern`; returns their URNs. */
export function disarmConverges(stack: ExportedStack, pattern: RegExp): string[] {
    const disarmed: string[] = [];
    for (const r of stack.deployment.resources ?? []) {
        if (r.type !== "command:local:Command" || !pattern.test(nameOf(r.urn))) continue;
        dropProperties(r, "delete");
        disarmed.push(r.urn);
    }
    return disarmed;
}

function main(argv: string[]): void {
    const [file, pattern] = argv;
    if (!file || !pattern) {
        console.error("usage: fleet-pool-migrate.ts <exported state.json> <resource name regex>");
        process.exit(2);
    }
    const stack = JSON.parse(fs.readFileSync(file, "utf8")) as ExportedStack;
    const disarmed = disarmConverges(stack, new RegExp(pattern));
    if (disarmed.length === 0) {
        console.error(
            `no command:local:Command in ${file} is named like /${pattern}/ — ` +
                "check the names with: pulumi stack --show-urns",
        );
        process.exit(1);
    }
    fs.writeFileSync(file, JSON.stringify(stack, null, 4));
    for (const urn of disarmed) console.log(`disarmed (its delete runs nothing now): ${urn}`);
    console.log(`${disarmed.length} resources; now: pulumi stack import --file ${file}`);
}

if (require.main === module) main(process.argv.slice(2));
