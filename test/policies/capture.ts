/**
 * Run a Pulumi program under mocks and capture each resource the way the engine hands it to
 * a policy pack: inputs in their wire form (secrets unwrapped, as the policy SDK does; values
 * unknown at preview as the engine's unknown marker, read through the policy SDK's own
 * unknown-checking proxy), provider, and the resource options and property dependencies that
 * `MockResourceArgs` leaves out (`additionalSecretOutputs`, `customTimeouts`, which input came
 * from which resource). This tees the mock monitor's own `registerResource` request.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { StackResourceSpec } from "./harness";
import { previewValue } from "./harness";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** What the engine sends the analyzer: plain JSON, secrets as their value. */
export function unwrapSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SIG] === SECRET_SIG) return unwrapSecrets(o.value);
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

/** `10m`, `90s`, `1h30m` → seconds (0 when unset). */
export function durationSeconds(text: string): number {
    let total = 0;
    for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g))
        total += Number(n) * (unit === "h" ? 3600 : unit === "m" ? 60 : 1);
    return total;
}

interface Captured {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    provider?: string;
    additionalSecretOutputs: string[];
    createSeconds: number;
    dependsOn: Record<string, string[]>;
}

/** Minimal view of the protobuf RegisterResourceRequest (the fields read here). */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> };
    getProvider(): string;
    getAdditionalsecretoutputsList(): string[];
    getCustomtimeouts(): { getCreate(): string } | undefined;
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
}
type Callback = (err: unknown, resp?: { getUrn(): string }) => void;

/**
 * Install mocks that capture; `outputs` adds outputs per resource (e.g. a command's stdout).
 * `preview`: run as `pulumi preview` does, every output the mock does not give is unknown.
 */
export function captureProgram(
    outputs: (r: pulumi.runtime.MockResourceArgs) => Record<string, unknown> = () => ({}),
    preview = false,
) {
    const captured: Captured[] = [];
    const proto = MockMonitor.prototype as unknown as {
        registerResource(req: RegisterRequest, cb: Callback): Promise<void>;
    };
    const original = proto.registerResource;
    proto.registerResource = function (this: unknown, req: RegisterRequest, cb: Callback) {
        return original.call(this, req, (err, resp) => {
            if (!err && resp) {
                const deps: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((v, k) => {
                    deps[k] = v.getUrnsList();
                });
                captured.push({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    inputs: unwrapSecrets(req.getObject().toJavaScript()) as Record<string, unknown>,
                    provider: req.getProvider() || undefined,
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    createSeconds: durationSeconds(req.getCustomtimeouts()?.getCreate() ?? ""),
                    dependsOn: deps,
                });
            }
            cb(err, resp);
        });
    };
    pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, ...outputs(args) } }),
            call: (args) => args.inputs,
        },
        "continuum",
        "policy-check",
        preview,
    );
    return {
        captured,
        /** Let pending registrations run. */
        settle: () => new Promise<void>((resolve) => setTimeout(resolve, 200)),
        /** Restore the mock monitor. */
        restore: () => {
            proto.registerResource = original;
        },
        /** The custom resources as the policy harness takes them (dependencies by URN). */
        specs(): StackResourceSpec[] {
            const byUrn = new Map(captured.map((c) => [c.urn, c]));
            return captured
                .filter((c) => c.custom)
                .map((c) => {
                    const providerUrn = c.provider?.split("::").slice(0, -1).join("::");
                    const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
                    const dependsOn: Record<string, string[]> = {};
                    for (const [k, urns] of Object.entries(c.dependsOn)) {
                        dependsOn[k] = urns.filter((u) => byUrn.get(u)?.custom);
                    }
                    return {
                        type: c.type,
                        name: c.name,
                        urn: c.urn,
                        props: previewValue(c.inputs),
                        provider: provider
                            ? {
                                  type: provider.type,
                                  name: provider.name,
                                  urn: provider.urn,
                                  props: previewValue(provider.inputs),
                              }
                            : undefined,
                        opts: {
                            additionalSecretOutputs: c.additionalSecretOutputs,
                            customTimeouts: { createSeconds: c.createSeconds, updateSeconds: 0, deleteSeconds: 0 },
                        },
                        dependsOn,
                    };
                });
        },
    };
}
