// Engine tier: the real Pulumi CLI (offline toolchain, throwaway local file backend) previews every
// stack in stacks/ with the policy pack enforced, and the preview declares what the spec implies:
// one cluster component per cluster on its substrate, a per-node resource for every node, Cilium
// per Cilium cluster and one ClusterMesh, a RuntimeClass per runtime used in a cluster.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LAB_PASSPHRASE, requireToolchain, toolchainEnv } from "../../scripts/toolchain-env";
import { parseSpec, readStackSpec, type ContinuumSpec } from "../../components/spec";
import { writeStandInAirgap } from "../helpers/airgap-stand-ins";
import { chunkNodes, nodePoolName } from "../../components/clusters/sim/node-pool";
import type { PreviewStep } from "./js-project";

const ROOT = path.resolve(__dirname, "..", "..");
const STACKS = fs.readdirSync(path.join(ROOT, "stacks")).filter((f) => /^Pulumi\.[a-z0-9-]+\.yaml$/.test(f));

interface PreviewResult {
    status: number | null;
    output: string;
    steps: PreviewStep[];
}

const CLUSTER_TYPES: Record<string, string> = {
    "sim/kubeadm": "continuum:index:SimCluster",
    "sim/k3s": "continuum:index:SimCluster",
    "kind/kubeadm": "continuum:index:KindCluster",
    "k3d/k3s": "continuum:index:K3dCluster",
    "ssh/k3s": "continuum:index:K3sCluster",
    "ssh/kubeadm": "continuum:index:KubeadmCluster",
    "existing/existing": "continuum:index:ExistingCluster",
};

/**
 * A throwaway project that points at this repository's program: the repo's files are symlinked,
 * the stack file copied, so `pulumi stack init` never rewrites stacks/ in the working tree.
 */
function project(stackFile: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-engine-"));
    for (const f of [
        "index.ts",
        "components",
        "node_modules",
        "package.json",
        "tsconfig.json",
        "tsconfig.program.json",
        "Pulumi.yaml",
    ]) {
        fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
    }
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.copyFileSync(path.join(ROOT, "stacks", stackFile), path.join(dir, "stacks", stackFile));
    // An airgapped stack (baremetal): stand-ins for every artifact and image archive under its airgap
    // paths, which are relative to the project (test/helpers/airgap-stand-ins.ts).
    writeStandInAirgap(shapeOf(stackFile), dir);
    return dir;
}

function preview(stackFile: string): PreviewResult {
    const stack = /^Pulumi\.(.+)\.yaml$/.exec(stackFile)![1];
    const dir = project(stackFile);
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-engine-state-"));
    const env = toolchainEnv(ROOT, { backendDir: backend, passphrase: LAB_PASSPHRASE });
    const run = (args: string[]) => {
        const r = spawnSync("pulumi", args, {
            cwd: dir,
            env,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
            timeout: 900_000,
        });
        if (r.error) throw new Error(`pulumi ${args.join(" ")}: ${r.error.message}`);
        return r;
    };
    try {
        const init = run(["stack", "init", stack, "--secrets-provider", "passphrase", "--non-interactive"]);
        if (init.status !== 0) throw new Error(`pulumi stack init ${stack} failed:\n${init.stdout}\n${init.stderr}`);
        const r = run([
            "preview",
            "--stack",
            stack,
            "--policy-pack",
            path.join(ROOT, "policies"),
            "--json",
            "--non-interactive",
        ]);
        let steps: PreviewStep[] = [];
        try {
            steps = (JSON.parse(r.stdout) as { steps?: PreviewStep[] }).steps ?? [];
        } catch {
            // not JSON: the assertions on status show the output
        }
        return { status: r.status, output: `${r.stdout.slice(-20000)}\n${r.stderr.slice(-20000)}`, steps };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(backend, { recursive: true, force: true });
    }
}

/** The stack's spec with its `secure:` values replaced (its shape, for what does not need them). */
function shapeOf(stackFile: string): unknown {
    return JSON.parse(
        JSON.stringify(readStackSpec(path.join(ROOT, "stacks", stackFile)), (_k, v) =>
            v &&
            typeof v === "object" &&
            !Array.isArray(v) &&
            typeof v.secure === "string" &&
            Object.keys(v).length === 1
                ? "redacted-for-shape"
                : v,
        ),
    );
}

function specOf(stackFile: string): ContinuumSpec {
    const raw = shapeOf(stackFile);
    const r = parseSpec(raw);
    if (!r.ok) throw new Error(`${stackFile} does not validate`);
    return r.spec;
}

const typeOf = (s: PreviewStep) => s.newState?.type ?? s.urn.split("::")[2]?.split("$").pop() ?? "";
const nameOf = (s: PreviewStep) => s.urn.split("::").pop() ?? "";

beforeAll(() => {
    requireToolchain(ROOT, [
        "pulumi",
        "pulumi-language-nodejs",
        "pulumi-resource-kubernetes",
        "pulumi-resource-command",
        "pulumi-resource-tls",
        "pulumi-resource-random",
    ]);
    try {
        require.resolve("@pulumi/policy", { paths: [path.join(ROOT, "policies")] });
    } catch {
        throw new Error("@pulumi/policy is not installed — run `npm ci` at the root (policies/ is an npm workspace)");
    }
});

describe.each(STACKS)("pulumi preview of stacks/%s with the policy pack", (stackFile) => {
    let result: PreviewResult;
    let spec: ContinuumSpec;
    beforeAll(() => {
        spec = specOf(stackFile);
        result = preview(stackFile);
    }, 900_000);

    it("succeeds with no mandatory policy violation", () => {
        if (result.status !== 0) throw new Error(`preview failed (exit ${result.status}):\n${result.output}`);
        expect(result.output).not.toMatch(/\[mandatory\]/);
    });

    it("takes no resource plugin from PATH (the toolchain installs them into the plugin cache)", () => {
        expect(result.output).not.toMatch(/using pulumi-resource-\S+ from \$PATH/);
    });

    it("creates everything (a first preview) and nothing else", () => {
        expect(result.steps.length).toBeGreaterThan(0);
        // KubeEdge nodes joining over SSH read CloudCore's token Secret (a `get`, shown as a read) — nothing else is
        // read.
        const reads = result.steps.filter((s) => s.op === "read");
        expect(reads.map(nameOf).filter((n) => !/-cloudcore-token$/.test(n))).toEqual([]);
        expect(new Set(result.steps.filter((s) => s.op !== "read").map((s) => s.op))).toEqual(new Set(["create"]));
    });

    it("declares one cluster component per cluster, on its substrate", () => {
        for (const c of spec.clusters) {
            const type = CLUSTER_TYPES[`${c.substrate}/${c.distribution}`];
            expect(
                result.steps.filter((s) => typeOf(s) === type && nameOf(s).includes(c.name)).length,
            ).toBeGreaterThanOrEqual(1);
        }
    });

    it("declares a resource for every SSH node (per-node diff in preview), a pool for every 200 simulated", () => {
        const names = result.steps.map(nameOf);
        const isSim = (cluster: string | undefined) =>
            spec.clusters.find((c) => c.name === cluster)?.substrate === "sim";
        const nodes = [
            ...spec.clusters.flatMap((c) =>
                c.substrate === "kind" || c.substrate === "k3d" || c.substrate === "sim"
                    ? []
                    : c.nodes.map((n) => n.name),
            ),
            ...(isSim(spec.kubeedge?.cloudCluster) ? [] : (spec.kubeedge?.nodes.map((n) => n.name) ?? [])),
        ];
        const missing = nodes.filter((n) => !names.some((x) => x.includes(n)));
        expect(missing).toEqual([]);
        // Simulated nodes are registered in pools (components/clusters/sim/node-pool.ts): one
        // resource per SIM_NODES_PER_POOL nodes of a cluster, its edge nodes included.
        for (const c of spec.clusters.filter((x) => x.substrate === "sim")) {
            const edge = spec.kubeedge?.cloudCluster === c.name ? spec.kubeedge.nodes.length : 0;
            const pools = chunkNodes(Array.from({ length: c.nodes.length + edge })).length;
            const declared = names.filter((n) => /-nodes-\d+$/.test(n) && n.startsWith(`${c.name}-nodes-`));
            expect(declared.sort()).toEqual(Array.from({ length: pools }, (_, i) => nodePoolName(c.name, i)).sort());
        }
    });

    it("installs Cilium in every Cilium cluster, and one ClusterMesh across the meshed ones", () => {
        const releases = result.steps.filter((s) =>
            s.urn.includes("continuum:index:Cilium$kubernetes:helm.sh/v3:Release::"),
        );
        expect(releases.length).toBe(spec.clusters.filter((c) => c.cilium).length);
        const meshes = result.steps.filter((s) => typeOf(s) === "continuum:index:ClusterMesh");
        expect(meshes.length).toBe(spec.clusters.filter((c) => c.mesh).length > 1 ? 1 : 0);
    });

    it("declares a RuntimeClass (or a patch of K3s's own) for every runtime used in a cluster", () => {
        const rcs = result.steps.filter((s) => /^kubernetes:node\.k8s\.io\/v1:RuntimeClass(Patch)?$/.test(typeOf(s)));
        const expected = spec.clusters.reduce((n, c) => {
            const used = new Set(c.nodes.flatMap((x) => x.runtimes));
            if (spec.kubeedge?.cloudCluster === c.name)
                spec.kubeedge.nodes.forEach((x) => x.runtimes.forEach((r) => used.add(r)));
            return n + used.size;
        }, 0);
        expect(rcs.length).toBe(expected);
    });

    it("plans each cluster's day 2: a snapshot copy per cluster with backup: (docs/day2.md)", () => {
        const copies = result.steps
            .filter((s) => nameOf(s).endsWith("-etcd-snapshot-copy"))
            .map(nameOf)
            .sort();
        const first = (c: ContinuumSpec["clusters"][number]) =>
            c.nodes.find((n) => n.roles.includes("server" as never))?.name;
        expect(copies).toEqual(
            spec.clusters
                .filter((c) => c.backup)
                .map((c) => `${c.name}-${first(c)}-etcd-snapshot-copy`)
                .sort(),
        );
    });
});
