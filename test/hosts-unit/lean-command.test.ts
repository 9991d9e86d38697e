/**
 * LeanLocalCommand registers what the generated `command.local.Command` registers for the same
 * arguments — type, plugin version, inputs, secret stdin, options — minus the properties
 * continuum never sets. Compared on the wire: the
 * RegisterResource requests the SDK sends to the (mock) monitor.
 */
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { installMocks } from "../helpers/pulumi-mocks";

const mocks = installMocks();

import * as command from "@pulumi/command";
import { LeanLocalCommand } from "../../components/hosts/lean-command";

interface Sent {
    type: string;
    version: string;
    props: Record<string, unknown>;
    secretOutputs: string[];
    timeouts: string;
    deleteBeforeReplace: boolean;
    replaceOnChanges: string[];
}
const sent = new Map<string, Sent>();
const monitor = settings.getMonitor() as unknown as { registerResource: (req: Req, cb: unknown) => unknown };
const original = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: Req, cb: unknown) => {
    sent.set(req.getName(), {
        type: req.getType(),
        version: req.getVersion(),
        props: req.getObject()?.toJavaScript() ?? {},
        secretOutputs: req.getAdditionalsecretoutputsList(),
        timeouts: JSON.stringify(req.getCustomtimeouts()?.toObject()),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        replaceOnChanges: req.getReplaceonchangesList(),
    });
    return original(req, cb);
};
interface Req {
    getName(): string;
    getType(): string;
    getVersion(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getAdditionalsecretoutputsList(): string[];
    getCustomtimeouts(): { toObject(): unknown } | undefined;
    getDeletebeforereplace(): boolean;
    getReplaceonchangesList(): string[];
}

const args = {
    create: "bash components/hosts/scripts/fleet-node-ssh.sh converge",
    update: "bash components/hosts/scripts/fleet-node-ssh.sh converge",
    delete: "bash components/hosts/scripts/fleet-node-ssh.sh unconverge",
    environment: { CONTINUUM_NODE: "n1", CONTINUUM_SSH_HOST: "192.0.2.9" },
    stdin: pulumi.secret("S0VZ\n-\n# continuum-params v1\nTOKEN=t\n"),
    logging: "stdoutAndStderr" as const,
    addPreviousOutputInEnv: false,
};
const opts = { customTimeouts: { create: "600s", update: "600s", delete: "600s" }, deleteBeforeReplace: true };

let generated: pulumi.Resource;
let lean: pulumi.Resource;
let fleet: pulumi.Resource;
// What a fleet node sets: no update (create runs again), the provider's default logging.
const { update: _update, logging: _logging, ...fleetArgs } = args;
beforeAll(async () => {
    generated = new command.local.Command("generated", args, opts);
    lean = new LeanLocalCommand("lean", args, opts);
    new command.local.Command("generated-fleet", fleetArgs, opts);
    fleet = new LeanLocalCommand("fleet", fleetArgs, opts);
    await pulumi.runtime.disconnect();
});

test("same type, plugin version and options", () => {
    const g = sent.get("generated")!;
    const l = sent.get("lean")!;
    expect(l.type).toBe("command:local:Command");
    expect(l.version).toBe(g.version);
    expect(l.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(l.secretOutputs).toEqual(g.secretOutputs);
    expect(l.timeouts).toBe(g.timeouts);
    expect(l.deleteBeforeReplace).toBe(g.deleteBeforeReplace);
    expect(l.replaceOnChanges).toEqual(g.replaceOnChanges);
});

test("the inputs on the wire are the generated class's, stdin kept secret", () => {
    const g = sent.get("generated")!.props;
    const l = sent.get("lean")!.props;
    expect(l).toEqual(g);
    expect(Object.keys(l).sort()).toEqual([
        "addPreviousOutputInEnv",
        "create",
        "delete",
        "environment",
        "logging",
        "stdin",
        "update",
    ]);
    expect(JSON.stringify(l.stdin)).toContain("1b47061264138c4ac30d75fd1eb44270"); // the SDK's secret signature
});

test("the SDK tracks an output only for the properties continuum sets (what each one costs)", () => {
    const outputs = (r: pulumi.Resource) =>
        Object.keys(r)
            .filter((k) => pulumi.Output.isInstance((r as unknown as Record<string, unknown>)[k]))
            .sort();
    expect(outputs(lean)).toEqual([
        "addPreviousOutputInEnv",
        "create",
        "delete",
        "environment",
        "id",
        "logging",
        "stdin",
        "update",
        "urn",
    ]);
    expect(outputs(generated)).toEqual(
        expect.arrayContaining(["create", "environment", "stderr", "stdin", "stdout", "triggers", "update"]),
    );
    expect(mocks.recorded.filter((r) => r.name === "lean" || r.name === "generated").map((r) => r.type)).toEqual([
        "command:local:Command",
        "command:local:Command",
    ]);
});

test("unset properties are not registered and cost no Output; on the wire the same as the generated class", () => {
    expect(sent.get("fleet")!.props).toEqual(sent.get("generated-fleet")!.props);
    expect(Object.keys(sent.get("fleet")!.props).sort()).toEqual([
        "addPreviousOutputInEnv",
        "create",
        "delete",
        "environment",
        "stdin",
    ]);
    const outputs = Object.keys(fleet)
        .filter((k) => pulumi.Output.isInstance((fleet as unknown as Record<string, unknown>)[k]))
        .sort();
    expect(outputs).toEqual(["addPreviousOutputInEnv", "create", "delete", "environment", "id", "stdin", "urn"]);
});
