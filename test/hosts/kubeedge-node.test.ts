/**
 * A KubeEdge edge node joined over SSH on a disposable test host, with the real engine, the real
 * command provider and the product's own components (fixture `fixtures/kubeedge-node/`: the real
 * `KubeEdgeNode` with the arguments `kubeEdgeFromSpec` gives: its converge installs containerd, the
 * node's crun and then joins). keadm (and the edgecore it installs), containerd, the CNI plugins
 * and crun are stand-ins (fixtures/standins/keadm-standin*.sh) packed as upstream packs them and
 * pinned through the stack's `artifacts:` pins in `airgap.artifactDir`; CloudCore's endpoint is
 * this machine's address on the host's link (nothing listens: the stand-in keadm does not dial).
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { VERSION_TABLE } from "../../components/version-table";
import { diffSnapshots, logLines, snapshot, sshLogins } from "./harness/host-state";
import { errorDiagnostics, FixtureStack, stepOps } from "./harness/pulumi-stack";
import type { PulumiRun } from "./harness/pulumi-stack";
import { run } from "./harness/shell";
import { TestHostRun } from "./harness/test-hosts";
import { eventsWithoutSecretValues, secretLeaks, secretValues } from "./harness/secret-scan";

const FIXTURE = path.join(__dirname, "fixtures", "kubeedge-node");
const STANDINS = path.join(__dirname, "fixtures", "standins");
const KEADM_LOG = "/var/log/keadm-standin.log";
const NODE = "edge1";
const V = {
    keadm: VERSION_TABLE.hostArtifacts.keadm.version,
    containerd: VERSION_TABLE.hostArtifacts.containerd.version,
    cni: VERSION_TABLE.hostArtifacts.cniPlugins.version,
    crun: VERSION_TABLE.hostArtifacts.crun.version,
};

const digest = (alg: "sha256" | "sha512", file: string) => createHash(alg).update(readFileSync(file)).digest("hex");

function standIn(name: "keadm-standin.sh" | "keadm-standin-runtime.sh", to: string, version: string): void {
    const text = readFileSync(path.join(STANDINS, name), "utf8").replace(/@(KEADM_)?VERSION@/, version);
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, text, { mode: 0o755 });
}

async function tarGz(archive: string, dir: string, entries: string[]): Promise<void> {
    const r = await run(["tar", "-czf", archive, "--owner=0", "--group=0", "-C", dir, ...entries]);
    if (r.status !== 0) throw new Error(`tar ${archive}: ${r.stderr}`);
}

/**
 * The stand-ins in an airgap directory, packed as upstream packs them, with the stack's
 * `artifacts:` pins for them (file names say stand-in; digests of these files).
 */
async function standInArtifacts(dir: string): Promise<{ airgapDir: string; pins: Record<string, unknown> }> {
    const airgapDir = path.join(dir, "airgap");
    const work = path.join(dir, "standin-build");
    mkdirSync(airgapDir, { recursive: true });
    // keadm: keadm-v<v>-linux-amd64.tar.gz holding keadm-v<v>-linux-amd64/keadm/keadm.
    const keadmTop = `keadm-v${V.keadm}-linux-amd64`;
    standIn("keadm-standin.sh", path.join(work, "keadm", keadmTop, "keadm", "keadm"), V.keadm);
    const keadm = `keadm-standin-v${V.keadm}-linux-amd64.tar.gz`;
    await tarGz(path.join(airgapDir, keadm), path.join(work, "keadm"), [keadmTop]);
    // containerd: bin/* at the top.
    for (const bin of ["containerd", "ctr"])
        standIn("keadm-standin-runtime.sh", path.join(work, "containerd", "bin", bin), V.containerd);
    const containerd = `containerd-standin-${V.containerd}-linux-amd64.tar.gz`;
    await tarGz(path.join(airgapDir, containerd), path.join(work, "containerd"), ["bin"]);
    // CNI plugins: the plugins at the top.
    const plugins = ["bridge", "host-local", "loopback", "portmap"];
    for (const p of plugins) standIn("keadm-standin-runtime.sh", path.join(work, "cni", p), V.cni);
    const cni = `cni-plugins-standin-linux-amd64-v${V.cni}.tgz`;
    await tarGz(path.join(airgapDir, cni), path.join(work, "cni"), plugins);
    // crun: a bare file.
    const crun = `crun-standin-${V.crun}-linux-amd64`;
    standIn("keadm-standin-runtime.sh", path.join(work, crun), V.crun);
    copyFileSync(path.join(work, crun), path.join(airgapDir, crun));
    chmodSync(path.join(airgapDir, crun), 0o755);
    const at = (f: string) => path.join(airgapDir, f);
    return {
        airgapDir,
        pins: {
            keadm: { amd64: { fileName: keadm, sha512: digest("sha512", at(keadm)) } },
            containerd: { amd64: { fileName: containerd, sha256: digest("sha256", at(containerd)) } },
            cniPlugins: { amd64: { fileName: cni, sha256: digest("sha256", at(cni)) } },
            crun: { amd64: { fileName: crun, sha256: digest("sha256", at(crun)) } },
        },
    };
}

describe("a KubeEdge edge node over SSH on a test host (stand-in keadm, containerd, CNI plugins, crun)", () => {
    let hosts: TestHostRun;
    let stack: FixtureStack;
    let up: PulumiRun;
    let pristine: string[];
    let cloudCore: string;
    const token = `${randomBytes(16).toString("hex")}.${randomBytes(24).toString("base64url")}`;
    const tokenSha = createHash("sha256").update(token).digest("hex");

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add([{ name: NODE }]);
        const h = hosts.host(NODE);
        cloudCore = h.link.outer;
        // The host is a container: /proc/sys is read-only inside, so the sysctls a bridge CNI needs
        // are set from outside in its network namespace, as edge-runtime.sh's message tells a user.
        const sysctl = await run([
            "ip",
            "netns",
            "exec",
            h.link.netns,
            "sysctl",
            "-q",
            "-w",
            "net.ipv4.ip_forward=1",
            "net.bridge.bridge-nf-call-iptables=1",
            "net.bridge.bridge-nf-call-ip6tables=1",
        ]);
        if (sysctl.status !== 0)
            throw new Error(`setting the edge host's sysctls from outside failed: ${sysctl.stderr}`);
        const dir = path.join(hosts.dir, "stacks", "kubeedge-node");
        const art = await standInArtifacts(dir);
        stack = new FixtureStack(FIXTURE, "kubeedge", dir);
        await stack.init(
            {
                "continuum:spec": {
                    ssh: { user: "continuum", sudo: { mode: "nopasswd" }, timeoutSeconds: 120 },
                    airgap: { artifactDir: art.airgapDir },
                    artifacts: art.pins,
                    clusters: [
                        {
                            name: "cloud",
                            tier: "cloud",
                            distribution: "kubeadm",
                            substrate: "ssh",
                            network: { podCidr: "10.10.0.0/16", serviceCidr: "10.110.0.0/16" },
                            // The cloud cluster is never reached here (CloudCore is not deployed): its node is this
                            // machine.
                            nodes: [{ name: "cp", host: cloudCore, hostKey: h.hostKey, roles: ["control-plane"] }],
                        },
                    ],
                    kubeedge: {
                        cloudCluster: "cloud",
                        advertiseAddress: [cloudCore],
                        nodes: [
                            {
                                name: NODE,
                                host: h.address,
                                hostKey: h.hostKey,
                                runtimes: ["crun"],
                                labels: { "example.com/site": "lab-a" },
                            },
                        ],
                    },
                },
            },
            { "continuum:spec.ssh.privateKey": hosts.privateKey, "fixture:token": token },
        );
        pristine = await snapshot(hosts, NODE);
        up = await stack.up();
    }, 900_000);

    afterAll(() => hosts?.destroy());

    it(
        "pulumi up joins the node: keadm join with the pinned flags and labels, " +
            "the token not in its argv or environment",
        async () => {
            expect(errorDiagnostics(up.events)).toEqual([]);
            expect(up.status).toBe(0);
            console.log(`kubeedge node: first up ${up.seconds.toFixed(1)} s (${up.cpuSeconds.toFixed(1)} CPU s)`);
            const log = await logLines(hosts, NODE, KEADM_LOG);
            const joins = log.filter((l) => /\tcall=keadm join /.test(l));
            expect(joins).toHaveLength(1);
            const join = joins[0];
            expect(join).toContain(`--cloudcore-ipport=${cloudCore}:10000`);
            expect(join).toContain("--certport=10002");
            expect(join).toContain(`--edgenode-name=${NODE}`);
            expect(join).toContain(`--kubeedge-version=v${V.keadm}`);
            expect(join).toContain("--cgroupdriver=systemd");
            expect(join).toContain("--remote-runtime-endpoint=unix:///run/containerd/containerd.sock");
            expect(join).toContain(`modules.edgeStream.server=${cloudCore}:10004`);
            // The node's labels: the spec's, the tier and the cluster, and its runtime's: crun is
            // installed before the join (sorted, k=v,...).
            expect(log).toContainEqual(
                expect.stringMatching(
                    new RegExp(
                        /\tnote=join: labels=continuum\.dev\/cluster=cloud,continuum\.dev\/tier=edge,/.source +
                            /example\.com\/site=lab-a,runtime\.continuum\.dev\/crun=true$/.source,
                    ),
                ),
            );
            // The token is nowhere in keadm's argv, stdin or environment.
            expect(log.join("\n")).not.toContain(token);
            expect(join).not.toContain("--token");
            expect(join).toMatch(/\tstdin=\ttoken-env=$/);
            expect(log.some((l) => l.includes("note=join: --token"))).toBe(false);
        },
    );

    it(
        "the token reached edgecore through the 0600 bootstrap file only, " +
            "which is gone; edgecore is active with keadm's config",
        async () => {
            const log = await logLines(hosts, NODE, KEADM_LOG);
            expect(
                log.filter((l) => l.includes("note=edgecore: bootstrap token")).map((l) => l.replace(/^.*note=/, "")),
            ).toContain(`edgecore: bootstrap token sha256:${tokenSha} mode=600`);
            expect((await hosts.execOk(NODE, ["systemctl", "is-active", "edgecore"])).trim()).toBe("active");
            expect((await hosts.exec(NODE, ["test", "-e", "/etc/kubeedge/bootstrap-edgecore.conf"])).status).not.toBe(
                0,
            );
            const config = await hosts.execOk(NODE, ["cat", "/etc/kubeedge/config/edgecore.yaml"]);
            expect(config).toContain(`hostnameOverride: ${NODE}`);
            expect(config).toContain("continuum.dev/tier=edge");
            // The token is in no file of the host.
            const grep = await hosts.exec(NODE, [
                "grep",
                "-rlF",
                "--",
                token,
                "/etc",
                "/var/lib",
                "/usr/local",
                "/home",
                "/root",
                "/var/log",
                "/tmp",
                "/run",
            ]);
            expect(grep.stdout).toBe("");
            const keadm = await hosts.execOk(NODE, ["sha512sum", "/usr/local/bin/keadm"]);
            expect(keadm).toMatch(/^[0-9a-f]{128} /);
        },
    );

    it(
        "containerd (pinned archive) runs with the drop-in import; crun (pinned " +
            "binary) is installed and registered as a handler",
        async () => {
            expect((await hosts.execOk(NODE, ["systemctl", "is-active", "containerd"])).trim()).toBe("active");
            expect(await hosts.execOk(NODE, ["cat", "/etc/containerd/config.toml"])).toContain(
                'imports = ["/etc/containerd/conf.d/*.toml"]',
            );
            const dropin = await hosts.execOk(NODE, ["cat", "/etc/containerd/conf.d/continuum-runtimes.toml"]);
            expect(dropin).toMatch(/runtimes\.['"]?crun['"]?\]/);
            expect(dropin).toContain("/usr/local/bin/crun");
            expect((await hosts.execOk(NODE, ["/usr/local/bin/crun", "--version"])).trim()).toBe(
                `crun version ${V.crun} (stand-in)`,
            );
            const pinned = (stack.config()["continuum:spec"] as { artifacts: { crun: { amd64: { sha256: string } } } })
                .artifacts.crun.amd64.sha256;
            expect((await hosts.execOk(NODE, ["sha256sum", "/usr/local/bin/crun"])).split(" ")[0]).toBe(pinned);
            expect(await hosts.execOk(NODE, ["containerd", "config", "dump"])).toMatch(/runtimes\.['"]?crun['"]?\]/);
            expect(await hosts.execOk(NODE, ["cat", "/etc/cni/net.d/10-continuum-edge.conflist"])).toContain(
                '"subnet": "10.88.0.0/16"',
            );
        },
    );

    it(
        "no secret of the stack (token, SSH key, secret stdins) appears in " + "the stored state or the up's events",
        async () => {
            const secrets = secretValues(await stack.exportState(true));
            expect(secrets).toContain(token);
            const places = {
                "stored state": await stack.exportState(),
                "first up's events": eventsWithoutSecretValues(up.events),
                "stack outputs": JSON.stringify(await stack.outputs()),
            };
            expect(secretLeaks(secrets, places)).toEqual([]);
            for (const [place, text] of Object.entries(places))
                expect(`${place}: ${text.includes(token)}`).toBe(`${place}: false`);
        },
    );

    it("a second pulumi up changes nothing and runs no remote command", async () => {
        const logins = await sshLogins(hosts, NODE);
        const calls = (await logLines(hosts, NODE, KEADM_LOG)).length;
        const again = await stack.up(["--expect-no-changes"]);
        expect(errorDiagnostics(again.events)).toEqual([]);
        expect(again.status).toBe(0);
        expect(Object.keys(stepOps(again.events))).toEqual(["same"]);
        expect(await sshLogins(hosts, NODE)).toBe(logins);
        expect((await logLines(hosts, NODE, KEADM_LOG)).length).toBe(calls);
        console.log(`kubeedge node: second up ${again.seconds.toFixed(1)} s`);
    });

    it("removing the node from the program runs keadm reset and leaves the host as it was before", async () => {
        stack.updateConfig((c) => {
            (c["continuum:spec"] as { kubeedge: { nodes: unknown[] } }).kubeedge.nodes = [];
        });
        const removed = await stack.up();
        expect(errorDiagnostics(removed.events)).toEqual([]);
        expect(removed.status).toBe(0);
        expect(stepOps(removed.events).delete).toBeGreaterThan(0);
        const log = await logLines(hosts, NODE, KEADM_LOG);
        expect(log.filter((l) => /\tcall=keadm reset edge /.test(l))).toHaveLength(1);
        expect((await hosts.exec(NODE, ["systemctl", "is-active", "edgecore"])).stdout.trim()).not.toBe("active");
        expect((await hosts.exec(NODE, ["systemctl", "is-active", "containerd"])).stdout.trim()).not.toBe("active");
        console.log(`kubeedge node: removal up ${removed.seconds.toFixed(1)} s`);
        expect(diffSnapshots(pristine, await snapshot(hosts, NODE))).toEqual({ added: [], removed: [] });
    });
});
