// Engine tier: a stack from the two-resource fleet version (a node's `<name>-files` copy and its
// `<name>-converge` as command:remote:Command) previewed with this version (one
// command:local:Command converge, aliased to its old type). The engine must plan an update of the
// converge — which runs the idempotent converge again — never its delete, which would run the
// node's uninstall (components/hosts/fleet-node.ts). The command provider decodes the old state
// strictly and a remote command's state has `connection`, which a local command's has not: without
// scripts/fleet-state-migrate.ts the preview stops there (nothing runs); with it, the converge is
// updated in place. No host is contacted: the old state is made by a program whose remote command
// has nothing to run.
import * as path from "node:path";
import { requireToolchain } from "../../scripts/toolchain-env";
import { jsProject, type PreviewStep } from "./js-project";
import { migrateFleetConverges } from "../../scripts/fleet-state-migrate";

const ROOT = path.resolve(__dirname, "..", "..");
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIUpgradeTestHostKey000000000000000000000";

const PROGRAM = [
    `require(${JSON.stringify(path.join(ROOT, "node_modules", "ts-node"))}).register({ ` +
        `transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, "tsconfig.json"))} });`,
    `const pulumi = require("@pulumi/pulumi");`,
    `const command = require("@pulumi/command");`,
    `const parent = new pulumi.ComponentResource("continuum:index:K3sCluster", "edge");`,
    `const connection = { host: "192.0.2.10", user: "ops", hostKey: ${JSON.stringify(HOST_KEY)}, ` +
        `privateKey: pulumi.secret("not-a-key") };`,
    `if (new pulumi.Config("test").require("phase") === "old") {`,
    // The previous version's converge, with nothing to run on a host. (Its `<name>-files` copy
    // cannot be created without a host; its delete runs nothing on the host in any case.)
    `  new command.remote.Command("edge-n1-converge", { connection }, { parent });`,
    `} else {`,
    `  const { hostConnection } = require(${JSON.stringify(path.join(ROOT, "components", "hosts", "connection"))});`,
    `  const { declareFleetNode } = require(${JSON.stringify(path.join(ROOT, "components", "hosts", "fleet-node"))});`,
    `  const ssh = { user: "ops", port: 22, privateKey: { revealInput: () ` +
        `=> pulumi.secret("not-a-key") }, sudo: { mode: "nopasswd" }, timeoutSeconds: ` +
        `600, insecureIgnoreHostKey: false };`,
    `  declareFleetNode("edge-n1", { connection: hostConnection(ssh, { name: ` +
        `"n1", host: "192.0.2.10", hostKey: ${JSON.stringify(HOST_KEY)} }), steps: ` +
        `[{ script: ${JSON.stringify(path.join(ROOT, "components", "hosts", "scripts", "preflight.sh"))}, ` +
        `params: { NODE_NAME: "n1" } }], parent });`,
    `}`,
    `parent.registerOutputs({});`,
    "",
].join("\n");

let steps: PreviewStep[] = [];
let unmigrated: { status: number | null; output: string };
let migrated: string[] = [];

beforeAll(() => {
    requireToolchain(ROOT, ["pulumi", "pulumi-language-nodejs", "pulumi-resource-command"]);
    const project = jsProject("upgrade", PROGRAM);
    const { run } = project;
    try {
        run(["config", "set", "test:phase", "old"]);
        run(["up", "--yes", "--skip-preview"]);
        run(["config", "set", "test:phase", "new"]);
        const before = project.pulumi(["preview"]);
        unmigrated = { status: before.status, output: `${before.stdout}\n${before.stderr}` };
        project.editState((exported) => {
            migrated = migrateFleetConverges(exported);
        });
        steps = project.previewSteps();
    } finally {
        project.remove();
    }
}, 600_000);

const name = (urn: string) => urn.split("::").pop();
const type = (urn: string) => urn.split("::").slice(-2)[0].split("$").pop();

test("without the state migration the preview stops at the old converge's connection, before anything runs", () => {
    expect(unmigrated.status).not.toBe(0);
    expect(unmigrated.output).toContain("Unrecognized field 'connection' on 'local.CommandOutputs'");
});

test("the migration takes connection out of the old converge only", () => {
    expect(migrated.map(name)).toEqual(["edge-n1-converge"]);
});

test("the converge, now a local command, is updated in place: its old remote command is not deleted", () => {
    const converge = steps.filter((s) => name(s.urn) === "edge-n1-converge");
    expect(converge.map((s) => [s.op, type(s.urn)])).toEqual([["update", "command:local:Command"]]);
    expect(steps.filter((s) => s.op === "delete" && type(s.urn) === "command:remote:Command")).toEqual([]);
});

test("nothing is created or replaced: the stack and the cluster component stay, the converge is the one change", () => {
    expect(steps.filter((s) => s.op !== "same").map((s) => name(s.urn))).toEqual(["edge-n1-converge"]);
});
