/**
 * `kubeedge.fleet.pools` under mocks (edge/kubeedge.ts, hosts/fleet-pool.ts): the edge nodes joined
 * over SSH are converge pools (by the name's hash), each node's converge in the pool's secret stdin
 * with the join token, none in its plain environment; the pools wait for CloudCore.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installMocks, valueOf } from "../helpers/pulumi-mocks";

const TOKEN = "0123456789abcdef.eyJhbGciOiJIUzI1NiJ9.SECRET-JOIN-TOKEN";

const mocks = installMocks((r) => {
    if (r.type === "kubernetes:helm.sh/v3:Release")
        return { status: { namespace: r.inputs.namespace, status: "deployed" } };
    if (r.type === "kubernetes:core/v1:Secret")
        return { data: { tokendata: Buffer.from(`${TOKEN}\n`).toString("base64") } };
    return {};
});

import { KubeEdge } from "../../components/edge/kubeedge";
import { hostConnection } from "../../components/hosts/connection";
import { sshSchema } from "../../components/spec/node";
import { parseConvergeInput } from "../../components/hosts/converge-params";
import { parseFleetSshStdin } from "../../components/hosts/fleet-ssh";
import { poolIndex } from "../../components/hosts/fleet-pool-input";
import { VERSION_TABLE } from "../../components/version-table";
import { sshKubeadmCloud, writeStandInArchives } from "./edge-fixtures";
import { recordDependencies, transitiveDeps } from "../hosts-unit/dependencies";
import { isSecretInput, plain } from "../hosts-unit/recorded";

const deps = recordDependencies();
const ssh = sshSchema.parse({
    user: "ops",
    privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nK\n-----END OPENSSH PRIVATE KEY-----",
});
const NAMES = ["ke-1", "ke-2", "ke-3", "ke-4", "ke-5"];

describe("KubeEdge edge nodes in converge pools", () => {
    const keadmFiles = VERSION_TABLE.hostArtifacts.keadm.files;
    const saved = keadmFiles.amd64!.sha256;
    const airgap = fs.mkdtempSync(path.join(os.tmpdir(), "ke-pool-artifacts-"));
    let ke: KubeEdge;

    beforeAll(async () => {
        keadmFiles.amd64!.sha256 = "a".repeat(64);
        writeStandInArchives(airgap, ["containerd", "cniPlugins", "keadm"]);
        const cloud = sshKubeadmCloud();
        ke = new KubeEdge("ke", {
            cloudCluster: cloud,
            nodes: NAMES.map((name, i) => ({
                name,
                connection: hostConnection(ssh, {
                    name,
                    host: `192.0.2.${101 + i}`,
                    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAATestHostKey",
                }),
            })),
            artifactDir: airgap,
            fleet: { pools: 2, parallel: 4 },
        });
        await valueOf(ke.cloudCore.token!);
        await ke.nodesDeclared;
        for (let i = 0; i < 6; i++) await mocks.settle();
    });
    afterAll(() => {
        keadmFiles.amd64!.sha256 = saved;
        fs.rmSync(airgap, { recursive: true });
    });

    const pools = () => mocks.ofType("command:local:Command").filter((r) => /^ke-edge-pool-\d$/.test(r.name));
    const env = (r: { inputs: Record<string, unknown> }) => plain<Record<string, string>>(r.inputs.environment);

    it("the edge nodes are pools by the name's hash; no per-node converge", () => {
        expect(mocks.ofType("command:local:Command").filter((r) => r.name.endsWith("-converge"))).toEqual([]);
        expect(Object.keys(ke.nodes)).toEqual([]);
        const listed = Object.fromEntries(
            pools().map((p) => [
                p.name,
                env(p)
                    .CONTINUUM_POOL_NODES.split("\n")
                    .filter((l) => l)
                    .map((l) => l.split("=")[0]),
            ]),
        );
        const expected: Record<string, string[]> = {};
        for (const n of NAMES) (expected[`ke-edge-pool-${poolIndex(n, 2) + 1}`] ??= []).push(n);
        expect(listed).toEqual(expected);
    });

    it("the join token is only in the secret stdin, each node's converge joining with keadm", () => {
        for (const p of pools()) {
            expect(isSecretInput(p.inputs.stdin)).toBe(true);
            expect(isSecretInput(p.inputs.environment)).toBe(false);
            expect(JSON.stringify(env(p))).not.toContain("SECRET-JOIN-TOKEN");
            const lines = plain<string>(p.inputs.stdin)
                .split("\n")
                .slice(3)
                .filter((l) => l);
            expect(lines.length).toBeGreaterThan(0);
            for (const line of lines) {
                const input = Buffer.from(line.split("\t")[4], "base64").toString("utf8");
                const steps = parseConvergeInput(parseFleetSshStdin(input).convergeInput).steps;
                expect(Object.keys(steps)).toEqual(expect.arrayContaining(["edge-runtime.sh", "keadm-join.sh"]));
                expect(JSON.stringify(steps["keadm-join.sh"])).toContain("SECRET-JOIN-TOKEN");
            }
        }
    });

    it("the pools wait for CloudCore", () => {
        for (const p of pools()) expect(transitiveDeps(deps, p.name).has("ke-cloudcore")).toBe(true);
    });
});
