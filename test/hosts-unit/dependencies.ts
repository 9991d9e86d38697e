import * as settings from "@pulumi/pulumi/runtime/settings";

/** name → names of the resources it waits for, as the SDK sends them to the (mock) monitor. */
export type DependencyMap = Map<string, string[]>;

/** Resource options the monitor request carries (the mocks API does not pass them on). */
export interface RecordedOptions {
    timeouts: { create: string; update: string; delete: string };
    additionalSecretOutputs: string[];
    deleteBeforeReplace: boolean;
    /** Property paths whose change replaces the resource. */
    replaceOnChanges: string[];
    /** Aliases: a URN, or the spec's name, type and parent URN (empty when unset). */
    aliases: (string | { name: string; type: string; parentUrn: string })[];
}

/** Options by resource name, filled by `recordDependencies`. */
export const recordedOptions = new Map<string, RecordedOptions>();

/**
 * Record each registration's dependencies and options (the monitor request carries them; the
 * mocks API does not). Call after `installMocks()` and before constructing components.
 */
export function recordDependencies(): DependencyMap {
    const deps: DependencyMap = new Map();
    const monitor = settings.getMonitor() as unknown as { registerResource: (req: Req, cb: unknown) => unknown };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: Req, cb: unknown) => {
        deps.set(
            req.getName(),
            req.getDependenciesList().map((urn) => urn.split("::").pop() as string),
        );
        const t = req.getCustomtimeouts();
        recordedOptions.set(req.getName(), {
            timeouts: { create: t?.getCreate() ?? "", update: t?.getUpdate() ?? "", delete: t?.getDelete() ?? "" },
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            replaceOnChanges: req.getReplaceonchangesList(),
            aliases: req.getAliasesList().map((a) => {
                const spec = a.getSpec();
                return spec === undefined
                    ? a.getUrn()
                    : { name: spec.getName(), type: spec.getType(), parentUrn: spec.getParenturn() };
            }),
        });
        return original(req, cb);
    };
    return deps;
}

interface Req {
    getName(): string;
    getDependenciesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getAdditionalsecretoutputsList(): string[];
    getDeletebeforereplace(): boolean;
    getReplaceonchangesList(): string[];
    getAliasesList(): {
        getUrn(): string;
        getSpec(): { getName(): string; getType(): string; getParenturn(): string } | undefined;
    }[];
}

/** Everything a resource waits for, directly or through what it waits for. */
export function transitiveDeps(deps: DependencyMap, name: string): Set<string> {
    const seen = new Set<string>();
    const todo = [...(deps.get(name) ?? [])];
    while (todo.length > 0) {
        const d = todo.pop() as string;
        if (seen.has(d)) continue;
        seen.add(d);
        todo.push(...(deps.get(d) ?? []));
    }
    return seen;
}
