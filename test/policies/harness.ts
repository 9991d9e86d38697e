/**
 * Calling policies the way the engine does, with constructed arguments (the pattern of the
 * pulumi-policy-aws test helpers): a resource policy gets one resource's inputs, options and
 * provider; a stack policy gets every resource with its dependencies. `previewValue` builds
 * the proxy the SDK hands policies during `pulumi preview`, where unknown values throw.
 */
import type {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as proxyModule from "@pulumi/policy/proxy";
import { resetDeclared } from "../../policies/lib/declared";

/** The SDK internals used to build preview-time properties (same module the pack imports). */
interface ProxyInternals {
    unknownCheckingProxy<T>(value: T): T;
    unknownStringValue: string;
    unknownObjectValue: string;
    unknownArrayValue: string;
}
const internals = proxyModule as unknown as ProxyInternals;

/** Markers for values not known at preview; wrap the props with `previewValue`. */
export const unknownString = internals.unknownStringValue;
export const unknownObject = internals.unknownObjectValue;
export const unknownArray = internals.unknownArrayValue;

/** Properties as the SDK hands them over during preview: unknown values throw when read. */
export function previewValue<T extends object>(props: T): T {
    return internals.unknownCheckingProxy(props);
}

/** A Kubernetes provider standing for one cluster. */
export function k8sProvider(cluster: string): PolicyProviderResource {
    return {
        type: "pulumi:providers:kubernetes",
        name: cluster,
        urn: urnOf("pulumi:providers:kubernetes", cluster),
        props: { clusterIdentifier: cluster },
    };
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::continuum::${type}::${name}`;
}

function options(opts: Partial<PolicyResourceOptions> = {}): PolicyResourceOptions {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        ...opts,
    };
}

function typeTest(type: string) {
    return (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === type;
}

/** What a test says about one resource. */
export interface ResourceSpec {
    type: string;
    name?: string;
    /** @default urn:pulumi:test::continuum::<type>::<name> */
    urn?: string;
    props: Record<string, unknown>;
    provider?: PolicyProviderResource;
    opts?: Partial<PolicyResourceOptions>;
}

/** Run a resource policy on one resource; the violation messages. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    r: ResourceSpec,
    config: object = {},
): Promise<string[]> {
    const messages: string[] = [];
    const name = r.name ?? "subject";
    const args: ResourceValidationArgs = {
        type: r.type,
        name,
        urn: r.urn ?? urnOf(r.type, name),
        props: r.props,
        opts: options(r.opts),
        provider: r.provider,
        stackTags: new Map(),
        isType: typeTest(r.type),
        asType: (() => r.props) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string) => {
            throw new Error(`notApplicable: ${reason}`);
        },
    };
    const validations =
        policy.validateResource === undefined
            ? []
            : Array.isArray(policy.validateResource)
              ? policy.validateResource
              : [policy.validateResource];
    for (const v of validations) await v(args, (message) => messages.push(message));
    return messages;
}

/**
 * What a test says about one resource of a stack; `dependsOn` maps an input to the resources
 * it was computed from (by name, or by URN when `urn` is given).
 */
export interface StackResourceSpec extends ResourceSpec {
    name: string;
    dependsOn?: Record<string, string[]>;
}

/** A stack violation: message and the resource it names. */
export interface StackViolation {
    message: string;
    urn?: string;
}

/** How the engine hands the stack over. */
export interface StackRun {
    /**
     * A first preview of new clusters: the resource pass sees each resource's inputs, then the
     * stack pass gets empty outputs (the engine's answer for a resource whose provider is not
     * configured yet). @default false: the stack pass gets the props as outputs, no resource pass.
     */
    outputsUnknown?: boolean;
}

/** Build PolicyResources (dependencies resolved by name) and run a stack policy over them. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    specs: StackResourceSpec[],
    config: object = {},
    run: StackRun = {},
): Promise<StackViolation[]> {
    resetDeclared();
    if (run.outputsUnknown) {
        const pass = (policy as Partial<ResourceValidationPolicy>).validateResource;
        if (typeof pass !== "function")
            throw new Error(`policy '${policy.name}' has no resource pass to record declared inputs`);
        for (const s of specs)
            await runResourcePolicy({ ...policy, validateResource: pass } as ResourceValidationPolicy, s, config).then(
                (v) => {
                    if (v.length > 0)
                        throw new Error(`the resource pass of '${policy.name}' reported: ${v.join("; ")}`);
                },
            );
    }
    const resources: PolicyResource[] = specs.map((s) => ({
        type: s.type,
        name: s.name,
        urn: s.urn ?? urnOf(s.type, s.name),
        props: run.outputsUnknown ? {} : s.props,
        opts: options(s.opts),
        provider: s.provider,
        dependencies: [],
        propertyDependencies: {},
        isType: typeTest(s.type),
        asType: (() => s.props) as PolicyResource["asType"],
    }));
    const byName = new Map(
        resources.flatMap((r) => [
            [r.name, r],
            [r.urn, r],
        ]),
    );
    specs.forEach((s, i) => {
        for (const [prop, names] of Object.entries(s.dependsOn ?? {})) {
            const deps = names.map((n) => {
                const d = byName.get(n);
                if (!d) throw new Error(`test stack: '${s.name}' depends on unknown resource '${n}'`);
                return d;
            });
            resources[i].propertyDependencies[prop] = deps;
            resources[i].dependencies.push(...deps);
        }
    });
    const violations: StackViolation[] = [];
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string) => {
            throw new Error(`notApplicable: ${reason}`);
        },
    };
    await policy.validateStack(args, (message, urn) => violations.push({ message, urn }));
    return violations;
}
