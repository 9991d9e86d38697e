// Engine tier: a live stack switched from one converge per node to converge pools (`fleet.pools`,
// components/hosts/fleet-pool.ts). The program no longer declares the per-node converges, so the
// engine plans their delete, and a converge's delete is its unconverge (the node's uninstall): the
// preview shows it, and an up runs it. scripts/fleet-pool-migrate.ts disarms them first (their
// `delete` out of the state): the same deletes then run nothing. No host is contacted: the
// per-node converges of the old state are stand-ins of the same type and names whose delete only
// writes a line to a file, and the pools are only previewed.
import * as fs from "node:fs";
import * as path from "node:path";
import { requireToolchain } from "../../scripts/toolchain-env";
import { jsProject, type PreviewStep } from "./js-project";
import { disarmConverges } from "../../scripts/fleet-pool-migrate";

const ROOT = path.resolve(__dirname, "..", "..");
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPoolSwitchTestHostKey00000000000000000";
const req = (...p: string[]) => `require(${JSON.stringify(path.join(ROOT, ...p))})`;

const PROGRAM = [
    `require(${JSON.stringify(path.join(ROOT, "node_modules", "ts-node"))}).register({ ` +
        `transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, "tsconfig.json"))} });`,
    `const pulumi = require("@pulumi/pulumi");`,
    `const { LeanLocalCommand } = ${req("components", "hosts", "lean-command")};`,
    `const parent = new pulumi.ComponentResource("continuum:index:K3sCluster", "edge");`,
    `const nodes = ["n1", "n2", "n3"];`,
    `if (new pulumi.Config("test").require("phase") === "nodes") {`,
    // Stand-ins of the per-node converges: same type, names and parent; their delete leaves a mark.
    `  for (const n of nodes) new LeanLocalCommand("edge-" + n + "-converge", { create: "true", ` +
        `delete: "echo uninstall " + n + " >> uninstalls.log" }, { parent });`,
    `} else {`,
    `  const { hostConnection } = ${req("components", "hosts", "connection")};`,
    `  const { declareFleetPools } = ${req("components", "hosts", "fleet-pool")};`,
    `  const ssh = { user: "ops", port: 22, privateKey: { revealInput: () ` +
        `=> pulumi.secret("not-a-key") }, sudo: { mode: "nopasswd" }, timeoutSeconds: ` +
        `600, insecureIgnoreHostKey: false };`,
    `  const script = ${JSON.stringify(path.join(ROOT, "components", "hosts", "scripts", "preflight.sh"))};`,
    `  declareFleetPools("edge-agents", { items: nodes, nameOf: (n) => n, pools: 2, ` +
        `specPath: "clusters[0].fleet.pools",`,
    `    plan: (n) => ({ connection: hostConnection(ssh, { name: n, host: "192.0.2.10", hostKey: ` +
        `${JSON.stringify(HOST_KEY)} }), steps: [{ script, params: { NODE_NAME: n } }] }), parent });`,
    `}`,
    `parent.registerOutputs({});`,
    "",
].join("\n");

const name = (urn: string) => urn.split("::").pop()!;
let before: PreviewStep[] = [];
let after: PreviewStep[] = [];
let uninstalledUnarmed = "";
let uninstalledDisarmed = "";
let disarmed: string[] = [];

beforeAll(() => {
    requireToolchain(ROOT, ["pulumi", "pulumi-language-nodejs", "pulumi-resource-command"]);
    const project = jsProject("poolswitch", PROGRAM);
    const { dir, run } = project;
    try {
        run(["config", "set", "test:phase", "nodes"]);
        run(["up", "--yes", "--skip-preview"]);
        const urn = (n: string) => `urn:pulumi:t::poolswitch::continuum:index:K3sCluster$command:local:Command::${n}`;
        run(["config", "set", "test:phase", "pools"]);
        before = project.previewSteps();
        // The switch as an up would run it, for n1 only (the pools are not targeted: they would dial hosts).
        run(["up", "--yes", "--skip-preview", "--target", urn("edge-n1-converge")]);
        const log = path.join(dir, "uninstalls.log");
        uninstalledUnarmed = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
        fs.rmSync(log, { force: true });
        // The migration, then the same deletes for n2 and n3.
        project.editState((exported) => {
            disarmed = disarmConverges(exported, /^edge-n[0-9]+-converge$/);
        });
        run([
            "up",
            "--yes",
            "--skip-preview",
            "--target",
            urn("edge-n2-converge"),
            "--target",
            urn("edge-n3-converge"),
        ]);
        uninstalledDisarmed = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
        after = project.previewSteps();
    } finally {
        project.remove();
    }
}, 600_000);

test("the switch previews the delete of every per-node converge beside the pools' create", () => {
    const changes = before.filter((s) => s.op !== "same").map((s) => `${s.op} ${name(s.urn)}`);
    expect(changes.sort()).toEqual([
        "create edge-agents-pool-1",
        "create edge-agents-pool-2",
        "delete edge-n1-converge",
        "delete edge-n2-converge",
        "delete edge-n3-converge",
    ]);
});

test("without the migration, that delete runs the node's unconverge", () => {
    expect(uninstalledUnarmed).toBe("uninstall n1\n");
});

test("fleet-pool-migrate.ts disarms the converges: their delete runs nothing; the pools remain to create", () => {
    expect(disarmed.map(name).sort()).toEqual(["edge-n2-converge", "edge-n3-converge"]);
    expect(uninstalledDisarmed).toBe("");
    // The preview lists the two independent creates in either order.
    expect(
        after
            .filter((s) => s.op !== "same")
            .map((s) => `${s.op} ${name(s.urn)}`)
            .sort(),
    ).toEqual(["create edge-agents-pool-1", "create edge-agents-pool-2"]);
});
