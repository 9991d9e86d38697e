import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateStackFile } from "../../components/cli/validate";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "continuum-validate-"));
const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
};

describe("continuum validate", () => {
    it.each(readdirSync(join(root, "stacks")).filter((f) => f.endsWith(".yaml")))(
        "accepts the example stack %s",
        (file) => {
            const out = validateStackFile(join(root, "stacks", file));
            expect(out.stderr).toBe("");
            expect(out.code).toBe(0);
            expect(out.stdout).toMatch(/: valid\ncontinuum: \d+ clusters?, \d+ nodes/);
        },
    );

    it("summarises the lab on one screen", () => {
        const out = validateStackFile(join(root, "stacks", "Pulumi.lab.yaml"));
        expect(out.stdout.split("\n").length).toBeLessThan(25);
        expect(out.stdout).toContain(
            "cloud          cloud  kubeadm   sim        3 (+2 kubeedge)    " +
                "10.10.0.0/16     10.110.0.0/16    id 1 :32379",
        );
        expect(out.stdout).toContain("mesh:      cloud <-> edge-a <-> edge-b (Cilium ClusterMesh, shared CA)");
        expect(out.stdout).toContain("devices:   thermometer-field-1 (thermometer on ke-gateway-1)");
    });

    it("lists every error, one per line, and exits 1", () => {
        const file = write(
            "Pulumi.bad.yaml",
            `config:
  continuum:spec:
    clusters:
      - name: a
        tier: cloud
        distribution: kubeadm
        substrate: sim
        network: { podCidr: 10.42.0.0/16, serviceCidr: 10.43.0.0/16 }
        nodes: [{ name: cp, roles: [control-plane] }]
      - name: b
        tier: edge
        distribution: kubeadm
        substrate: k3d
        network: { podCidr: 10.42.0.0/16, serviceCidr: 10.44.0.0/16 }
        nodes: [{ name: s, roles: [server] }]
`,
        );
        const out = validateStackFile(file);
        expect(out.code).toBe(1);
        expect(out.stderr.trim().split("\n")).toEqual([
            `${file}: 4 problems in continuum:spec`,
            "clusters[1].network.podCidr: 10.42.0.0/16 overlaps clusters[0].network.podCidr " +
                "10.42.0.0/16 — give each cluster its own pod range",
            "clusters[1].distribution: substrate 'k3d' cannot run distribution " +
                "'kubeadm' — use distribution 'k3s' with substrate 'k3d'",
            "clusters[1].nodes[0].roles: role 'server' does not exist in kubeadm — use 'control-plane' or 'worker'",
            "clusters[1].nodes: cluster 'b' has no control-plane node — " +
                "give at least one node the role 'control-plane'",
        ]);
    });

    it("never prints a secure value", () => {
        const file = write(
            "Pulumi.secret.yaml",
            `encryptionsalt: v1:abc
config:
  continuum:spec:
    clusters:
      - name: a
        tier: cloud
        distribution: existing
        substrate: existing
        network: { podCidr: 10.42.0.0/16, serviceCidr: 10.43.0.0/16 }
        existing:
          kubeconfig:
            secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=
`,
        );
        const out = validateStackFile(file);
        expect(out.code).toBe(0);
        expect(out.stdout + out.stderr).not.toContain("c2VjcmV0");
    });

    it.each([
        [
            "not YAML",
            "config:\n  continuum:spec: [unclosed\n",
            /Pulumi\.x\.yaml:\d+:\d+: not valid YAML: .* — fix the syntax at this position/,
        ],
        [
            "not a stack file",
            "- just\n- a list\n",
            /Pulumi\.x\.yaml:1:1: not a Pulumi stack file: the top level must be a mapping with a `config:` key/,
        ],
        ["no config", "encryptionsalt: x\n", /Pulumi\.x\.yaml:1:1: not a Pulumi stack file: no `config:` mapping/],
        [
            "no continuum:spec key",
            "config:\n  aws:region: us-east-1\n  demo:spec: {}\n",
            new RegExp(
                /Pulumi\.x\.yaml:2:3: no `continuum:spec` /.source +
                    /key under config \(found demo:spec: the /.source +
                    /project is named continuum\) — describe /.source +
                    /the continuum under config.continuum:spec/.source,
            ),
        ],
    ])("%s: one message with file:line:col, exit 2", (_what, text, expected) => {
        const out = validateStackFile(write("Pulumi.x.yaml", text));
        expect(out.code).toBe(2);
        expect(out.stderr).toMatch(expected);
        expect(out.stderr.trim().split("\n")).toHaveLength(1);
    });

    it(
        "reads continuum:specFile as the program does: relative to the project " +
            "directory, stack config merged over it",
        () => {
            const project = mkdtempSync(join(tmpdir(), "continuum-project-"));
            writeFileSync(join(project, "Pulumi.yaml"), "name: continuum\nruntime: nodejs\n");
            mkdirSync(join(project, "stacks"));
            mkdirSync(join(project, "inventory"));
            const cluster = (pod: string) =>
                `clusters:\n  - name: a\n    tier: cloud\n    distribution: ` +
                `kubeadm\n    substrate: sim\n    network: { podCidr: ${pod}, serviceCidr: ` +
                `10.43.0.0/16 }\n    nodes: [{ name: cp, roles: [control-plane] }]\n`;
            writeFileSync(join(project, "inventory", "fleet.yaml"), cluster("10.42.0.0/16"));
            writeFileSync(join(project, "inventory", "bad.yaml"), cluster("10.43.0.0/16"));
            const stack = (file: string) => {
                const f = join(project, "stacks", `Pulumi.${file}.yaml`);
                writeFileSync(f, `config:\n  continuum:specFile: inventory/${file}.yaml\n`);
                return f;
            };
            const ok = validateStackFile(stack("fleet"));
            expect(ok.stderr).toBe("");
            expect(ok.code).toBe(0);
            expect(ok.stdout).toContain("continuum: 1 cluster, 1 nodes");
            const bad = validateStackFile(stack("bad"));
            expect(bad.code).toBe(1);
            expect(bad.stderr).toContain(
                "clusters[0].network.serviceCidr: 10.43.0.0/16 overlaps clusters[0].network.podCidr " +
                    "10.43.0.0/16 — pods and services of a cluster need separate ranges",
            );
            const missing = validateStackFile(stack("absent"));
            expect(missing.code).toBe(2);
            expect(missing.stderr).toMatch(
                new RegExp(
                    /Pulumi\.absent\.yaml: continuum:specFile /.source +
                        /is inventory\/absent\.yaml but .*inventory\/absent\.yaml /.source +
                        /cannot be read \(ENOENT\) — the path is /.source +
                        /relative to the Pulumi project directory/.source,
                ),
            );
            rmSync(project, { recursive: true, force: true });
        },
    );

    it("ssh.insecureIgnoreHostKey: valid, exit 0, a warning naming the risk", () => {
        const file = write(
            "Pulumi.insecure.yaml",
            `config:
  continuum:spec:
    ssh: { insecureIgnoreHostKey: true }
    clusters:
      - name: a
        tier: cloud
        distribution: kubeadm
        substrate: sim
        network: { podCidr: 10.42.0.0/16, serviceCidr: 10.43.0.0/16 }
        nodes: [{ name: cp, roles: [control-plane] }]
`,
        );
        const out = validateStackFile(file);
        expect(out.code).toBe(0);
        expect(out.stdout).toContain(": valid");
        expect(out.stderr).toMatch(
            new RegExp(
                /^.*Pulumi\.insecure\.yaml: warning: ssh\.insecureIgnoreHostKey: /.source +
                    /host keys are not checked: anyone who can /.source +
                    /intercept the connection .* can impersonate /.source +
                    /a node .* — pin every host key/.source,
            ),
        );
    });

    it("an alias bomb: exit 2 with file:line:col, no stack trace", () => {
        let text = "config:\n  continuum:spec:\n    a: &a [x, x, x, x, x, x, x, x, x]\n";
        for (let i = 0, prev = "a"; i < 8; prev = `b${i}`, i++)
            text += `    b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
        const out = validateStackFile(write("Pulumi.bomb.yaml", text));
        expect(out.code).toBe(2);
        expect(out.stderr).toMatch(
            new RegExp(
                /Pulumi\.bomb\.yaml:4:\d+: aliases expand /.source +
                    /beyond 100 copies \(an alias bomb\) — write /.source +
                    /the values out or use fewer aliases\n$/.source,
            ),
        );
    });

    it("a missing file exits 2", () => {
        const out = validateStackFile(join(dir, "nope.yaml"));
        expect(out.code).toBe(2);
        expect(out.stderr).toContain("nope.yaml: cannot read the file (ENOENT) — check the path");
    });

    it("runs as `npm run validate --` with the right exit codes", () => {
        const ok = execFileSync("npm", ["run", "--silent", "validate", "--", "stacks/Pulumi.lab.yaml"], {
            cwd: root,
            encoding: "utf8",
        });
        expect(ok).toContain("stacks/Pulumi.lab.yaml: valid");
        const bad = spawnSync("node", ["bin/continuum.js", "validate", write("Pulumi.y.yaml", "[")], {
            cwd: root,
            encoding: "utf8",
        });
        expect(bad.status).toBe(2);
        const usage = spawnSync("node", ["bin/continuum.js"], { cwd: root, encoding: "utf8" });
        expect(usage.status).toBe(2);
        expect(usage.stderr).toMatch(/usage: continuum[\s\S]*validate <stack file>/);
    });
});
