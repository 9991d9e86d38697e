import * as pulumi from "@pulumi/pulumi";

const registeredNames = new Set<string>();
pulumi.runtime.setMocks(
    {
        newResource(args) {
            registeredNames.add(args.name);
            return { id: `${args.name}-id`, state: {} };
        },
        call: (args) => args.inputs,
    },
    "continuum",
    "test",
    true,
);

import { declareInChunks } from "../../components/hosts/chunks";

class Thing extends pulumi.CustomResource {
    constructor(name: string) {
        super("test:index:Thing", name, {});
    }
}
const thing = (name: string) => new Thing(name);

describe("declareInChunks", () => {
    test(
        "the first chunk is declared at once; the rest follow, each after " + "the chunk two before it registered",
        async () => {
            const items = Array.from({ length: 23 }, (_, i) => `n${i}`);
            const declaredBefore: Record<string, boolean> = {};
            const chunked = declareInChunks(
                items,
                (name) => {
                    const i = Number(name.slice(1));
                    const twoBack = Math.floor(i / 5) - 2;
                    if (twoBack >= 0) {
                        declaredBefore[name] = Array.from({ length: 5 }, (_, k) => `n${twoBack * 5 + k}-a`).every((n) =>
                            registeredNames.has(n),
                        );
                    }
                    return [thing(`${name}-a`), thing(`${name}-b`)];
                },
                5,
            );
            expect(chunked.first.length).toBe(10);
            const all = await chunked.all;
            expect(all.length).toBe(46);
            expect(Object.keys(declaredBefore).length).toBe(13);
            expect(Object.values(declaredBefore).every(Boolean)).toBe(true);
            await pulumi.runtime.disconnect();
            expect(registeredNames.size).toBe(46);
        },
    );

    test("an error a declaration throws rejects `all`", async () => {
        const chunked = declareInChunks(
            [1, 2, 3],
            (i) => {
                if (i === 3) throw new Error("node 3 is broken");
                return [];
            },
            1,
        );
        await expect(chunked.all).rejects.toThrow("node 3 is broken");
    });
});
