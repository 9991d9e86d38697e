/**
 * Declaring thousands of resources in one synchronous loop holds every one of them half-way
 * registered at once (the Pulumi SDK keeps several promises, stack traces and the serialized
 * inputs per resource until its registration returns): 10,000 nodes ran a 4 GB heap out before
 * a single registration was sent. Declaring them in chunks, each after the previous chunk's
 * registrations returned, keeps memory flat and lets the engine work while the program
 * declares. The first chunk is declared synchronously (small clusters behave as before).
 */
import type * as pulumi from "@pulumi/pulumi";

/** Nodes declared per chunk (a few hundred resources in flight). */
export const NODES_PER_CHUNK = 100;

/** Resolves once the resource's registration returned (failed registrations resolve too: the SDK reports them). */
export function registered(resource: pulumi.Resource): Promise<void> {
    const urn = resource.urn as unknown as {
        promise?: () => Promise<unknown>;
        apply: (f: (u: string) => unknown) => unknown;
    };
    if (typeof urn.promise === "function")
        return urn.promise().then(
            () => undefined,
            () => undefined,
        );
    return new Promise((resolve) => {
        urn.apply((u) => {
            resolve();
            return u;
        });
    });
}

/** What declareInChunks returns. */
export interface Chunked {
    /** Resources of the first chunk (declared before declareInChunks returned). */
    first: pulumi.Resource[];
    /** Every declared resource, once the last chunk is declared. Rejects with the error a declaration threw. */
    all: Promise<pulumi.Resource[]>;
}

/**
 * Declare `declare(item)` for every item, `size` items at a time, with at most two chunks
 * registering at once (the next chunk is declared while the previous one is still in flight).
 */
export function declareInChunks<T>(
    items: T[],
    declare: (item: T) => pulumi.Resource[],
    size: number = NODES_PER_CHUNK,
): Chunked {
    const first = items.slice(0, size).flatMap(declare);
    const all = (async () => {
        const out = [...first];
        let older: pulumi.Resource[] = [];
        let previous = first;
        for (let i = size; i < items.length; i += size) {
            await Promise.all(older.map(registered));
            // Give the previous chunk's registrations a turn before declaring more.
            await new Promise((resolve) => setImmediate(resolve));
            const chunk = items.slice(i, i + size).flatMap(declare);
            out.push(...chunk);
            older = previous;
            previous = chunk;
        }
        return out;
    })();
    return { first, all };
}
