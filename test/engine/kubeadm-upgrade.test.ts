// Engine tier: a stack made by the kubeadm path of 74e33b2 (every host step a HostScript on the
// command provider's SSH client: HostPreflight, the install, kubeconfig, join preparation, the
// NodeLifecycle steps, the RuntimeCatalog's runtimes) previewed with this version (one converge
// per node and one-shot steps, all command:local:Command over OpenSSH, aliased to the old
// commands), after scripts/fleet-state-migrate.ts. The engine must update the nodes' installs (now
// their converges) and the steps in place — never replace them, and never delete a command whose
// delete is an uninstall (kubeadm reset, node removal, the runtimes' uninstall). The old state is
// made by test/engine/fixtures/kubeadm-upgrade/index.js (same names, types, parents and input
// shapes; nothing to run); no host is contacted: only previews run against it.
import * as fs from "node:fs";
import * as path from "node:path";
import { requireToolchain } from "../../scripts/toolchain-env";
import { jsProject, type PreviewStep } from "./js-project";
import type { StateResource } from "../../scripts/exported-state";
import { migrateFleetConverges, migrateHostScripts, type HostScriptMigration } from "../../scripts/fleet-state-migrate";
import { fixtureHostKey } from "../hosts-unit/ssh-fixtures";
import { VERSION_TABLE } from "../../components/version-table";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(__dirname, "fixtures", "kubeadm-upgrade", "index.js");

let steps: PreviewStep[] = [];
let unmigrated: { status: number | null; output: string };
let migration: HostScriptMigration;
let fleetMigrated: string[] = [];
let state: StateResource[] = [];

function spec(artifactDir: string): Record<string, unknown> {
    return {
        ssh: {
            user: "ops",
            privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nNOT-A-KEY\n-----END OPENSSH PRIVATE KEY-----",
        },
        airgap: { artifactDir },
        clusters: [
            {
                name: "cloud",
                tier: "cloud",
                distribution: "kubeadm",
                substrate: "ssh",
                network: { podCidr: "10.10.0.0/16", serviceCidr: "10.110.0.0/16" },
                nodes: [
                    {
                        name: "cp",
                        host: "192.0.2.10",
                        hostKey: fixtureHostKey("kubeadm upgrade cp"),
                        roles: ["control-plane"],
                    },
                    {
                        name: "w1",
                        host: "192.0.2.11",
                        hostKey: fixtureHostKey("kubeadm upgrade w1"),
                        roles: ["worker"],
                        runtimes: ["crun"],
                    },
                ],
            },
        ],
    };
}

beforeAll(() => {
    requireToolchain(ROOT, [
        "pulumi",
        "pulumi-language-nodejs",
        "pulumi-resource-command",
        "pulumi-resource-random",
        "pulumi-resource-kubernetes",
    ]);
    const project = jsProject("kubeadm-upgrade", fs.readFileSync(FIXTURE, "utf8"), { CONTINUUM_ROOT: ROOT });
    const { dir, run } = project;
    try {
        // Stand-ins under every pinned file name: the new program assembles the node bundles from them (nothing is
        // installed).
        const artifactDir = path.join(dir, "artifacts");
        fs.mkdirSync(artifactDir);
        for (const art of Object.values(VERSION_TABLE.hostArtifacts)) {
            for (const f of Object.values(art.files))
                if (f) fs.writeFileSync(path.join(artifactDir, f.fileName), `stand-in for ${f.fileName}\n`);
        }
        run(["config", "set", "test:spec", JSON.stringify(spec(artifactDir))]);
        run(["config", "set", "test:phase", "old"]);
        run(["up", "--yes", "--skip-preview"]);
        run(["config", "set", "test:phase", "new"]);
        const before = project.pulumi(["preview"]);
        unmigrated = { status: before.status, output: `${before.stdout}\n${before.stderr}` };
        project.editState((exported) => {
            fleetMigrated = migrateFleetConverges(exported);
            migration = migrateHostScripts(exported);
            state = exported.deployment.resources ?? [];
        });
        steps = project.previewSteps();
    } finally {
        project.remove();
    }
}, 900_000);

const name = (urn: string) => urn.split("::").pop() as string;
const type = (urn: string) => urn.split("::").slice(-2)[0].split("$").pop();
const STEPS = [
    "cloud-kubeconfig",
    "cloud-w1-prepare-join",
    ...["cp", "w1"].flatMap((n) => ["drain", "upgrade", "reconcile"].map((s) => `cloud-${n}-lifecycle-${s}`)),
];

test(
    "without the state migration the engine would replace the installs: " +
        "deleting the old command first runs kubeadm-uninstall.sh",
    () => {
        // The old steps' triggers (script digests) differ from the new commands' (none): replaceOnChanges.
        expect(unmigrated.output).toMatch(/command:local:Command cloud-cp-converge replace/);
        expect(unmigrated.output).toMatch(/command:remote:Command cloud-cp-kubeadm-run delete original/);
    },
);

test(
    "the migration turns the installs and one-shot steps into local commands " +
        "and disarms the folded runtimes step only",
    () => {
        expect(fleetMigrated).toEqual([]);
        expect(migration.converted.map(name).sort()).toEqual(
            ["cloud-cp-kubeadm-run", "cloud-w1-kubeadm-run", ...STEPS.map((s) => `${s}-run`)].sort(),
        );
        expect(migration.disarmed.map(name)).toEqual(["cloud-w1-runtimes-run"]);
    },
);

test("each node's install is now its converge, updated in place (the idempotent converge runs again)", () => {
    for (const node of ["cp", "w1"]) {
        expect(steps.filter((s) => name(s.urn) === `cloud-${node}-converge`).map((s) => [s.op, type(s.urn)])).toEqual([
            ["update", "command:local:Command"],
        ]);
    }
});

test("every one-shot step is updated in place under its old name", () => {
    for (const step of STEPS) {
        expect([step, steps.filter((s) => name(s.urn) === `${step}-run`).map((s) => [s.op, type(s.urn)])]).toEqual([
            step,
            [["update", "command:local:Command"]],
        ]);
    }
});

test("nothing is replaced; only the pool step, the etcd member step and the cluster's provider are new", () => {
    expect(steps.filter((s) => /replace/.test(s.op))).toEqual([]);
    // The etcd member step (day2/kubeadm-ha.ts) removes the members of control planes that left the
    // spec, before the pool step; with none leaving it changes nothing on the cluster.
    expect(
        steps
            .filter((s) => s.op === "create")
            .map((s) => name(s.urn))
            .sort(),
    ).toEqual(["cloud-etcd-members-run", "cloud-k8s", "cloud-nodes-run"]);
});

test(
    "no deleted command runs an uninstall: what goes is directory removals, " +
        "the preflight and the folded runtimes step (disarmed)",
    () => {
        const deleted = steps.filter((s) => s.op === "delete").map((s) => s.urn);
        const byUrn = new Map(state.map((r) => [r.urn, r]));
        const commands = deleted.filter((u) => type(u)?.startsWith("command:"));
        expect(commands.length).toBeGreaterThan(10);
        for (const urn of commands) {
            const del = byUrn.get(urn)?.inputs?.delete;
            expect([name(urn), del === undefined || /^rm -rf -- \.continuum\/run\//.test(String(del))]).toEqual([
                name(urn),
                true,
            ]);
        }
        expect(deleted.map(name)).toEqual(
            expect.arrayContaining(["cloud-w1-runtimes-run", "cloud-cp-preflight-run-run", "cloud-cp-kubeadm-dir"]),
        );
        expect(
            deleted.map(name).filter((n) => n.endsWith("-kubeadm-run") || STEPS.some((s) => n === `${s}-run`)),
        ).toEqual([]);
    },
);
