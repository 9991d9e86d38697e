/**
 * `clusters[].fleet.pools` on a K3s cluster over SSH (hosts/fleet-pool.ts), under mocks: the agents
 * are converge pools, the servers keep one converge each; a pool's plain environment lists
 * `node=digest` and holds no secret, its stdin (secret) carries each node's converge as a node of
 * its own would; the pools wait for the last server and the node step waits for them. Membership
 * and digests: test/hosts-unit/fleet-pool.test.ts; the script: fleet-pool-script.test.ts.
 */
import { installMocks } from "../helpers/pulumi-mocks";
import { NODE_KUBECONFIG, SECRETS, sshSpec } from "../hosts-unit/ssh-fixtures";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

const mocks = installMocks((r) => {
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: "mock-token-result" };
    if (r.type !== "command:local:Command") return {};
    return { stdout: r.name.endsWith("-kubeconfig-run") ? NODE_KUBECONFIG : "ok" };
});

import { recordDependencies, transitiveDeps } from "../hosts-unit/dependencies";
import { isSecretInput, plain } from "../hosts-unit/recorded";
import { K3sCluster } from "../../components/clusters/k3s/k3s-cluster";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { poolIndex } from "../../components/hosts/fleet-pool-input";

const deps = recordDependencies();
const airgap = standInAirgap();
const AGENTS = ["edge-a-a1", "edge-a-a2"];

beforeAll(async () => {
    const k3s = new K3sCluster("edge-a", {
        spec: sshSpec("k3s", (raw) => {
            raw.airgap = { artifactDir: airgap.artifactDir };
            raw.clusters[0].fleet = { pools: 2, parallel: 3 };
        }),
        cluster: "edge-a",
    });
    await k3s.nodesDeclared;
    for (let i = 0; i < 8; i++) await mocks.settle();
});
afterAll(() => airgap.cleanup());

const commands = () => mocks.ofType("command:local:Command");
const pools = () => commands().filter((c) => /-agents-pool-\d+$/.test(c.name));
const env = (r: { inputs: Record<string, unknown> }) => plain<Record<string, string>>(r.inputs.environment);

/** A pool's stdin: the three key lines, then `name digest env undo stdin` per node. */
function poolNodes(stdin: string) {
    return stdin
        .split("\n")
        .slice(3)
        .filter((l) => l)
        .map((l) => {
            const [name, digest, , undo, input] = l.split("\t");
            const b = (s: string) => Buffer.from(s, "base64").toString("utf8");
            return { name, digest, undo: b(undo), stdin: b(input) };
        });
}

describe("K3s agents in converge pools", () => {
    test("agents are pools (by the name's hash), servers one converge each", () => {
        const names = commands().map((c) => c.name);
        for (const a of AGENTS) expect(names).not.toContain(`edge-a-${a}-converge`);
        for (const s of ["s1", "s2", "s3"]) expect(names).toContain(`edge-a-edge-a-${s}-converge`);
        const members = pools().map((p) => ({
            pool: p.name,
            nodes: env(p)
                .CONTINUUM_POOL_NODES.split("\n")
                .filter((l) => l)
                .map((l) => l.split("=")[0]),
        }));
        const expected = [0, 1]
            .map((i) => ({ pool: `edge-a-agents-pool-${i + 1}`, nodes: AGENTS.filter((a) => poolIndex(a, 2) === i) }))
            .filter((p) => p.nodes.length > 0);
        expect(members.sort((a, b) => a.pool.localeCompare(b.pool))).toEqual(expected);
        for (const p of pools()) {
            expect(env(p).CONTINUUM_POOLS).toBe("2");
            expect(env(p).CONTINUUM_POOL_PARALLEL).toBe("3");
            expect(p.inputs.create).toBe("bash components/hosts/scripts/fleet-pool.sh converge");
            expect(p.inputs.delete).toBe("bash components/hosts/scripts/fleet-pool.sh unconverge");
            expect(plain(p.inputs.addPreviousOutputInEnv)).toBe(true);
        }
    });

    test("the environment is plain and holds no secret; the stdin is secret and carries each node's converge", () => {
        for (const p of pools()) {
            expect(isSecretInput(p.inputs.environment)).toBe(false);
            expect(isSecretInput(p.inputs.stdin)).toBe(true);
            const text = JSON.stringify(env(p));
            for (const s of [SECRETS.privateKey, SECRETS.sudoPassword, "mock-token-result"]) {
                expect(text).not.toContain(s);
            }
            const listed = env(p).CONTINUUM_POOL_NODES;
            for (const n of poolNodes(plain<string>(p.inputs.stdin))) {
                expect(listed).toContain(`${n.name}=${n.digest}\n`);
                const input = parseConvergeInput(parseFleetSshStdin(n.stdin).convergeInput);
                expect(input.global.NODE_NAME).toBe(n.name);
                expect(Object.keys(input.steps)).toEqual(
                    expect.arrayContaining(["preflight-gate.sh", "k3s-install.sh", "k3s-upgrade.sh"]),
                );
                expect(input.steps["k3s-install.sh"].K3S_TOKEN).toBe("mock-token-result");
                // The undo input: the steps and their uninstalls, no parameter (no secret).
                const undo = parseConvergeInput(n.undo);
                expect(undo.global.UNINSTALLS).toContain("k3s-install.sh:k3s-uninstall.sh");
                expect(n.undo).not.toContain("mock-token-result");
            }
        }
    });

    test("the pools wait for the last server; the node step waits for the pools", () => {
        for (const p of pools()) {
            expect(transitiveDeps(deps, p.name).has("edge-a-edge-a-s3-converge")).toBe(true);
            expect(transitiveDeps(deps, "edge-a-nodes-run").has(p.name)).toBe(true);
        }
    });
});
