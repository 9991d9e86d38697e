/**
 * `continuum validate --deployed FILE`: the quorum rule against the control planes a deployed
 * stack lists in its outputs (`pulumi stack output --json`), from the command line.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { validateStackFile } from "../../components/cli/validate";
import { deployedControlPlanes } from "../../components/day2/deployed";
import { testHostKey } from "../spec/fixtures";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "continuum-deployed-"));

/** A stack file with one K3s cluster over SSH whose servers are `servers`. */
function stackFile(servers: string[]): string {
    const file = join(dir, `Pulumi.s${servers.length}.yaml`);
    writeFileSync(
        file,
        stringify({
            config: {
                "continuum:spec": {
                    ssh: { user: "ops", privateKey: { secure: "v1:AAAA" } },
                    clusters: [
                        {
                            name: "edge",
                            tier: "edge",
                            distribution: "k3s",
                            substrate: "ssh",
                            network: { podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" },
                            nodes: servers.map((n, i) => ({
                                name: n,
                                roles: ["server"],
                                host: `192.0.2.${10 + i}`,
                                hostKey: testHostKey(n),
                            })),
                        },
                    ],
                },
            },
        }),
    );
    return file;
}

const outputs = {
    clusters: { edge: { tier: "edge", kubeconfig: "[secret]", controlPlanes: ["s1", "s2", "s3"] } },
    topology: {},
};

describe("continuum validate --deployed", () => {
    it("reads each cluster's controlPlanes from the stack outputs (all of them, or only clusters)", () => {
        expect(deployedControlPlanes(outputs, "d.json")).toEqual({ edge: ["s1", "s2", "s3"] });
        expect(deployedControlPlanes(outputs.clusters, "d.json")).toEqual({ edge: ["s1", "s2", "s3"] });
        expect(() => deployedControlPlanes({ clusters: { edge: { nodes: [] } } }, "d.json")).toThrow(
            "d.json lists no cluster's controlPlanes — write it with `pulumi stack output --json > FILE`",
        );
        expect(() => deployedControlPlanes([], "d.json")).toThrow("d.json is not a JSON object");
    });

    it("refuses removing two of three servers at once, with the steps; one of three passes", () => {
        const bad = validateStackFile(stackFile(["s1"]), { edge: ["s1", "s2", "s3"] });
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain("1 problem with the change from the deployed stack");
        expect(bad.stderr).toContain(
            "clusters[0].nodes: cluster 'edge': removing 2 of 3 control " +
                "planes at once (s2, s3) leaves 1 of 3 etcd members, fewer than the 2 etcd " +
                "needs for quorum while the change runs — do it in steps: 1) remove s2 and " +
                "run pulumi up; 2) remove s3 and run pulumi up",
        );
        const ok = validateStackFile(stackFile(["s2", "s3", "s4"]), { edge: ["s1", "s2", "s3"] });
        expect(ok.stderr).toBe("");
        expect(ok.code).toBe(0);
    });

    it("prints the deployed certificates' expiry, a warning (not an error) within warnDays", () => {
        const certificates = {
            clusters: { edge: { expires: "2027-12-04T22:11:22.000Z", warnDays: 30 } },
            meshCa: { expires: "2036-12-01T00:00:00.000Z", warnDays: 30 },
        };
        const now = new Date("2027-11-20T00:00:00Z");
        const file = stackFile(["s1", "s2", "s3"]);
        const r = validateStackFile(file, { edge: ["s1", "s2", "s3"] }, certificates, now);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(
            "Certificates (deployed)\n" +
                "  cluster edge  expires 2027-12-04 (14 days left)  WARN: within 30 days\n" +
                "  mesh CA       expires 2036-12-01 (3299 days left)\n",
        );
        expect(r.stderr).toContain(
            ": warning: cluster edge expires 2027-12-04 (14 days left, warning below 30 days): " +
                "raise certificates.rotate of cluster 'edge' and run pulumi up",
        );
        const later = validateStackFile(file, { edge: ["s1", "s2", "s3"] }, certificates, new Date("2027-01-01Z"));
        expect(later.stderr).toBe("");
        expect(later.stdout).toContain("cluster edge  expires 2027-12-04 (337 days left)\n");
        // A refused change still shows them.
        const bad = validateStackFile(stackFile(["s1"]), { edge: ["s1", "s2", "s3"] }, certificates, now);
        expect(bad.code).toBe(1);
        expect(bad.stdout).toContain("Certificates (deployed)");
    });

    it("from the command line", () => {
        const deployed = join(dir, "deployed.json");
        writeFileSync(deployed, JSON.stringify(outputs));
        const r = spawnSync("node", ["bin/continuum.js", "validate", stackFile(["s1"]), "--deployed", deployed], {
            cwd: root,
            encoding: "utf8",
        });
        expect(r.status).toBe(1);
        expect(r.stderr).toContain("removing 2 of 3 control planes at once");
        expect(r.stdout).not.toContain("Certificates");
        writeFileSync(
            deployed,
            JSON.stringify({ ...outputs, certificates: { clusters: { edge: { expires: "2000-01-01T00:00:00Z" } } } }),
        );
        const expired = spawnSync(
            "node",
            ["bin/continuum.js", "validate", stackFile(["s1", "s2"]), "--deployed", deployed],
            {
                cwd: root,
                encoding: "utf8",
            },
        );
        expect(expired.status).toBe(0);
        expect(expired.stdout).toMatch(
            /cluster edge {2}expires 2000-01-01 \(EXPIRED \d+ days ago\) {2}WARN: within 30 days/,
        );
        expect(expired.stderr).toContain("warning: cluster edge expires 2000-01-01");
        writeFileSync(deployed, "not json");
        const unreadable = spawnSync(
            "node",
            ["bin/continuum.js", "validate", stackFile(["s1"]), "--deployed", deployed],
            { cwd: root, encoding: "utf8" },
        );
        expect(unreadable.status).toBe(2);
        expect(unreadable.stderr).toMatch(
            new RegExp(
                /^continuum validate: cannot read .*deployed\.json /.source +
                    /as JSON \(.*\) — write it with `pulumi stack /.source +
                    /output --json > .*deployed\.json`\n$/.source,
            ),
        );
    });
});
