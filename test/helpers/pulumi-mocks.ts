import * as pulumi from "@pulumi/pulumi";

/** A resource the program registered under mocks. */
export interface RecordedResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    provider?: string;
    urn: string;
}

/**
 * Outputs a provider always computes, so that what a component derives from them (a key hashed
 * from a RandomPassword, components/random-key.ts) runs under mocks as it does for real. A test's
 * own outputs win.
 */
function computedByProvider(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    if (args.type === "random:index/randomPassword:RandomPassword") return { result: `mock-password-${args.name}` };
    return {};
}

/**
 * Pulumi mocks that record every registered resource, for tests of
 * "which resources, with which inputs, under which provider".
 * Call `installMocks()` before importing/constructing components; `recorded` fills as
 * resources register; `settle()` waits for registrations to finish.
 */
export function installMocks(outputs: (r: pulumi.runtime.MockResourceArgs) => Record<string, unknown> = () => ({})) {
    const recorded: RecordedResource[] = [];
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                recorded.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    provider: args.provider,
                    urn: `urn:pulumi:test::continuum::${args.type}::${args.name}`,
                });
                return {
                    id: `${args.name}-id`,
                    state: { ...args.inputs, ...computedByProvider(args), ...outputs(args) },
                };
            },
            call(args) {
                return args.inputs;
            },
        },
        "continuum",
        "test",
        false,
    );
    return {
        recorded,
        /** Resources of one type token. */
        ofType: (type: string) => recorded.filter((r) => r.type === type),
        /** Let pending registrations run. */
        settle: () => new Promise<void>((resolve) => setTimeout(resolve, 50)),
    };
}

/** The resolved value of an Output (test only). */
export function valueOf<T>(o: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) =>
        pulumi.output(o).apply((v) => {
            resolve(v as T);
            return v;
        }),
    );
}

/** Whether an Output is marked secret. */
export function isSecretOutput(o: pulumi.Output<unknown>): Promise<boolean> {
    return pulumi.isSecret(o);
}
