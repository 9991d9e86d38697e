/**
 * LeanRemoteCommand registers what the generated `command.remote.Command` registers for the same
 * arguments — type, plugin version, inputs (with the provider's connection defaults), secret
 * connection, options — minus the properties continuum never sets. Compared on the wire: the
 * RegisterResource requests the SDK sends to the (mock) monitor.
 */
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { installMocks } from "../helpers/pulumi-mocks";

const mocks = installMocks();

import * as command from "@pulumi/command";
import { LeanCopyToRemote, LeanRemoteCommand, prepareConnection } from "../../components/hosts/lean-command";

interface Sent { type: string; version: string; props: Record<string, unknown>; secretOutputs: string[]; timeouts: string; deleteBeforeReplace: boolean }
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
    });
    return original(req, cb);
};
interface Req {
    getName(): string; getType(): string; getVersion(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getAdditionalsecretoutputsList(): string[];
    getCustomtimeouts(): { toObject(): unknown } | undefined;
    getDeletebeforereplace(): boolean;
}

const args = {
    connection: {
        host: "192.0.2.9", user: "ops", privateKey: pulumi.secret("KEY"), hostKey: "ssh-ed25519 AAAA",
        proxy: { host: "192.0.2.1", user: "jump", privateKey: pulumi.secret("KEY2"), hostKey: "ssh-ed25519 BBBB" },
    },
    create: "sudo -n -- bash .continuum-bundle-0123456789abcdef/node-converge.sh",
    update: "sudo -n -- bash .continuum-bundle-0123456789abcdef/node-converge.sh",
    delete: "sudo -n -- bash .continuum-bundle-0123456789abcdef/node-unconverge.sh",
    stdin: pulumi.secret("# continuum-params v1\nTOKEN=t\n"),
    logging: "stdoutAndStderr" as const,
    addPreviousOutputInEnv: false,
};
const opts = { customTimeouts: { create: "600s", update: "600s", delete: "600s" }, deleteBeforeReplace: true };

const copyArgs = { connection: args.connection, source: new pulumi.asset.FileArchive("/tmp/bundle"), remotePath: ".continuum-bundle-0123456789abcdef" };

let generated: pulumi.Resource;
let lean: pulumi.Resource;
let shared: ReturnType<typeof prepareConnection>;
beforeAll(async () => {
    generated = new command.remote.Command("generated", args, opts);
    lean = new LeanRemoteCommand("lean", args, opts);
    new command.remote.CopyToRemote("generated-copy", copyArgs, opts);
    new LeanCopyToRemote("lean-copy", copyArgs, opts);
    // One prepared connection for a node's copy and converge.
    shared = prepareConnection(args.connection);
    new LeanCopyToRemote("shared-copy", { ...copyArgs, connection: shared }, opts);
    new LeanRemoteCommand("shared-converge", { ...args, connection: shared }, opts);
    await pulumi.runtime.disconnect();
});

test("same type, plugin version, options and secret connection", () => {
    const g = sent.get("generated")!;
    const l = sent.get("lean")!;
    expect(l.type).toBe("command:remote:Command");
    expect(l.version).toBe(g.version);
    expect(l.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(l.secretOutputs).toEqual(expect.arrayContaining(g.secretOutputs));
    expect(l.timeouts).toBe(g.timeouts);
    expect(l.deleteBeforeReplace).toBe(g.deleteBeforeReplace);
});

test("the inputs on the wire are the generated class's, with the same connection defaults", () => {
    const g = sent.get("generated")!.props;
    const l = sent.get("lean")!.props;
    expect(l).toEqual(g);
    expect(Object.keys(l).sort()).toEqual(["addPreviousOutputInEnv", "connection", "create", "delete", "logging", "stdin", "update"]);
});

test("the SDK tracks an output only for the properties continuum sets (what each one costs)", () => {
    const outputs = (r: pulumi.Resource) => Object.keys(r).filter((k) => pulumi.Output.isInstance((r as unknown as Record<string, unknown>)[k])).sort();
    expect(outputs(lean)).toEqual(["addPreviousOutputInEnv", "connection", "create", "delete", "id", "logging", "stdin", "update", "urn"]);
    expect(outputs(generated)).toEqual(expect.arrayContaining([...outputs(lean), "environment", "stderr", "stdout", "triggers"]));
    expect(mocks.recorded.filter((r) => r.name === "lean" || r.name === "generated").map((r) => r.type)).toEqual(["command:remote:Command", "command:remote:Command"]);
});

test("the lean copy registers what the generated CopyToRemote registers (no triggers), connection secret", () => {
    const g = sent.get("generated-copy")!;
    const l = sent.get("lean-copy")!;
    expect(l.type).toBe("command:remote:CopyToRemote");
    expect(l.version).toBe(g.version);
    expect(l.props).toEqual(g.props);
    expect(Object.keys(l.props).sort()).toEqual(["connection", "remotePath", "source"]);
    expect(l.secretOutputs).toEqual(expect.arrayContaining(g.secretOutputs));
    expect(l.secretOutputs).toContain("connection");
    expect(l.timeouts).toBe(g.timeouts);
});

test("a prepared connection is registered as the generated classes register theirs, and is not wrapped again", async () => {
    expect(prepareConnection(shared)).toBe(shared);
    expect(sent.get("shared-copy")!.props).toEqual(sent.get("lean-copy")!.props);
    expect(sent.get("shared-converge")!.props).toEqual(sent.get("lean")!.props);
    expect(await (shared as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
});
