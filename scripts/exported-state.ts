/**
 * The part of `pulumi stack export`'s file the state migrations read and write
 * (fleet-state-migrate.ts, fleet-pool-migrate.ts), and the edits they share.
 */

/** One resource of `pulumi stack export`'s `deployment.resources`. */
export interface StateResource {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

/** The part of `pulumi stack export` the migrations read and write. */
export interface ExportedStack {
    deployment: { resources?: StateResource[] } & Record<string, unknown>;
}

/** A resource's name: the last part of its URN. */
export const nameOf = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/** Whether the resource's inputs or outputs hold `key`. */
export const holds = (r: StateResource, key: string): boolean =>
    Boolean((r.inputs && key in r.inputs) || (r.outputs && key in r.outputs));

/** Removes `keys` from the resource's inputs and outputs (e.g. `delete`: deleting it then runs nothing). */
export function dropProperties(r: StateResource, ...keys: string[]): void {
    for (const key of keys) {
        delete r.inputs?.[key];
        delete r.outputs?.[key];
    }
}
